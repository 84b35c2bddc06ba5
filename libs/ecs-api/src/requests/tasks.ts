import { z } from 'zod';
import { cluster, integer, names, paging, placementConstraint, placementStrategy, tags, text } from './common.js';

/** Container overrides are checked against the task definition by the domain's validator. */
export const taskOverride = z.object({ containerOverrides: z.array(z.record(z.string(), z.unknown())).optional() });

export const runTaskRequest = z.object({
  ...cluster,
  taskDefinition: text.optional(),
  count: integer.optional(),
  group: text.optional(),
  startedBy: text.optional(),
  overrides: taskOverride.optional(),
  placementConstraints: z.array(placementConstraint).optional(),
  placementStrategy: z.array(placementStrategy).optional(),
  clientToken: text.optional(),
  tags: tags.optional(),
});
export const startTaskRequest = z.object({
  ...cluster,
  taskDefinition: text.optional(),
  containerInstances: names.optional(),
  group: text.optional(),
  startedBy: text.optional(),
  overrides: taskOverride.optional(),
  tags: tags.optional(),
});
export const stopTaskRequest = z.object({ ...cluster, task: text.optional(), reason: text.optional() });
export const describeTasksRequest = z.object({ ...cluster, tasks: names.optional(), include: names.optional() });
export const listTasksRequest = z.object({
  ...cluster,
  containerInstance: text.optional(),
  family: text.optional(),
  startedBy: text.optional(),
  serviceName: text.optional(),
  desiredStatus: text.optional(),
  ...paging,
});
/** Berth's own: a container's output, streamed from the agent that runs it. */
export const getContainerLogsRequest = z.object({
  ...cluster,
  task: text.optional(),
  containerName: text.optional(),
  follow: z.boolean().optional(),
  /** Unix seconds; absent or 0 means from the start. */
  since: integer.optional(),
  /** Last lines only; absent or 0 means all. */
  tail: integer.optional(),
});
