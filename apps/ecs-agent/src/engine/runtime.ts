import type { Readable } from 'node:stream';

/**
 * The container runtime as the task engine needs it (style rule 10): the engine defines this small
 * interface and the Docker adapter (`docker/docker-runtime.ts`) implements it, so no dockerode type
 * reaches the engine and the engine can be driven by a fake in tests. Every call takes an
 * AbortSignal (or a timeout), because a hung Docker call must never wedge a task manager.
 */
/** A user name and password for the registry an image is pulled from (repositoryCredentials). */
export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export interface ContainerRuntime {
  imageExists(image: string, signal: AbortSignal): Promise<boolean>;
  /** Resolves when the pull finished; rejects with Docker's message when it failed. `auth` logs in to the image's registry. */
  pullImage(image: string, signal: AbortSignal, auth?: RegistryCredentials): Promise<void>;
  /** Removes an image (not forced: Docker refuses while a container uses it); a missing image is not an error. */
  removeImage(image: string, signal: AbortSignal): Promise<void>;
  /** Idempotent: an existing volume of that name is reused. */
  createVolume(spec: VolumeSpec, signal: AbortSignal): Promise<void>;
  /** Idempotent: a missing volume is not an error. */
  removeVolume(name: string, signal: AbortSignal): Promise<void>;
  /** Returns the runtime id. */
  createContainer(spec: ContainerCreateSpec, signal: AbortSignal): Promise<string>;
  startContainer(id: string, signal: AbortSignal): Promise<void>;
  /** SIGTERM (or the image's stop signal), then SIGKILL after `timeoutSeconds`. Stopping a stopped container is fine. */
  stopContainer(id: string, timeoutSeconds: number, signal: AbortSignal): Promise<void>;
  /** Forced removal (with anonymous volumes); a missing container is not an error. */
  removeContainer(id: string, signal: AbortSignal): Promise<void>;
  /** undefined when the container does not exist (any more). */
  inspectContainer(id: string, signal: AbortSignal): Promise<ContainerInspection | undefined>;
  /** One reading of a running container's counters; undefined when it is gone or not running. */
  containerStats(id: string, signal: AbortSignal): Promise<ContainerStats | undefined>;
  /** Every container, running or not, carrying the task-ARN label: how a restarted agent finds its work. */
  listManagedContainers(signal: AbortSignal): Promise<ManagedContainer[]>;
  /**
   * Lifecycle events of managed containers until the signal aborts; the iterable ends (or throws)
   * when the stream drops. Resolves once subscribed, so the caller can re-inspect without a gap.
   */
  events(signal: AbortSignal): Promise<AsyncIterable<RuntimeEvent>>;
  /** An object-mode stream of LogChunk, demultiplexed. */
  logs(id: string, options: LogOptions, signal: AbortSignal): Promise<Readable>;
}

export type Protocol = 'tcp' | 'udp';

export interface PortBindingSpec {
  readonly containerPort: number;
  readonly protocol: Protocol;
  readonly hostIp: string;
  readonly hostPort: number;
}

export interface HealthcheckSpec {
  /** ["CMD", ...] or ["CMD-SHELL", "..."], as Docker takes it. */
  readonly test: readonly string[];
  readonly intervalNs: number;
  readonly timeoutNs: number;
  readonly retries: number;
  readonly startPeriodNs: number;
}

