import { randomUUID } from 'node:crypto';
import { containerDefinition, type ContainerDefinition } from '@berth/domain';
import type { EngineConfig } from './engine-config.js';
import type { DesiredTask } from './task-setup.js';
import type { ContainerState, TaskState } from './task-state.js';

/** Builders for engine tests: a valid object with only the interesting fields spelled out. */

export function containerDef(overrides: Partial<ContainerDefinition> & { readonly name: string }): ContainerDefinition {
  return containerDefinition({ image: 'berth/busybox:latest', memory: 64, ...overrides });
}

export function container(overrides: Partial<ContainerState> & { readonly name: string }): ContainerState {
  return {
    essential: true,
    dependsOn: [],
    links: [],
    volumesFrom: [],
    hasHealthCheck: false,
    stopTimeoutSeconds: 30,
    knownStatus: 'NONE',
    desiredStatus: 'RUNNING',
    health: 'UNKNOWN',
    networkBindings: [],
    ...overrides,
  };
}

export function task(containers: readonly ContainerState[], overrides: Partial<TaskState> = {}): TaskState {
  return { taskArn: 'arn:aws:ecs:local:000000000000:task/default/0123456789abcdef0123456789abcdef', desiredStatus: 'RUNNING', knownStatus: 'PENDING', containers, ...overrides };
}

/** A fresh task ARN (32 hex id) per call, so tests never collide on container names. */
export function newTaskArn(cluster = 'default'): string {
  return `arn:aws:ecs:local:000000000000:task/${cluster}/${randomUUID().replaceAll('-', '')}`;
}

export function desiredTask(
  containers: readonly ContainerDefinition[],
  overrides: Partial<Omit<DesiredTask, 'definition'>> & { readonly definition?: Partial<DesiredTask['definition']> } = {},
): DesiredTask {
  const { definition, ...rest } = overrides;
  return {
    taskArn: newTaskArn(),
    clusterArn: 'arn:aws:ecs:local:000000000000:cluster/default',
    desiredStatus: 'RUNNING',
    ...rest,
    definition: {
      arn: 'arn:aws:ecs:local:000000000000:task-definition/berth-test:1',
      family: 'berth-test',
      revision: 1,
      containerDefinitions: containers,
      networkMode: 'bridge',
      volumes: [],
      placementConstraints: [],
      requiresCompatibilities: [],
      ...definition,
    },
  };
}

export const testEngineConfig: EngineConfig = {
  containerStopTimeoutMs: 2_000,
  containerStartTimeoutMs: 45_000,
  containerCreateTimeoutMs: 60_000,
  imagePullBehavior: 'prefer-cached',
  imagePullTimeoutMs: 20_000,
  taskCleanupWaitMs: 0,
  dynamicHostPortRange: { start: 41000, end: 41999 },
  reservedPorts: [22, 2375, 2376, 51678, 51679],
  reservedPortsUdp: [],
  disablePrivileged: false,
  disableDockerHealthCheck: false,
};
