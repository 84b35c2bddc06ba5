import { clusterNameFrom, type ContainerDefinition, type IpcMode, type LinuxParameters, type NetworkMode, type PidMode, type Volume } from '@berth/domain';
import { Labels, type ContainerCreateSpec, type HealthcheckSpec, type PortBindingSpec, type Protocol, type VolumeSpec } from './runtime.js';

/**
 * Turns a domain container definition into a runtime-neutral create spec. Pure, so every ECS →
 * Docker mapping rule (names, labels, limits, ports, volumes, links, health checks) is table-tested.
 */

/** What a container needs to know about the task it belongs to. */
export interface TaskContext {
  readonly taskArn: string;
  readonly clusterArn: string;
  /** The instance this agent registered as, when it has (labelled on every container). */
  readonly containerInstanceArn?: string;
  readonly family: string;
  readonly revision: number;
  readonly networkMode: NetworkMode;
  /** Only `host` and `none` change anything: `task` has no per-task namespace holder yet (a registration warning says so). */
  readonly pidMode?: PidMode;
  readonly ipcMode?: IpcMode;
  readonly volumes: readonly Volume[];
  /** Host address published ports bind to ('0.0.0.0' in production, '127.0.0.1' in tests). */
  readonly bindHost: string;
  /** Host ports chosen for dynamic mappings, keyed by `portKey(containerPort, protocol)`. */
  readonly dynamicPorts: ReadonlyMap<string, number>;
  readonly disablePrivileged: boolean;
  readonly disableHealthCheck: boolean;
  /** The task metadata endpoint's variables, set after the definition's own (not with networkMode none: nothing to reach it by). */
  readonly metadataEnv?: readonly string[];
}

export type SpecResult = { readonly ok: true; readonly spec: ContainerCreateSpec } | { readonly ok: false; readonly reason: string };

const MiB = 1024 * 1024;
const NS_PER_SECOND = 1_000_000_000;
/** Docker turns CpuShares 0 into 1024 (a whole core's weight); ECS uses the kernel minimum 2 instead. */
const MIN_CPU_SHARES = 2;

export const PRIVILEGED_DISABLED_REASON =
  'CannotStartContainerError: privileged containers are disabled on this instance (ECS_DISABLE_PRIVILEGED)';

export const portKey = (containerPort: number, protocol: Protocol): string => `${containerPort}/${protocol}`;

/** The task id is the ARN's last path segment (`…:task/<cluster>/<id>`). */
export function taskIdFrom(taskArn: string): string {
  return taskArn.slice(taskArn.lastIndexOf('/') + 1);
}

/** Docker names allow `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; anything else becomes '-'. */
export function sanitizeName(value: string): string {
  const cleaned = value.replace(/[^a-zA-Z0-9_.-]/g, '-');
  return /^[a-zA-Z0-9]/.test(cleaned) ? cleaned : `x${cleaned}`;
}

/** Deterministic, so a restarted agent (and `docker ps`) can tell which task a container belongs to. */
export function containerDockerName(family: string, revision: number, containerName: string, taskId: string): string {
  return sanitizeName(`ecs-${family}-${revision}-${containerName}-${taskId}`);
}

/** Task-scoped Docker volumes live and die with their task, so their name carries the task id. */
export function taskVolumeName(taskId: string, volume: string): string {
  return sanitizeName(`ecs-${taskId}-${volume}`);
}

/** The Docker volume a non-host task volume maps to (shared volumes keep their own name). */
export function dockerVolumeName(taskId: string, volume: Volume): string {
  return volume.dockerVolumeConfiguration?.scope === 'shared' ? volume.name : taskVolumeName(taskId, volume.name);
}

/** Volumes the agent creates before the task's containers: task-scoped ones, and shared ones marked autoprovision. */
export function volumesToCreate(taskArn: string, volumes: readonly Volume[]): VolumeSpec[] {
  const taskId = taskIdFrom(taskArn);
  return volumes
    .filter((v) => !v.host && (v.dockerVolumeConfiguration?.scope !== 'shared' || v.dockerVolumeConfiguration.autoprovision))
    .map((v) => ({
      name: dockerVolumeName(taskId, v),
      driver: v.dockerVolumeConfiguration?.driver || 'local',
      driverOpts: v.dockerVolumeConfiguration?.driverOpts ?? {},
      labels: { ...(v.dockerVolumeConfiguration?.labels ?? {}), [Labels.taskArn]: taskArn },
    }));
}

