import { engineAuthFor, type ContainerDefinition, type IpcMode, type NetworkBinding, type NetworkMode, type PidMode, type Volume } from '@berth/domain';
import type { EngineConfig } from './engine-config.js';
import { buildCreateSpec, dynamicPortKeys, volumesToCreate } from './container-spec.js';
import { CannotPullError, type ImagePuller } from './image-pull.js';
import type { PortAllocator } from './ports.js';
import { withTimeout, type ContainerInspection, type ContainerRuntime, type RegistryCredentials } from './runtime.js';
import type { ContainerPatch, ContainerState } from './task-state.js';
import type { TargetStatus } from './transitions.js';

/**
 * The runtime calls behind each container transition, in a table keyed by target status (style
 * rule 9, after the ECS agent's `transitionFunctionMap`). Each returns what it learned as a patch;
 * a thrown error's message becomes the container's reason (see `reasonFor`).
 */

/** What the manager knows about the task that lets it move containers forward. */
export interface TaskPlan {
  readonly taskArn: string;
  readonly clusterArn: string;
  readonly containerInstanceArn?: string;
  readonly family: string;
  readonly revision: number;
  readonly networkMode: NetworkMode;
  readonly pidMode?: PidMode;
  readonly ipcMode?: IpcMode;
  /** Task-level CPU units and memory MiB, when the definition sets them (the metadata endpoint's task Limits). */
  readonly taskCpu?: number;
  readonly taskMemory?: number;
  readonly volumes: readonly Volume[];
  readonly definitions: ReadonlyMap<string, ContainerDefinition>;
  /** Per container: the registry credentials its repositoryCredentials resolved to (memory only). */
  readonly registryAuth?: ReadonlyMap<string, RegistryCredentials>;
}

export interface ActionContext {
  readonly runtime: ContainerRuntime;
  readonly puller: ImagePuller;
  readonly ports: PortAllocator;
  readonly config: EngineConfig;
  readonly bindHost: string;
  readonly now: () => number;
  /** The task metadata endpoint's variables for a container (ECS_CONTAINER_METADATA_URI_V4 …), when the agent serves it. */
  readonly metadataEnv?: (taskArn: string, containerName: string) => readonly string[];
  /** Undefined for containers found on the host that the control plane no longer knows: they can only stop. */
  readonly plan: TaskPlan | undefined;
  /** Host ports this task holds; released when it stops. */
  readonly heldPorts: number[];
  /** Task volumes are created once, before the first container. */
  volumes?: Promise<void>;
}

export type Action = (c: ContainerState, ctx: ActionContext, signal: AbortSignal) => Promise<ContainerPatch>;

function definitionOf(c: ContainerState, ctx: ActionContext): { plan: TaskPlan; def: ContainerDefinition } {
  const def = ctx.plan?.definitions.get(c.name);
  if (!ctx.plan || !def) throw new Error(`the agent no longer has the definition of container '${c.name}'`);
  return { plan: ctx.plan, def };
}

/** A failed transition that still learned something worth reporting (e.g. when a failed pull ran). */
export class ActionFailure extends Error {
  constructor(
    message: string,
    readonly patch: ContainerPatch,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ActionFailure';
  }
}

const pull: Action = async (c, ctx, signal) => {
  const { plan, def } = definitionOf(c, ctx);
  try {
    // repositoryCredentials win over the agent's own ECS_ENGINE_AUTH_DATA, as in ECS.
    const auth = plan.registryAuth?.get(c.name) ?? engineAuthFor(ctx.config.engineAuth, def.image);
    return { knownStatus: 'PULLED', ...(await ctx.puller.ensure(def.image, signal, auth)) };
  } catch (error) {
    if (!(error instanceof CannotPullError)) throw error;
    throw new ActionFailure(error.message, { pullStartedAt: error.pullStartedAt, pullStoppedAt: error.pullStoppedAt }, { cause: error });
  }
};

const create: Action = async (c, ctx, signal) => {
  const { plan, def } = definitionOf(c, ctx);
  ctx.volumes ??= Promise.all(volumesToCreate(plan.taskArn, plan.volumes).map((v) => ctx.runtime.createVolume(v, signal))).then(() => undefined);
  await ctx.volumes;

  const keys = dynamicPortKeys(def, plan.networkMode);
  const protocols = keys.map((k) => (k.endsWith('/udp') ? 'udp' : 'tcp') as 'tcp' | 'udp');
  const chosen = await ctx.ports.allocate(protocols, signal);
  ctx.heldPorts.push(...chosen);
  const statics = def.portMappings.filter((m) => m.hostPort > 0).map((m) => m.hostPort);
  ctx.ports.hold(statics);
  ctx.heldPorts.push(...statics);

  const built = buildCreateSpec(def, {
    ...plan,
    bindHost: ctx.bindHost,
    dynamicPorts: new Map(keys.map((k, i) => [k, chosen[i]!])),
    disablePrivileged: ctx.config.disablePrivileged,
    disableHealthCheck: ctx.config.disableDockerHealthCheck,
    ...(ctx.metadataEnv ? { metadataEnv: ctx.metadataEnv(plan.taskArn, def.name) } : {}),
  });
  if (!built.ok) throw new Error(built.reason);
  const budget = withTimeout(signal, ctx.config.containerCreateTimeoutMs);
  const runtimeId = await timed('ECS_CONTAINER_CREATE_TIMEOUT', budget, signal, async () => {
    try {
      return await ctx.runtime.createContainer(built.spec, budget);
    } catch (error) {
      // A leftover with this task's deterministic name (a crash between create and report) is ours to replace.
      if (!/already in use|Conflict/i.test((error as Error).message)) throw error;
      await ctx.runtime.removeContainer(built.spec.name, budget);
      return ctx.runtime.createContainer(built.spec, budget);
    }
  });
  return { knownStatus: 'CREATED', runtimeId };
};

