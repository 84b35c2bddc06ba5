import { z } from 'zod';
import { paging, tags, text } from './common.js';

/**
 * The definition itself is checked by the domain's validator (every member, with its path), so
 * only `tags` is taken apart here and the rest is handed on as given.
 */
export const registerTaskDefinitionRequest = z.looseObject({ tags: tags.optional() });
export const describeTaskDefinitionRequest = z.object({ taskDefinition: text.optional(), include: z.array(text).optional() });
export const listTaskDefinitionsRequest = z.object({ familyPrefix: text.optional(), status: text.optional(), sort: text.optional(), ...paging });
export const listTaskDefinitionFamiliesRequest = z.object({ familyPrefix: text.optional(), status: text.optional(), ...paging });
export const deregisterTaskDefinitionRequest = z.object({ taskDefinition: text.optional() });
