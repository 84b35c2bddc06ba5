import type { Task } from '@berth/domain';
import { backoffDelayMs } from './bounds.js';
import { stopReasons } from './stop-reasons.js';
import type { DeploymentState } from './types.js';

/**
 * A deployment's launch record, read from its tasks rather than counted up pass by pass: the
 * reconciler is level-triggered, so running it twice on the same state (a retried pass, a plan
 * the applier rejected) must not count a failure twice. STOPPED tasks stay describable for an
 * hour, which outlives the 15-minute backoff cap.
 */
export interface LaunchHistory {
  /** Failed tasks (never reached RUNNING, or stopped for failing health checks) since the last success. */
  readonly failedTasks: number;
  /** Of those, the ones that never reached RUNNING: they drive the restart backoff. */
  readonly launchFailures: number;
  /** When the newest launch failure stopped; the backoff delay runs from here. */
  readonly lastLaunchFailureAt?: Date;
}

/** Never reached RUNNING and stopped on its own (not by a user or the scheduler). */
export function failedToStart(task: Task): boolean {
  return (
    task.lastStatus === 'STOPPED' &&
    task.startedAt === undefined &&
    task.stopCode !== 'UserInitiated' &&
    task.stopCode !== 'ServiceSchedulerInitiated'
  );
}

/** Stopped by the scheduler because its health checks failed (see stop-reasons.ts). */
export function failedHealthChecks(task: Task): boolean {
  return task.desiredStatus === 'STOPPED' && task.stopCode === 'ServiceSchedulerInitiated' && task.stoppedReason === stopReasons.unhealthy;
}

/** Reached RUNNING and, if the deployment checks health, was last seen HEALTHY. */
function succeeded(task: Task, deployment: DeploymentState): boolean {
  return task.startedAt !== undefined && !failedHealthChecks(task) && (!deployment.hasHealthCheck || task.healthStatus === 'HEALTHY');
}

function failedAt(task: Task): number {
  return (task.stoppedAt ?? task.stoppingAt ?? task.executionStoppedAt ?? task.createdAt).getTime();
}

export function launchHistory(deployment: DeploymentState, tasks: readonly Task[]): LaunchHistory {
  const own = tasks.filter((t) => t.startedBy === deployment.id);
  let lastSuccess = -Infinity;
  for (const t of own) if (succeeded(t, deployment)) lastSuccess = Math.max(lastSuccess, t.startedAt!.getTime());
  let failedTasks = 0;
  let launchFailures = 0;
  let lastLaunchFailure: number | undefined;
  for (const t of own) {
    const start = failedToStart(t);
    if (!start && !failedHealthChecks(t)) continue;
    const at = failedAt(t);
    if (at <= lastSuccess) continue;
    failedTasks++;
    if (start) {
      launchFailures++;
      lastLaunchFailure = Math.max(lastLaunchFailure ?? at, at);
    }
  }
  return {
    failedTasks,
    launchFailures,
    ...(lastLaunchFailure === undefined ? {} : { lastLaunchFailureAt: new Date(lastLaunchFailure) }),
  };
}

/** The backoff gate: after n consecutive launch failures, wait min(15 min, 5 s × 2^(n−1)) from the last one. */
export function nextLaunchAt(history: LaunchHistory): Date | undefined {
  if (history.launchFailures === 0 || history.lastLaunchFailureAt === undefined) return undefined;
  return new Date(history.lastLaunchFailureAt.getTime() + backoffDelayMs(history.launchFailures));
}
