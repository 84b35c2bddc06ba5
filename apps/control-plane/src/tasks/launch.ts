import { createHash } from 'node:crypto';
import {
  EcsError,
  invalidParameter,
  applyContainerOverrides,
  taskReservation,
  validateContainerOverrides,
  type TaskContainerOverride,
  type Cluster,
  type TaskContainer,
  type TaskDefinition,
} from '@berth/domain';
import { plainFromWire, type wire } from '@berth/proto';
import type { PlacementConstraint, PlacementRequest, PlacementStrategy } from '@berth/scheduler';
import type { TaskLaunch } from './commit-placements.js';
import { staticPorts } from './placement-options.js';

/** Shared by RunTask and StartTask: what to launch, validated, before any placement. */
export function buildLaunch(
  cluster: Cluster,
  definition: TaskDefinition,
  req: { count: number; group: string; startedBy: string; overrides: wire.TaskOverride__Output | null },
  placement: { constraints: PlacementConstraint[]; strategies: PlacementStrategy[]; seed: number },
): TaskLaunch {
  if (definition.status === 'INACTIVE') throw new EcsError('ClientException', 'TaskDefinition is inactive');
  if (req.startedBy.length > 128) throw invalidParameter('startedBy can be at most 128 characters.');
  const group = req.group || `family:${definition.family}`;
  if (group.length > 255) throw invalidParameter('group can be at most 255 characters.');
  const overrides = validateContainerOverrides(definition, plainFromWire(req.overrides?.containerOverrides ?? []));
  const reservation = taskReservation(definition, overrides);
  const containers = containersFor(definition, overrides);
  const request: PlacementRequest = {
    count: req.count,
    cpu: reservation.cpu,
    memory: reservation.memory,
    ...staticPorts(definition),
    group,
    constraints: placement.constraints,
    strategies: placement.strategies,
    seed: placement.seed,
  };
  return { clusterName: cluster.name, definition, overrides, containers, startedBy: req.startedBy, request };
}

/** A new task's containers as the control plane tracks them: the definition with its overrides, nothing run yet. */
export function containersFor(definition: TaskDefinition, overrides: readonly TaskContainerOverride[]): TaskContainer[] {
  return applyContainerOverrides(definition, overrides).map((c) => ({
    name: c.name,
    image: c.image,
    essential: c.essential,
    cpu: c.cpu,
    ...(c.memory !== undefined ? { memory: c.memory } : {}),
    ...(c.memoryReservation !== undefined ? { memoryReservation: c.memoryReservation } : {}),
    lastStatus: 'NONE',
    networkBindings: [],
    healthStatus: 'UNKNOWN',
  }));
}

/** What makes two RunTask calls "the same request" for clientToken purposes. */
export function runTaskRequestHash(req: wire.RunTaskRequest__Output, definitionArn: string): string {
  const { clientToken: _token, cluster: _cluster, taskDefinition: _ref, ...rest } = req;
  return createHash('sha256').update(JSON.stringify({ definitionArn, ...(plainFromWire(rest) as object) })).digest('hex');
}

const tokenPattern = /^[\x20-\x7e]{1,64}$/;

export function checkClientToken(token: string): void {
  if (!tokenPattern.test(token)) throw invalidParameter('clientToken must be 1 to 64 printable ASCII characters.');
}
