import { z } from 'zod';
import { cluster, integer, names, paging, text } from './common.js';

export const updateClusterSettingsRequest = z.object({ ...cluster, settings: z.array(z.object({ name: text.optional(), value: text.optional() })).optional() });
export const createAccessKeyRequest = z.object({
  role: text.optional(),
  clusters: names.optional(),
  description: text.optional(),
  runTaskBurst: integer.optional(),
  runTaskPerSecond: z.number().optional(),
});
export const listAccessKeysRequest = z.object({ ...paging });
export const deleteAccessKeyRequest = z.object({ accessKeyId: text.optional() });
export const createJoinTokenRequest = z.object({ ...cluster, ttl: text.optional(), maxUses: integer.optional() });
export const listJoinTokensRequest = z.object({ ...cluster });
export const revokeJoinTokenRequest = z.object({ ...cluster, joinTokenId: text.optional() });
export const listAuditEventsRequest = z.object({ ...cluster, principal: text.optional(), since: text.optional(), ...paging });
