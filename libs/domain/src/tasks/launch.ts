import { EcsError, invalidParameter } from '../errors.js';
import type { TaskDefinition } from './task-definition.js';
import type { Task, TaskContainer, TaskContainerOverride } from './task-entity.js';
import { applyContainerOverrides } from './validation/overrides.js';
import { staticHostPorts, taskReservation } from './validation/reservation.js';

/** What one task of a launch holds on its instance. */
export interface TaskReservation {
  readonly cpu: number;
  readonly memory: number;
  readonly ports: readonly number[];
  readonly portsUdp: readonly number[];
}

/**
 * What every task of one launch shares — a RunTask or StartTask call, or a service's starts of
 * one deployment: the definition, validated overrides, who started them and their group.
 */
export interface LaunchSpec {
  readonly clusterName: string;
  readonly definition: TaskDefinition;
  readonly overrides: readonly TaskContainerOverride[];
  readonly startedBy: string;
  /** `family:<family>` by default, `service:<name>` for a service's tasks. */
  readonly group: string;
  readonly reservation: TaskReservation;
}

export const MAX_STARTED_BY = 128;
export const MAX_GROUP = 255;

/** Checks what ECS checks before placing anything and fills in the defaults. */
export function launchSpec(input: {
  clusterName: string;
  definition: TaskDefinition;
  overrides?: readonly TaskContainerOverride[];
  startedBy?: string;
  group?: string;
}): LaunchSpec {
  const { definition } = input;
  if (definition.status === 'INACTIVE') throw new EcsError('ClientException', 'TaskDefinition is inactive');
  const startedBy = input.startedBy ?? '';
  if (startedBy.length > MAX_STARTED_BY) throw invalidParameter(`startedBy can be at most ${MAX_STARTED_BY} characters.`);
  const group = input.group || `family:${definition.family}`;
  if (group.length > MAX_GROUP) throw invalidParameter(`group can be at most ${MAX_GROUP} characters.`);
  const overrides = input.overrides ?? [];
  return {
    clusterName: input.clusterName,
    definition,
    overrides,
    startedBy,
    group,
    reservation: { ...taskReservation(definition, overrides), ...staticHostPorts(definition) },
  };
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

/** A task placed on an instance: desired RUNNING, last PROVISIONING until its agent reports. */
export function newTask(spec: LaunchSpec, placed: { id: string; arn: string; containerInstanceId: string; now: Date }): Task {
  return {
    id: placed.id,
    arn: placed.arn,
    clusterName: spec.clusterName,
    containerInstanceId: placed.containerInstanceId,
    taskDefinitionArn: spec.definition.arn,
    family: spec.definition.family,
    revision: spec.definition.revision,
    desiredStatus: 'RUNNING',
    lastStatus: 'PROVISIONING',
    startedBy: spec.startedBy,
    group: spec.group,
    overrides: spec.overrides,
    cpu: spec.reservation.cpu,
    memory: spec.reservation.memory,
    reservedPorts: spec.reservation.ports,
    reservedPortsUdp: spec.reservation.portsUdp,
    containers: containersFor(spec.definition, spec.overrides),
    healthStatus: 'UNKNOWN',
    createdAt: placed.now,
    version: 1,
  };
}
