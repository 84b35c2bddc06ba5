import type { TaskView } from './classify.js';
import type { DeploymentState } from './types.js';

export interface FinishInput {
  /** The deployments as the caller sent them, to tell what changed. */
  readonly original: readonly DeploymentState[];
  /** After the circuit breaker (launch history refreshed, maybe FAILED / demoted). */
  readonly decided: readonly DeploymentState[];
  readonly primaryId: string | undefined;
  readonly views: readonly TaskView[];
  readonly stopped: ReadonlySet<string>;
  readonly desired: number;
  /** The plan starts and stops nothing. */
  readonly quiet: boolean;
  readonly now: Date;
}

export interface Finished {
  readonly deployments: DeploymentState[];
  /** The PRIMARY deployment whose rollout completed in this pass. */
  readonly completedId?: string;
  /** One deployment left, exactly `desired` tasks, all RUNNING, healthy and staying put, nothing to do. */
  readonly steady: boolean;
}

/**
 * Brings deployments up to date with the tasks: pending/running counts as observed (before the
 * plan is applied), desiredCount (the PRIMARY's is the service's; an old one's is what it keeps
 * after this plan's stops, reaching 0 as it drains), ACTIVE → INACTIVE once an old deployment has
 * no task that is not STOPPED, and COMPLETED once the PRIMARY stands alone at its desired count.
 */
export function finishDeployments(input: FinishInput): Finished {
  const { views, stopped, desired, primaryId } = input;
  const own = (id: string) => views.filter((v) => v.task.startedBy === id);
  const counted = input.decided.map((d): DeploymentState => {
    const mine = own(d.id);
    const counting = mine.filter((v) => v.counting);
    const isPrimary = d.id === primaryId;
    let status: DeploymentState['status'] = isPrimary ? 'PRIMARY' : d.status === 'PRIMARY' ? 'ACTIVE' : d.status;
    if (status === 'ACTIVE' && !mine.some((v) => v.present)) status = 'INACTIVE';
    return {
      ...d,
      status,
      desiredCount: isPrimary ? desired : counting.filter((v) => !stopped.has(v.task.arn)).length,
      pendingCount: counting.filter((v) => v.pending).length,
      runningCount: counting.filter((v) => v.task.lastStatus === 'RUNNING').length,
    };
  });

  const alone = counted.every((d) => d.id === primaryId || d.status === 'INACTIVE');
  const primaryTasks = primaryId === undefined ? [] : own(primaryId).filter((v) => v.counting);
  const atDesired = primaryTasks.length === desired && primaryTasks.every((v) => v.healthy && v.leaving === undefined);
  const steady = primaryId !== undefined && alone && atDesired && input.quiet;
  let completedId: string | undefined;
  const deployments = counted.map((d) => {
    if (d.id === primaryId && steady && d.rolloutState === 'IN_PROGRESS') {
      completedId = d.id;
      return { ...d, rolloutState: 'COMPLETED' as const, rolloutStateReason: `ECS deployment ${d.id} completed.` };
    }
    return d;
  });

  const before = new Map(input.original.map((d) => [d.id, d]));
  return {
    deployments: deployments.map((d) => {
      const was = before.get(d.id);
      return was && same(was, d) ? was : { ...d, updatedAt: input.now };
    }),
    ...(completedId === undefined ? {} : { completedId }),
    steady,
  };
}

function same(a: DeploymentState, b: DeploymentState): boolean {
  return (
    a.status === b.status &&
    a.desiredCount === b.desiredCount &&
    a.pendingCount === b.pendingCount &&
    a.runningCount === b.runningCount &&
    a.rolloutState === b.rolloutState &&
    a.rolloutStateReason === b.rolloutStateReason &&
    a.failedTasks === b.failedTasks &&
    a.launchFailures === b.launchFailures &&
    a.nextLaunchAt?.getTime() === b.nextLaunchAt?.getTime()
  );
}
