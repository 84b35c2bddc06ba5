/**
 * A registered task definition in domain form: what RegisterTaskDefinition accepted after
 * validation, with ECS defaults applied (essential true, protocol tcp, networkMode bridge).
 */
export type NetworkMode = 'bridge' | 'host' | 'none';
export type Protocol = 'tcp' | 'udp';
export type DependencyCondition = 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';
export type TaskDefinitionStatus = 'ACTIVE' | 'INACTIVE';

export interface PortMapping {
  readonly containerPort: number;
  /** 0 means a dynamic host port chosen by the agent from ECS_DYNAMIC_HOST_PORT_RANGE. */
  readonly hostPort: number;
  readonly protocol: Protocol;
}

export interface MountPoint {
  readonly sourceVolume: string;
  readonly containerPath: string;
  readonly readOnly: boolean;
}

export interface Ulimit {
  readonly name: string;
  readonly softLimit: number;
  readonly hardLimit: number;
}

export interface HealthCheck {
  /** ["CMD", ...] or ["CMD-SHELL", "..."]. */
  readonly command: readonly string[];
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

export interface ContainerDependency {
  readonly containerName: string;
  readonly condition: DependencyCondition;
}

export interface LogConfiguration {
  readonly logDriver: string;
  readonly options: Readonly<Record<string, string>>;
}

/** Docker's kernel capabilities, tmpfs mounts, devices, init and swap knobs (ECS `linuxParameters`). */
export interface LinuxParameters {
  readonly capabilities: { readonly add: readonly string[]; readonly drop: readonly string[] };
  /** Runs Docker's init (tini) as PID 1, reaping zombies and forwarding signals. */
  readonly initProcessEnabled: boolean;
  /** Size of /dev/shm in MiB. */
  readonly sharedMemorySize?: number;
  readonly tmpfs: readonly { readonly containerPath: string; readonly size: number; readonly mountOptions: readonly string[] }[];
  readonly devices: readonly Device[];
  /** MiB of swap the container may use beyond its memory; 0 means none. */
  readonly maxSwap?: number;
  readonly swappiness?: number;
}

export type DevicePermission = 'read' | 'write' | 'mknod';

export interface Device {
  readonly hostPath: string;
  /** Defaults to hostPath. */
  readonly containerPath?: string;
  /** Empty means all three, as Docker's default `rwm`. */
  readonly permissions: readonly DevicePermission[];
}

/** A namespaced kernel parameter (`--sysctl`). */
export interface SystemControl {
  readonly namespace: string;
  readonly value: string;
}

/** Marks a FireLens log-router container; Berth runs it as a normal container. */
export interface FirelensConfiguration {
  readonly type: 'fluentd' | 'fluentbit';
  readonly options: Readonly<Record<string, string>>;
}

export interface ContainerDefinition {
  readonly name: string;
  readonly image: string;
  /** CPU units (1024 = one core); 0 when unset. */
  readonly cpu: number;
  /** Hard limit in MiB. */
  readonly memory?: number;
  /** Soft limit in MiB. */
  readonly memoryReservation?: number;
  readonly essential: boolean;
  readonly portMappings: readonly PortMapping[];
  readonly environment: readonly { readonly name: string; readonly value: string }[];
  /** Environment variables whose values come from the secret store when the task starts (`valueFrom`: a secret or parameter). */
  readonly secrets: readonly { readonly name: string; readonly valueFrom: string }[];
  /** The secret holding `{"username","password"}` for pulling `image` from a private registry. */
  readonly repositoryCredentials?: { readonly credentialsParameter: string };
  readonly command: readonly string[];
  readonly entryPoint: readonly string[];
  readonly workingDirectory?: string;
  readonly user?: string;
  readonly hostname?: string;
  readonly dockerLabels: Readonly<Record<string, string>>;
  readonly ulimits: readonly Ulimit[];
  readonly privileged: boolean;
  readonly readonlyRootFilesystem: boolean;
  /** Seconds between SIGTERM and SIGKILL; undefined uses ECS_CONTAINER_STOP_TIMEOUT. */
  readonly stopTimeout?: number;
  /** Seconds a dependency condition may take before the container gives up. */
  readonly startTimeout?: number;
  readonly links: readonly string[];
  readonly mountPoints: readonly MountPoint[];
  readonly volumesFrom: readonly { readonly sourceContainer: string; readonly readOnly: boolean }[];
  readonly logConfiguration?: LogConfiguration;
  readonly healthCheck?: HealthCheck;
  readonly dependsOn: readonly ContainerDependency[];
  readonly linuxParameters?: LinuxParameters;
  /** Absent on definitions registered before Berth honoured them; read as empty. */
  readonly systemControls?: readonly SystemControl[];
  readonly firelensConfiguration?: FirelensConfiguration;
}

export interface Volume {
  readonly name: string;
  /** A bind mount of a host path; absent means a Docker volume. */
  readonly host?: { readonly sourcePath: string };
  readonly dockerVolumeConfiguration?: {
    readonly scope: 'task' | 'shared';
    readonly autoprovision: boolean;
    readonly driver: string;
    readonly driverOpts: Readonly<Record<string, string>>;
    readonly labels: Readonly<Record<string, string>>;
  };
}

export interface PlacementConstraint {
  readonly type: 'distinctInstance' | 'memberOf';
  readonly expression?: string;
}

/** What the user registered, before the store gives it an ARN and revision. */
export interface TaskDefinitionInput {
  readonly family: string;
  readonly containerDefinitions: readonly ContainerDefinition[];
  /** Task-level CPU units and memory MiB, when given. */
  readonly cpu?: number;
  readonly memory?: number;
  readonly networkMode: NetworkMode;
  readonly volumes: readonly Volume[];
  readonly placementConstraints: readonly PlacementConstraint[];
  readonly requiresCompatibilities: readonly string[];
  readonly executionRoleArn?: string;
  readonly taskRoleArn?: string;
  /** `host` shares the host's PID namespace; `task` is accepted with a warning (no per-task namespace yet). */
  readonly pidMode?: PidMode;
  readonly ipcMode?: IpcMode;
  /** The CPU architecture and OS the task needs; placement keeps it to matching instances. */
  readonly runtimePlatform?: RuntimePlatform;
  /** Fargate's task storage size; accepted and shown, not enforced. */
  readonly ephemeralStorage?: { readonly sizeInGiB: number };
}

export type PidMode = 'host' | 'task';
export type IpcMode = 'host' | 'task' | 'none';
export type CpuArchitecture = 'X86_64' | 'ARM64';

export interface RuntimePlatform {
  readonly cpuArchitecture?: CpuArchitecture;
  readonly operatingSystemFamily?: string;
}

export interface TaskDefinition extends TaskDefinitionInput {
  readonly arn: string;
  readonly revision: number;
  readonly status: TaskDefinitionStatus;
  readonly registeredAt: Date;
  readonly deregisteredAt?: Date;
}