const start: Action = async (c, ctx, signal) => {
  const id = c.runtimeId;
  if (!id) throw new Error(`container '${c.name}' was never created`);
  const budget = withTimeout(signal, ctx.config.containerStartTimeoutMs);
  await timed('ECS_CONTAINER_START_TIMEOUT', budget, signal, () => ctx.runtime.startContainer(id, budget));
  const seen = await ctx.runtime.inspectContainer(id, budget);
  if (!seen) return { knownStatus: 'STOPPED', reason: `ContainerVanishedError: container '${c.name}' disappeared right after it started` };
  return { ...inspectionPatch(seen, c.hasHealthCheck), networkBindings: bindingsOf(seen, c, ctx) };
};

const stop: Action = async (c, ctx, signal) => {
  const id = c.runtimeId;
  if (!id || c.knownStatus === 'NONE' || c.knownStatus === 'PULLED') return { knownStatus: 'STOPPED' };
  // Docker's own stop budget plus slack for the call itself.
  const budget = withTimeout(signal, (c.stopTimeoutSeconds + 30) * 1000);
  try {
    await ctx.runtime.stopContainer(id, c.stopTimeoutSeconds, budget);
  } catch (error) {
    const seen = await ctx.runtime.inspectContainer(id, budget);
    if (seen?.running) throw error;
  }
  const seen = await ctx.runtime.inspectContainer(id, budget);
  if (!seen) return { knownStatus: 'STOPPED' };
  return { ...inspectionPatch(seen, c.hasHealthCheck), knownStatus: 'STOPPED' };
};

export const containerActions: Readonly<Record<TargetStatus, Action>> = { PULLED: pull, CREATED: create, RUNNING: start, STOPPED: stop };

/** What an inspection says about a container's status, exit code, times and health. */
export function inspectionPatch(seen: ContainerInspection, hasHealthCheck: boolean): ContainerPatch {
  const health = !hasHealthCheck ? 'UNKNOWN' : seen.health === 'HEALTHY' ? 'HEALTHY' : seen.health === 'UNHEALTHY' ? 'UNHEALTHY' : 'UNKNOWN';
  const started = seen.startedAt?.getTime();
  if (seen.running) return { knownStatus: 'RUNNING', startedAt: started, health, imageDigest: seen.imageId };
  if (started === undefined) return { imageDigest: seen.imageId, ...(seen.error ? { reason: seen.error } : {}) };
  return {
    knownStatus: 'STOPPED',
    startedAt: started,
    finishedAt: seen.finishedAt?.getTime(),
    exitCode: seen.exitCode,
    health,
    imageDigest: seen.imageId,
  };
}

/** Bindings as Docker made them (dynamic ports included); host networking binds the container ports themselves. */
export function bindingsOf(seen: ContainerInspection, c: ContainerState, ctx: ActionContext): NetworkBinding[] {
  if (ctx.plan?.networkMode === 'host') {
    const def = ctx.plan.definitions.get(c.name);
    return (def?.portMappings ?? []).map((m) => ({ bindIP: '0.0.0.0', containerPort: m.containerPort, hostPort: m.containerPort, protocol: m.protocol }));
  }
  return seen.ports.map((p) => ({ bindIP: p.hostIp || '0.0.0.0', containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol }));
}

const errorNamePrefix = /^[A-Z][A-Za-z]*Error: /;
const prefixes: Readonly<Record<TargetStatus, string>> = {
  PULLED: 'CannotPullContainerError',
  CREATED: 'CannotCreateContainerError',
  RUNNING: 'CannotStartContainerError',
  STOPPED: 'CannotStopContainerError',
};

/** ECS reasons read `<ErrorName>: <detail>`; Docker's message is the detail. */
export function reasonFor(to: TargetStatus, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return errorNamePrefix.test(message) ? message : `${prefixes[to]}: ${message}`;
}

/** Turns an abort by the call's own budget into an error naming the setting that ran out. */
async function timed<T>(setting: string, budget: AbortSignal, parent: AbortSignal, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (budget.aborted && !parent.aborted) throw new Error(`timed out (${setting})`, { cause: error });
    throw error;
  }
}
