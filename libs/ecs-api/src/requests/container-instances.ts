import { z } from 'zod';
import { cluster, names, paging, text } from './common.js';

export const listContainerInstancesRequest = z.object({ ...cluster, filter: text.optional(), status: text.optional(), ...paging });
export const describeContainerInstancesRequest = z.object({ ...cluster, containerInstances: names.optional(), include: names.optional() });
export const updateContainerInstancesStateRequest = z.object({ ...cluster, containerInstances: names.optional(), status: text.optional() });
export const deregisterContainerInstanceRequest = z.object({ ...cluster, containerInstance: text.optional(), force: z.boolean().optional() });

export const attribute = z.object({ name: text.optional(), value: text.optional(), targetType: text.optional(), targetId: text.optional() });
export const putAttributesRequest = z.object({ ...cluster, attributes: z.array(attribute).optional() });
export const deleteAttributesRequest = putAttributesRequest;
export const listAttributesRequest = z.object({
  ...cluster,
  targetType: text.optional(),
  attributeName: text.optional(),
  attributeValue: text.optional(),
  ...paging,
});