/** Volumes removed with the task: only the task-scoped ones. */
export function taskScopedVolumeNames(taskArn: string, volumes: readonly Volume[]): string[] {
  const taskId = taskIdFrom(taskArn);
  return volumes.filter((v) => !v.host && v.dockerVolumeConfiguration?.scope !== 'shared').map((v) => dockerVolumeName(taskId, v));
}

/** Mappings that need a host port chosen by the agent (hostPort 0, bridge mode only). */
export function dynamicPortKeys(def: ContainerDefinition, networkMode: NetworkMode): string[] {
  if (networkMode !== 'bridge') return [];
  return def.portMappings.filter((m) => !m.hostPort).map((m) => portKey(m.containerPort, m.protocol));
}

export function buildCreateSpec(def: ContainerDefinition, ctx: TaskContext): SpecResult {
  if (def.privileged && ctx.disablePrivileged) return { ok: false, reason: PRIVILEGED_DISABLED_REASON };
  const taskId = taskIdFrom(ctx.taskArn);
  const nameOf = (container: string) => containerDockerName(ctx.family, ctx.revision, container, taskId);

  const ports = portSpecs(def, ctx);
  if (!ports.ok) return ports;
  const binds: string[] = [];
  for (const mount of def.mountPoints) {
    const volume = ctx.volumes.find((v) => v.name === mount.sourceVolume);
    if (!volume) {
      return { ok: false, reason: `CannotCreateContainerError: container '${def.name}' mounts unknown volume '${mount.sourceVolume}'` };
    }
    const source = volume.host ? volume.host.sourcePath : dockerVolumeName(taskId, volume);
    binds.push(`${source}:${mount.containerPath}${mount.readOnly ? ':ro' : ''}`);
  }

  const spec: ContainerCreateSpec = {
    name: nameOf(def.name),
    image: def.image,
    labels: {
      ...def.dockerLabels,
      [Labels.taskArn]: ctx.taskArn,
      [Labels.containerName]: def.name,
      [Labels.family]: ctx.family,
      [Labels.version]: String(ctx.revision),
      [Labels.cluster]: clusterNameFrom(ctx.clusterArn),
      ...(ctx.containerInstanceArn ? { [Labels.containerInstance]: ctx.containerInstanceArn } : {}),
    },
    env: [...def.environment.map((e) => `${e.name}=${e.value}`), ...(ctx.networkMode !== 'none' ? (ctx.metadataEnv ?? []) : [])],
    ...(def.command.length > 0 ? { cmd: def.command } : {}),
    ...(def.entryPoint.length > 0 ? { entrypoint: def.entryPoint } : {}),
    ...(def.workingDirectory ? { workingDir: def.workingDirectory } : {}),
    ...(def.user ? { user: def.user } : {}),
    // Docker refuses a hostname together with host networking.
    ...(def.hostname && ctx.networkMode !== 'host' ? { hostname: def.hostname } : {}),
    exposedPorts: ports.exposed,
    portBindings: ports.bindings,
    networkMode: ctx.networkMode,
    binds,
    links: ctx.networkMode === 'bridge' ? def.links.map((link) => linkSpec(link, nameOf)) : [],
    volumesFrom: def.volumesFrom.map((v) => `${nameOf(v.sourceContainer)}${v.readOnly ? ':ro' : ''}`),
    ulimits: def.ulimits.map((u) => ({ name: u.name, soft: u.softLimit, hard: u.hardLimit })),
    privileged: def.privileged,
    readonlyRootfs: def.readonlyRootFilesystem,
    cpuShares: Math.max(def.cpu, MIN_CPU_SHARES),
    ...(def.memory !== undefined ? { memoryBytes: def.memory * MiB } : {}),
    ...(def.memoryReservation !== undefined ? { memoryReservationBytes: def.memoryReservation * MiB } : {}),
    ...(def.healthCheck && !ctx.disableHealthCheck ? { healthcheck: healthcheckSpec(def.healthCheck) } : {}),
    ...logConfigOf(def),
    ...linuxSpec(def.linuxParameters, def.memory),
    ...(def.systemControls?.length ? { sysctls: Object.fromEntries(def.systemControls.map((s) => [s.namespace, s.value])) } : {}),
    ...(ctx.pidMode === 'host' ? { pidMode: 'host' } : {}),
    ...(ctx.ipcMode === 'host' || ctx.ipcMode === 'none' ? { ipcMode: ctx.ipcMode } : {}),
  };
  return { ok: true, spec };
}

