import { taskHealth, type ContainerStatus, type HealthStatus, type NetworkBinding, type StopCode } from '@berth/domain';
import type { TaskState } from './task-state.js';

/**
 * What the engine tells the reporter about a task: the fields ECS's SubmitTaskStateChange /
 * SubmitContainerStateChange carry. Built purely from the task state and compared by value, so a
 * change is emitted only when something the control plane can see actually changed.
 */
export interface ContainerStateChange {
  readonly name: string;
  /** NONE while the image is not pulled yet (the control plane shows it as PENDING). */
  readonly status: ContainerStatus;
  readonly runtimeId?: string;
  readonly imageDigest?: string;
  readonly exitCode?: number;
  readonly reason?: string;
  readonly networkBindings: readonly NetworkBinding[];
  readonly healthStatus: HealthStatus;
}

export interface TaskStateChange {
  readonly taskArn: string;
  readonly status: 'PENDING' | 'RUNNING' | 'STOPPED';
  readonly reason?: string;
  readonly stopCode?: StopCode;
  readonly containers: readonly ContainerStateChange[];
  /** From the essential containers: any UNHEALTHY → UNHEALTHY, any UNKNOWN → UNKNOWN, else HEALTHY. */
  readonly healthStatus: HealthStatus;
  readonly pullStartedAt?: Date;
  readonly pullStoppedAt?: Date;
  readonly startedAt?: Date;
  readonly executionStoppedAt?: Date;
}

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function toStateChange(task: TaskState): TaskStateChange {
  return defined<TaskStateChange>({
    taskArn: task.taskArn,
    status: task.knownStatus === 'NONE' ? 'PENDING' : task.knownStatus,
    reason: task.reason,
    stopCode: task.stopCode,
    containers: task.containers.map((c) =>
      defined<ContainerStateChange>({
        name: c.name,
        status: c.knownStatus,
        runtimeId: c.runtimeId,
        imageDigest: c.imageDigest,
        exitCode: c.exitCode,
        reason: c.reason,
        networkBindings: c.networkBindings,
        healthStatus: c.health,
      }),
    ),
    healthStatus: taskHealth(task.containers.filter((c) => c.essential).map((c) => c.health)),
    pullStartedAt: date(task.pullStartedAt),
    pullStoppedAt: date(task.pullStoppedAt),
    startedAt: date(task.startedAt),
    executionStoppedAt: date(task.executionStoppedAt),
  });
}

/** A stable key for "did anything visible change". */
export const changeKey = (change: TaskStateChange): string => JSON.stringify(change);
