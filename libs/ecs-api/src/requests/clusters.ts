import { z } from 'zod';
import { cluster, names, paging, tags, text } from './common.js';

export const createClusterRequest = z.object({
  clusterName: text.optional(),
  tags: tags.optional(),
  settings: z.array(z.object({ name: text.optional(), value: text.optional() })).optional(),
});
export const describeClustersRequest = z.object({ clusters: names.optional(), include: names.optional() });
export const listClustersRequest = z.object({ ...paging });
export const deleteClusterRequest = z.object({ ...cluster });
