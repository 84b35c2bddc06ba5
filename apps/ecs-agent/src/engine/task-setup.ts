import { applyContainerOverrides, containerDefinition, type ContainerDefinition, type ContainerOverride, type TaskDefinitionInput } from '@berth/domain';
import { inspectionPatch, type TaskPlan } from './container-actions.js';
import type { EngineTaskStatus } from './rollup.js';
import type { ContainerInspection } from './runtime.js';
import { patchContainer, rolledUp, stopTask, type ContainerState, type TaskState } from './task-state.js';

/**
 * Pure set-up of a task manager: the desired task (with its overrides) becomes a plan and an
 * initial state; containers found on the host after a restart are folded in so nothing that runs
 * is started twice.
 */


export interface TaskOverrides {
  readonly containerOverrides?: readonly ContainerOverride[];
}

/** One task as the control plane wants it on this instance. */
export interface DesiredTask {
  readonly taskArn: string;
  readonly clusterArn: string;
  readonly desiredStatus: 'RUNNING' | 'STOPPED';
  readonly definition: TaskDefinitionInput & { readonly arn: string; readonly revision: number };
  readonly overrides?: TaskOverrides;
  /**
   * The status the control plane last accepted from this agent. After a restart it tells a task
   * whose containers vanished (was RUNNING) from one that simply was not started yet.
   */
  readonly lastStatus?: EngineTaskStatus;
  /**
   * What the containers take from the control plane's secret store, by container name (held in
   * memory only, never in the state file or a log): environment variables and registry credentials.
   */
  readonly secrets?: ReadonlyMap<string, ContainerSecrets>;
  /** A secret could not be had: the task fails to start with this reason. */
  readonly startError?: string;
}

export interface ContainerSecrets {
  readonly environment: readonly { readonly name: string; readonly value: string }[];
  readonly registryAuth?: { readonly username: string; readonly password: string };
}

/** A container found on the host (by its labels) when the agent starts. */
export interface RecoveredContainer {
  readonly containerName: string;
  readonly inspection: ContainerInspection;
  /** The instance it was started for (Berth's label); absent on containers from before the label. */
  readonly containerInstanceArn?: string;
}

export function planFor(task: DesiredTask, containerInstanceArn?: string): TaskPlan {
  const definitions = new Map(
    applyContainerOverrides(task.definition, task.overrides?.containerOverrides ?? []).map((d) => [d.name, withSecretEnvironment(d, task.secrets?.get(d.name))] as const),
  );
  return {
    taskArn: task.taskArn,
    clusterArn: task.clusterArn,
    ...(containerInstanceArn ? { containerInstanceArn } : {}),
    family: task.definition.family,
    revision: task.definition.revision,
    networkMode: task.definition.networkMode,
    ...(task.definition.pidMode ? { pidMode: task.definition.pidMode } : {}),
    ...(task.definition.ipcMode ? { ipcMode: task.definition.ipcMode } : {}),
    ...(task.definition.cpu !== undefined ? { taskCpu: task.definition.cpu } : {}),
    ...(task.definition.memory !== undefined ? { taskMemory: task.definition.memory } : {}),
    volumes: task.definition.volumes,
    definitions,
    ...registryAuthOf(task),
  };
}

function registryAuthOf(task: DesiredTask): Pick<TaskPlan, 'registryAuth'> {
  const auth = [...(task.secrets ?? [])].flatMap(([name, s]) => (s.registryAuth ? [[name, s.registryAuth] as const] : []));
  return auth.length > 0 ? { registryAuth: new Map(auth) } : {};
}

/** A secret's variable replaces a plain one of the same name, as the later of two `-e` does in Docker. */
function withSecretEnvironment(def: ContainerDefinition, secrets: ContainerSecrets | undefined): ContainerDefinition {
  if (!secrets || secrets.environment.length === 0) return def;
  const names = new Set(secrets.environment.map((e) => e.name));
  return { ...def, environment: [...def.environment.filter((e) => !names.has(e.name)), ...secrets.environment] };
}

