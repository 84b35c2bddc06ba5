import type { DesiredTaskStatus, StopCode, TaskStatus } from './task.js';
import type { Task } from './task-entity.js';

/** A change to a stored task, computed from its locked row by a pure rule and written by the store. */
export interface TaskPatch {
  readonly desiredStatus?: DesiredTaskStatus;
  readonly lastStatus?: TaskStatus;
  readonly containers?: Task['containers'];
  readonly stopCode?: StopCode;
  readonly stoppedReason?: string;
  readonly healthStatus?: Task['healthStatus'];
  readonly startedAt?: Date;
  readonly stoppingAt?: Date;
  readonly stoppedAt?: Date;
  readonly pullStartedAt?: Date;
  readonly pullStoppedAt?: Date;
  readonly executionStoppedAt?: Date;
}

/** Why a task is being stopped by the control plane (a user, or the service scheduler). */
export interface StopRequest {
  readonly stopCode: Extract<StopCode, 'UserInitiated' | 'ServiceSchedulerInitiated'>;
  readonly reason: string;
}

/** A task no agent has started yet has nothing to stop: stopping it ends it, and frees what it held, at once. */
export function stopReleasesAtOnce(task: Pick<Task, 'lastStatus'>): boolean {
  return task.lastStatus === 'PROVISIONING';
}

/**
 * The control plane stops a task: desired STOPPED with the stop code and reason. A task no agent
 * has started yet (`stopReleasesAtOnce`) is STOPPED at once and its resources are free now (`releasesNow`: the caller recomputes the instance's usage in the same transaction).
 * Undefined when the task is already meant to stop: the first stop's code and reason stay.
 */
export function stopTaskPatch(task: Task, stop: StopRequest, now: Date): { patch: TaskPatch; releasesNow: boolean } | undefined {
  if (task.desiredStatus === 'STOPPED') return undefined;
  const patch: TaskPatch = { desiredStatus: 'STOPPED', stopCode: stop.stopCode, stoppedReason: stop.reason, stoppingAt: now };
  if (!stopReleasesAtOnce(task)) return { patch, releasesNow: false };
  return { patch: { ...patch, lastStatus: 'STOPPED', stoppedAt: now }, releasesNow: true };
}

/**
 * A task whose container instance is gone (deregistered with force): nobody will report it any
 * more, so it ends here — STOPPED, its containers too, with the reason — instead of staying
 * RUNNING in the API forever. A task that already stopped keeps what it has.
 */
export function abandonedTaskPatch(task: Task, reason: string, now: Date): TaskPatch | undefined {
  if (task.lastStatus === 'STOPPED') return undefined;
  return {
    desiredStatus: 'STOPPED',
    lastStatus: 'STOPPED',
    ...(task.desiredStatus === 'STOPPED' ? {} : { stopCode: 'UserInitiated' as const, stoppedReason: reason, stoppingAt: now }),
    stoppedAt: now,
    executionStoppedAt: now,
    containers: task.containers.map((c) => (c.lastStatus === 'STOPPED' ? c : { ...c, lastStatus: 'STOPPED' as const, reason: c.reason ?? reason })),
  };
}
