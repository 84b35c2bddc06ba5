import { containerStatusRank, laterTaskStatus, taskHealth, type ContainerStatus, type HealthStatus, type StopCode, type TaskStatus } from './task.js';
import type { Task, TaskContainer } from './task-entity.js';
import type { TaskPatch } from './task-patch.js';

/** One task's change as the agent reported it, already validated. */
export interface ReportedTaskChange {
  readonly status: 'PENDING' | 'RUNNING' | 'STOPPED';
  readonly reason: string;
  /** Set by the agent when it stopped the task on its own. */
  readonly stopCode?: 'EssentialContainerExited' | 'TaskFailedToStart';
  readonly containers: readonly {
    readonly name: string;
    readonly status: ContainerStatus;
    readonly runtimeId: string;
    readonly imageDigest: string;
    readonly exitCode?: number;
    readonly reason: string;
    readonly networkBindings: TaskContainer['networkBindings'];
    readonly healthStatus: HealthStatus | '';
  }[];
  readonly pullStartedAt?: Date;
  readonly pullStoppedAt?: Date;
  readonly executionStoppedAt?: Date;
  readonly startedAt?: Date;
}

/**
 * Pure: merges an agent report into the stored task. Status only moves forward, at-least-once
 * delivery of the same report changes nothing, and a task that stops on its own gets the ECS stop
 * code: TaskFailedToStart before it ever ran, EssentialContainerExited after.
 */
export function mergeTaskChange(task: Task, change: ReportedTaskChange, now: Date): TaskPatch | undefined {
  if (task.lastStatus === 'STOPPED') return undefined;
  const reported = new Map(change.containers.map((c) => [c.name, c]));
  const containers = task.containers.map((c): TaskContainer => {
    const r = reported.get(c.name);
    if (!r || containerStatusRank(r.status) < containerStatusRank(c.lastStatus)) return c;
    return {
      ...c,
      lastStatus: r.status,
      ...(r.runtimeId ? { runtimeId: r.runtimeId } : {}),
      ...(r.imageDigest ? { imageDigest: r.imageDigest } : {}),
      ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
      ...(r.reason ? { reason: r.reason.slice(0, 1024) } : {}),
      networkBindings: r.networkBindings.length > 0 ? r.networkBindings : c.networkBindings,
      healthStatus: r.healthStatus || c.healthStatus,
    };
  });
  const lastStatus: TaskStatus = laterTaskStatus(task.lastStatus, change.status);
  const patch: {
    -readonly [K in keyof TaskPatch]: TaskPatch[K];
  } = {
    containers,
    lastStatus,
    healthStatus: taskHealth(containers.filter((c) => c.essential).map((c) => c.healthStatus)),
  };
  if (change.pullStartedAt && !task.pullStartedAt) patch.pullStartedAt = change.pullStartedAt;
  if (change.pullStoppedAt && !task.pullStoppedAt) patch.pullStoppedAt = change.pullStoppedAt;
  if (lastStatus === 'RUNNING' && !task.startedAt) patch.startedAt = change.startedAt ?? now;
  if (lastStatus === 'STOPPED') {
    patch.stoppedAt = now;
    patch.executionStoppedAt = change.executionStoppedAt ?? now;
    patch.desiredStatus = 'STOPPED';
    if (!task.stopCode) {
      // Stopping on its own: before it ever ran it failed to start; after, an essential container exited.
      const stopCode: StopCode = change.stopCode ?? (task.startedAt || patch.startedAt ? 'EssentialContainerExited' : 'TaskFailedToStart');
      patch.stopCode = stopCode;
      patch.stoppedReason = (change.reason || (stopCode === 'EssentialContainerExited' ? 'Essential container in task exited' : 'Task failed to start')).slice(0, 1024);
    }
  }
  return patch;
}