export interface SetupOptions {
  readonly defaultStopTimeoutMs: number;
  readonly disableHealthCheck: boolean;
}

function freshContainer(def: ContainerDefinition, desired: 'RUNNING' | 'STOPPED', options: SetupOptions): ContainerState {
  return {
    name: def.name,
    essential: def.essential,
    dependsOn: def.dependsOn,
    links: def.links.map((l) => l.split(':')[0] ?? l),
    volumesFrom: def.volumesFrom.map((v) => v.sourceContainer),
    hasHealthCheck: def.healthCheck !== undefined && !options.disableHealthCheck,
    ...(def.startTimeout !== undefined ? { startTimeoutMs: def.startTimeout * 1000 } : {}),
    stopTimeoutSeconds: def.stopTimeout ?? Math.max(1, Math.ceil(options.defaultStopTimeoutMs / 1000)),
    knownStatus: 'NONE',
    desiredStatus: desired,
    health: 'UNKNOWN',
    networkBindings: [],
  };
}

/** Folds what Docker says about an existing container into its state (running → RUNNING, exited → STOPPED). */
function adopt(task: TaskState, name: string, found: RecoveredContainer, now: number): TaskState {
  const c = task.containers.find((x) => x.name === name);
  if (!c) return task;
  const seen = found.inspection;
  const patch = inspectionPatch(seen, c.hasHealthCheck);
  const bindings = seen.ports.map((p) => ({ bindIP: p.hostIp || '0.0.0.0', containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol }));
  return patchContainer(task, name, { knownStatus: 'CREATED', ...patch, runtimeId: seen.id, networkBindings: bindings }, now);
}

export function initialTaskState(
  task: DesiredTask,
  plan: TaskPlan,
  recovered: readonly RecoveredContainer[],
  options: SetupOptions,
  now: number,
): TaskState {
  // Start from RUNNING so re-adopted containers roll the task up to what Docker says; stop after.
  let state: TaskState = {
    taskArn: task.taskArn,
    desiredStatus: 'RUNNING',
    knownStatus: 'NONE',
    containers: [...plan.definitions.values()].map((d) => freshContainer(d, 'RUNNING', options)),
  };
  for (const found of recovered) state = adopt(state, found.containerName, found, now);
  if (task.startError !== undefined && recovered.length === 0 && task.desiredStatus === 'RUNNING') {
    for (const c of state.containers) state = patchContainer(state, c.name, { knownStatus: 'STOPPED', reason: task.startError }, now);
    return stopTask(state, now, 'TaskFailedToStart', task.startError);
  }
  if (task.lastStatus === 'RUNNING') {
    for (const c of state.containers) {
      if (c.runtimeId !== undefined || c.knownStatus === 'STOPPED') continue;
      const reason = `ContainerVanishedError: container '${c.name}' is gone from Docker`;
      state = patchContainer(state, c.name, { knownStatus: 'STOPPED', reason }, now);
      if (c.essential) state = stopTask(state, now, 'EssentialContainerExited', reason);
    }
  }
  return task.desiredStatus === 'STOPPED' ? stopTask(state, now) : rolledUp(state, now);
}

/** Containers of a task the control plane no longer knows: they are only stopped and reported. */
export function orphanTaskState(taskArn: string, recovered: readonly RecoveredContainer[], options: SetupOptions, now: number): TaskState {
  let state: TaskState = {
    taskArn,
    desiredStatus: 'RUNNING',
    knownStatus: 'NONE',
    containers: recovered.map((r) => ({
      ...freshContainer(containerDefinition({ name: r.containerName }), 'RUNNING', options),
      hasHealthCheck: r.inspection.health !== 'NONE',
    })),
  };
  for (const found of recovered) state = adopt(state, found.containerName, found, now);
  return stopTask(state, now, undefined, 'Task is no longer known to the control plane');
}

