import { circuitBreakerThreshold } from './bounds.js';
import { serviceEvents } from './events.js';
import { launchHistory, nextLaunchAt } from './history.js';
import type { DeploymentState, ReconcileInput } from './types.js';

export const FAILED_REASON = 'tasks failed to start';

/** The deployments after reading launch history and, maybe, tripping the circuit breaker. */
export interface DeploymentDecision {
  /** The input deployments with failedTasks / launchFailures / nextLaunchAt refreshed and, on a trip, FAILED. */
  readonly deployments: DeploymentState[];
  readonly primary: DeploymentState | undefined;
  readonly newDeployment?: DeploymentState;
  readonly events: string[];
}

/** The PRIMARY deployment; if several claim it (a torn write), the newest wins. */
export function primaryOf(deployments: readonly DeploymentState[]): DeploymentState | undefined {
  let best: DeploymentState | undefined;
  for (const d of deployments) {
    if (d.status !== 'PRIMARY') continue;
    if (!best || d.createdAt.getTime() > best.createdAt.getTime() || (d.createdAt.getTime() === best.createdAt.getTime() && d.id > best.id)) best = d;
  }
  return best;
}

/** The rollback target: the newest deployment, other than `failed`, that once COMPLETED. */
export function lastCompleted(deployments: readonly DeploymentState[], failed: DeploymentState): DeploymentState | undefined {
  return deployments
    .filter((d) => d.id !== failed.id && d.rolloutState === 'COMPLETED')
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))[0];
}

/**
 * Refreshes every deployment's launch history and applies the circuit breaker to the PRIMARY one
 * while its rollout is IN_PROGRESS: `threshold(desired)` consecutive failures make it FAILED;
 * with rollback, a new PRIMARY of the last COMPLETED definition takes over and the failed one is
 * demoted to ACTIVE so the rollout drains it. Without a COMPLETED one to return to, there is no
 * rollback: the failed deployment stays PRIMARY and simply stops launching.
 */
export function decideDeployments(input: ReconcileInput, desired: number): DeploymentDecision {
  const { service, tasks, now } = input;
  const refreshed = service.deployments.map((d): DeploymentState => {
    const history = launchHistory(d, tasks);
    const next = nextLaunchAt(history);
    const { nextLaunchAt: _dropped, ...rest } = d;
    return { ...rest, failedTasks: history.failedTasks, launchFailures: history.launchFailures, ...(next ? { nextLaunchAt: next } : {}) };
  });
  const primary = primaryOf(refreshed);
  const breaker = service.deploymentConfiguration.circuitBreaker;
  if (!primary || !breaker.enable || primary.rolloutState !== 'IN_PROGRESS' || primary.failedTasks < circuitBreakerThreshold(desired)) {
    return { deployments: refreshed, primary, events: [] };
  }

  const target = breaker.rollback ? lastCompleted(refreshed, primary) : undefined;
  const failed: DeploymentState = {
    ...primary,
    rolloutState: 'FAILED',
    rolloutStateReason: FAILED_REASON,
    ...(target ? { status: 'ACTIVE' as const } : {}),
  };
  const deployments = refreshed.map((d) => (d.id === primary.id ? failed : d));
  const events = [serviceEvents.deploymentFailed(service.name, primary.id)];
  if (!target) return { deployments, primary: failed, events };

  const rollback: DeploymentState = {
    id: input.nextDeploymentId,
    status: 'PRIMARY',
    taskDefinitionArn: target.taskDefinitionArn,
    desiredCount: desired,
    pendingCount: 0,
    runningCount: 0,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${target.id}.`,
    failedTasks: 0,
    launchFailures: 0,
    createdAt: now,
    updatedAt: now,
    taskReservation: target.taskReservation,
    placementConstraints: target.placementConstraints,
    hasHealthCheck: target.hasHealthCheck,
  };
  return { deployments, primary: rollback, newDeployment: rollback, events };
}
