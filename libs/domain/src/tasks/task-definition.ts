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
}

export interface TaskDefinition extends TaskDefinitionInput {
  readonly arn: string;
  readonly revision: number;
  readonly status: TaskDefinitionStatus;
  readonly registeredAt: Date;
  readonly deregisteredAt?: Date;
}
