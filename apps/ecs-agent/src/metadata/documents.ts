import { clusterNameFrom, type ContainerDefinition } from '@berth/domain';
import type { TaskPlan } from '../engine/container-actions.js';
import { containerDockerName, taskIdFrom } from '../engine/container-spec.js';
import { Labels } from '../engine/runtime.js';
import type { ContainerState, TaskState } from '../engine/task-state.js';

/**
 * The task metadata endpoint's documents (version 4), in the ECS agent's JSON shape, built from the
 * engine's view of a task plus what Docker says about each container right now. Pure: every field
 * is table-tested.
 */

/** One task as the engine knows it: its plan (what should run) and its state (what does). */
export interface TaskView {
  readonly plan: TaskPlan;
  readonly state: TaskState;
}

/** What only a live `docker inspect` knows. */
export interface LiveContainer {
  readonly dockerId: string;
  readonly imageId: string;
  readonly createdAt?: string;
  readonly networks: readonly { readonly NetworkMode: string; readonly IPv4Addresses: readonly string[] }[];
}

export type Json = Record<string, unknown>;

const timeField = (name: string, epochMs: number | undefined): Json => (epochMs === undefined ? {} : { [name]: new Date(epochMs).toISOString() });

/** The fields of a raw `docker inspect` the documents use; anything missing is left out. */
export function liveContainerOf(inspect: unknown): LiveContainer | undefined {
  const raw = inspect as { Id?: unknown; Image?: unknown; Created?: unknown; NetworkSettings?: { Networks?: Record<string, { IPAddress?: unknown }> } } | undefined;
  if (!raw || typeof raw.Id !== 'string') return undefined;
  const networks = Object.entries(raw.NetworkSettings?.Networks ?? {}).map(([mode, n]) => ({
    NetworkMode: mode,
    IPv4Addresses: typeof n?.IPAddress === 'string' && n.IPAddress !== '' ? [n.IPAddress] : [],
  }));
  return {
    dockerId: raw.Id,
    imageId: typeof raw.Image === 'string' ? raw.Image : '',
    ...(typeof raw.Created === 'string' ? { createdAt: raw.Created } : {}),
    networks,
  };
}

export function containerDocument(task: TaskView, container: ContainerState, live: LiveContainer | undefined): Json {
  const { plan } = task;
  const def: ContainerDefinition | undefined = plan.definitions.get(container.name);
  const dockerId = live?.dockerId ?? container.runtimeId;
  return {
    ...(dockerId ? { DockerId: dockerId } : {}),
    Name: container.name,
    DockerName: containerDockerName(plan.family, plan.revision, container.name, taskIdFrom(plan.taskArn)),
    Image: def?.image ?? '',
    ImageID: live?.imageId ?? container.imageDigest ?? '',
    ...(container.networkBindings.length > 0
      ? {
          Ports: container.networkBindings.map((b) => ({
            ContainerPort: b.containerPort,
            Protocol: b.protocol,
            HostPort: b.hostPort,
            ...(b.bindIP ? { HostIp: b.bindIP } : {}),
          })),
        }
      : {}),
    Labels: {
      [Labels.cluster]: clusterNameFrom(plan.clusterArn),
      [Labels.containerName]: container.name,
      [Labels.taskArn]: plan.taskArn,
      [Labels.family]: plan.family,
      [Labels.version]: String(plan.revision),
      ...(def?.dockerLabels ?? {}),
    },
    DesiredStatus: container.desiredStatus,
    KnownStatus: container.knownStatus,
    ...(container.exitCode !== undefined && container.knownStatus === 'STOPPED' ? { ExitCode: container.exitCode } : {}),
    Limits: { CPU: def?.cpu ?? 0, ...(def?.memory !== undefined ? { Memory: def.memory } : {}) },
    ...(live?.createdAt ? { CreatedAt: live.createdAt } : timeField('CreatedAt', container.createdAt)),
    ...timeField('StartedAt', container.startedAt),
    ...timeField('FinishedAt', container.finishedAt),
    Type: 'NORMAL',
    ...(def?.logConfiguration ? { LogDriver: def.logConfiguration.logDriver, LogOptions: def.logConfiguration.options } : {}),
    ...(container.hasHealthCheck ? { Health: { status: container.health } } : {}),
    Networks: live?.networks ?? [{ NetworkMode: plan.networkMode, IPv4Addresses: [] }],
  };
}

export function taskDocument(task: TaskView, live: ReadonlyMap<string, LiveContainer>): Json {
  const { plan, state } = task;
  return {
    Cluster: clusterNameFrom(plan.clusterArn),
    TaskARN: plan.taskArn,
    Family: plan.family,
    Revision: String(plan.revision),
    DesiredStatus: state.desiredStatus,
    KnownStatus: state.knownStatus,
    ...(plan.taskCpu !== undefined || plan.taskMemory !== undefined
      ? { Limits: { ...(plan.taskCpu !== undefined ? { CPU: plan.taskCpu / 1024 } : {}), ...(plan.taskMemory !== undefined ? { Memory: plan.taskMemory } : {}) } }
      : {}),
    ...timeField('PullStartedAt', state.pullStartedAt),
    ...timeField('PullStoppedAt', state.pullStoppedAt),
    ...timeField('ExecutionStoppedAt', state.executionStoppedAt),
    LaunchType: 'EC2',
    Containers: state.containers.map((c) => containerDocument(task, c, live.get(c.name))),
  };
}