/** awsfirelens is ECS's own routing, not a Docker driver: such a container keeps Docker's default log (a registration warning says so). */
function logConfigOf(def: ContainerDefinition): Pick<ContainerCreateSpec, 'logConfig'> {
  const log = def.logConfiguration;
  if (!log || log.logDriver === 'awsfirelens') return {};
  return { logConfig: { type: log.logDriver, config: log.options } };
}

const devicePermissionLetters = { read: 'r', write: 'w', mknod: 'm' } as const;

/** linuxParameters → Docker's CapAdd/CapDrop, Init, ShmSize, Tmpfs, Devices and swap settings. */
export function linuxSpec(params: LinuxParameters | undefined, memoryMiB: number | undefined): Partial<ContainerCreateSpec> {
  if (!params) return {};
  return {
    capAdd: params.capabilities.add,
    capDrop: params.capabilities.drop,
    ...(params.initProcessEnabled ? { init: true } : {}),
    ...(params.sharedMemorySize !== undefined ? { shmSizeBytes: params.sharedMemorySize * MiB } : {}),
    tmpfs: Object.fromEntries(params.tmpfs.map((t) => [t.containerPath, [...t.mountOptions, `size=${t.size}m`].join(',')])),
    devices: params.devices.map((d) => ({
      hostPath: d.hostPath,
      containerPath: d.containerPath ?? d.hostPath,
      permissions: d.permissions.length === 0 ? 'rwm' : d.permissions.map((p) => devicePermissionLetters[p]).join(''),
    })),
    // Docker's MemorySwap is memory plus swap, and needs a memory limit to mean anything.
    ...(params.maxSwap !== undefined && memoryMiB !== undefined ? { memorySwapBytes: (memoryMiB + params.maxSwap) * MiB } : {}),
    ...(params.swappiness !== undefined ? { memorySwappiness: params.swappiness } : {}),
  };
}

type PortSpecs =
  | { ok: true; exposed: { containerPort: number; protocol: Protocol }[]; bindings: PortBindingSpec[] }
  | { ok: false; reason: string };

function portSpecs(def: ContainerDefinition, ctx: TaskContext): PortSpecs {
  if (ctx.networkMode === 'none') return { ok: true, exposed: [], bindings: [] };
  const exposed = def.portMappings.map((m) => ({ containerPort: m.containerPort, protocol: m.protocol }));
  if (ctx.networkMode === 'host') return { ok: true, exposed, bindings: [] };
  const bindings: PortBindingSpec[] = [];
  for (const m of def.portMappings) {
    const hostPort = m.hostPort || ctx.dynamicPorts.get(portKey(m.containerPort, m.protocol));
    if (!hostPort) {
      return { ok: false, reason: `CannotCreateContainerError: no host port allocated for ${def.name} ${portKey(m.containerPort, m.protocol)}` };
    }
    bindings.push({ containerPort: m.containerPort, protocol: m.protocol, hostIp: ctx.bindHost, hostPort });
  }
  return { ok: true, exposed, bindings };
}

/** ECS links are `name` or `name:alias`; Docker wants the other container's Docker name. */
function linkSpec(link: string, nameOf: (container: string) => string): string {
  const [name = link, alias = name] = link.split(':');
  return `${nameOf(name)}:${alias}`;
}

function healthcheckSpec(check: NonNullable<ContainerDefinition['healthCheck']>): HealthcheckSpec {
  const [kind, ...rest] = check.command;
  // A bare command (no CMD / CMD-SHELL marker) is run through the shell, as the ECS console does.
  const test = kind === 'CMD' || kind === 'CMD-SHELL' ? check.command : ['CMD-SHELL', [kind, ...rest].join(' ')];
  return {
    test,
    intervalNs: Math.round(check.intervalSeconds * NS_PER_SECOND),
    timeoutNs: Math.round(check.timeoutSeconds * NS_PER_SECOND),
    retries: check.retries,
    startPeriodNs: Math.round(check.startPeriodSeconds * NS_PER_SECOND),
  };
}
