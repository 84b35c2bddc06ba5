import type { ContainerOverride } from './validation/overrides.js';
import type { ContainerStatus, DesiredTaskStatus, HealthStatus, NetworkBinding, StopCode, TaskStatus } from './task.js';

/** A container of a task as the control plane knows it (the agent is the writer of its status). */
export interface TaskContainer {
  readonly name: string;
  readonly image: string;
  readonly essential: boolean;
  readonly cpu: number;
  readonly memory?: number;
  readonly memoryReservation?: number;
  readonly lastStatus: ContainerStatus;
  readonly exitCode?: number;
  readonly reason?: string;
  readonly runtimeId?: string;
  readonly imageDigest?: string;
  readonly networkBindings: readonly NetworkBinding[];
  readonly healthStatus: HealthStatus;
}

/** Per-container overrides a RunTask/StartTask carried (already validated against the definition). */
export type TaskContainerOverride = ContainerOverride;

export interface Task {
  readonly id: string;
  readonly arn: string;
  readonly clusterName: string;
  readonly containerInstanceId: string;
  readonly taskDefinitionArn: string;
  readonly family: string;
  readonly revision: number;
  readonly desiredStatus: DesiredTaskStatus;
  readonly lastStatus: TaskStatus;
  readonly startedBy: string;
  readonly group: string;
  readonly overrides: readonly TaskContainerOverride[];
  /** What placement reserved on the instance. */
  readonly cpu: number;
  readonly memory: number;
  readonly reservedPorts: readonly number[];
  readonly reservedPortsUdp: readonly number[];
  readonly containers: readonly TaskContainer[];
  readonly stopCode?: StopCode;
  readonly stoppedReason?: string;
  readonly healthStatus: HealthStatus;
  readonly createdAt: Date;
  readonly startedAt?: Date;
  readonly stoppingAt?: Date;
  readonly stoppedAt?: Date;
  readonly pullStartedAt?: Date;
  readonly pullStoppedAt?: Date;
  readonly executionStoppedAt?: Date;
  /** Bumps on every change. */
  readonly version: number;
}