/** Everything needed to create one container, in runtime-neutral units (bytes, nanoseconds). */
export interface ContainerCreateSpec {
  readonly name: string;
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `NAME=value` entries. */
  readonly env: readonly string[];
  /** undefined keeps the image's CMD / ENTRYPOINT. */
  readonly cmd?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly workingDir?: string;
  readonly user?: string;
  readonly hostname?: string;
  readonly exposedPorts: readonly { readonly containerPort: number; readonly protocol: Protocol }[];
  readonly portBindings: readonly PortBindingSpec[];
  readonly networkMode: 'bridge' | 'host' | 'none';
  /** `source:containerPath[:ro]`, source being a host path or a volume name. */
  readonly binds: readonly string[];
  /** `containerName:alias`. */
  readonly links: readonly string[];
  /** `containerName[:ro]`. */
  readonly volumesFrom: readonly string[];
  readonly ulimits: readonly { readonly name: string; readonly soft: number; readonly hard: number }[];
  readonly privileged: boolean;
  readonly readonlyRootfs: boolean;
  readonly cpuShares: number;
  readonly memoryBytes?: number;
  readonly memoryReservationBytes?: number;
  readonly healthcheck?: HealthcheckSpec;
  readonly logConfig?: { readonly type: string; readonly config: Readonly<Record<string, string>> };
  readonly capAdd?: readonly string[];
  readonly capDrop?: readonly string[];
  /** Docker's init as PID 1. */
  readonly init?: boolean;
  readonly shmSizeBytes?: number;
  /** containerPath → tmpfs mount options (`noexec,size=64m`). */
  readonly tmpfs?: Readonly<Record<string, string>>;
  readonly devices?: readonly { readonly hostPath: string; readonly containerPath: string; readonly permissions: string }[];
  readonly memorySwapBytes?: number;
  readonly memorySwappiness?: number;
  readonly sysctls?: Readonly<Record<string, string>>;
  readonly pidMode?: 'host';
  readonly ipcMode?: 'host' | 'none';
}

export interface VolumeSpec {
  readonly name: string;
  readonly driver: string;
  readonly driverOpts: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

export type RuntimeHealth = 'HEALTHY' | 'UNHEALTHY' | 'STARTING' | 'NONE';

export interface ContainerInspection {
  readonly id: string;
  readonly running: boolean;
  /** Meaningful once the container has run and exited. */
  readonly exitCode: number;
  readonly health: RuntimeHealth;
  /** undefined when the container never started. */
  readonly startedAt?: Date;
  readonly finishedAt?: Date;
  /** The image id the container runs (sha256:…). */
  readonly imageId: string;
  /** Published ports as Docker bound them. */
  readonly ports: readonly PortBindingSpec[];
  /** Docker's error for a container that failed to start, '' otherwise. */
  readonly error: string;
}

/** A container's counters at one instant: CPU time used since it started, and memory in use without page cache. */
export interface ContainerStats {
  readonly cpuNs: number;
  readonly memoryBytes: number;
  readonly at: Date;
}

export interface ManagedContainer {
  readonly id: string;
  readonly name: string;
  /** The image as the container was created from it (`name:tag`). */
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly state: 'created' | 'running' | 'exited' | 'other';
}

export interface RuntimeEvent {
  readonly containerId: string;
  readonly action: 'start' | 'die' | 'health_status' | 'destroy' | 'oom' | 'other';
  readonly exitCode?: number;
  readonly health?: RuntimeHealth;
  readonly labels: Readonly<Record<string, string>>;
}

export interface LogOptions {
  readonly follow: boolean;
  /** Only entries at or after this time. */
  readonly since?: Date;
  /** Only this many last lines. */
  readonly tail?: number;
}

export interface LogChunk {
  readonly stream: 'stdout' | 'stderr';
  readonly data: Buffer;
}

/** Labels the agent puts on every container so a restarted agent recognises its own (ECS names). */
export const Labels = {
  taskArn: 'com.amazonaws.ecs.task-arn',
  containerName: 'com.amazonaws.ecs.container-name',
  family: 'com.amazonaws.ecs.task-definition-family',
  version: 'com.amazonaws.ecs.task-definition-version',
  cluster: 'com.amazonaws.ecs.cluster',
  /** Berth's: the container instance the task was started for, so an agent adopts only its own. */
  containerInstance: 'berth.container-instance-arn',
} as const;

/** Signal that aborts with either the caller's signal or after `ms`: each runtime call gets its own budget. */
export function withTimeout(signal: AbortSignal, ms: number): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(ms)]);
}
