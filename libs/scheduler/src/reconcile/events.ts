import type { PlacementFailure } from '../placement/types.js';

/**
 * Service event messages in ECS's wording (spec "Services"). The reconciler emits the ones it can
 * know; the caller formats the ones that need task ids or placement results with the helpers here.
 */
export const serviceEvents = {
  steady: (service: string): string => `(service ${service}) has reached a steady state.`,
  deploymentCompleted: (service: string, deploymentId: string): string => `(service ${service}) (deployment ${deploymentId}) deployment completed.`,
  deploymentFailed: (service: string, deploymentId: string): string =>
    `(service ${service}) (deployment ${deploymentId}) deployment failed: tasks failed to start.`,
  cannotStartConsistently: (service: string): string => `(service ${service}) is unable to consistently start tasks successfully.`,
  /** *(ours)* Tasks on a lost instance are being replaced elsewhere. */
  lostHost: (service: string, instanceId: string, why: string): string =>
    `(service ${service}) is replacing its tasks on container instance ${instanceId}, which ${why}.`,
  /** *(ours)* ECS only says that min = max = 100 cannot make progress; we say it for any stuck pair. */
  noProgress: (service: string, minimumHealthyPercent: number, maximumPercent: number): string =>
    `(service ${service}) is unable to make progress: minimumHealthyPercent ${minimumHealthyPercent} and maximumPercent ${maximumPercent} leave no room to replace tasks.`,
} as const;

/** "(service X) has started 2 tasks: (task a) (task b)." — ECS says "1 tasks" too. */
export function formatStartedEvent(serviceName: string, taskIds: readonly string[]): string {
  return `(service ${serviceName}) has started ${taskIds.length} tasks: ${taskIds.map((id) => `(task ${id})`).join(' ')}.`;
}

/** "(service X) has stopped 1 running tasks: (task a)." */
export function formatStoppedEvent(serviceName: string, taskIds: readonly string[]): string {
  return `(service ${serviceName}) has stopped ${taskIds.length} running tasks: ${taskIds.map((id) => `(task ${id})`).join(' ')}.`;
}

/** What ECS says about the closest instance, per placement failure reason. */
function closestMatchSays(failure: PlacementFailure): string {
  switch (failure.reason) {
    case 'RESOURCE:MEMORY':
      return 'has insufficient memory available';
    case 'RESOURCE:CPU':
      return 'has insufficient CPU units available';
    case 'RESOURCE:PORTS':
      return 'is already using a port required by your task';
    case 'ATTRIBUTE':
      return 'is missing an attribute required by your task';
    case 'AGENT':
      return /not connected/i.test(failure.detail) ? 'is not connected' : 'encountered an error';
    case 'DRAINING':
      return 'is draining';
    case 'MISSING':
      return 'encountered an error';
  }
}

/**
 * "(service X) was unable to place a task because no container instance met all of its
 * requirements. The closest matching (container-instance i) has insufficient memory available."
 * A failure naming no instance means the cluster had none to consider.
 */
export function formatUnableToPlaceEvent(serviceName: string, failure: PlacementFailure): string {
  const head = `(service ${serviceName}) was unable to place a task because no container instance met all of its requirements.`;
  if (failure.arn === '') return `${head} Reason: No Container Instances were found in your cluster.`;
  const instanceId = failure.arn.slice(failure.arn.lastIndexOf('/') + 1);
  return `${head} The closest matching (container-instance ${instanceId}) ${closestMatchSays(failure)}.`;
}

const ACTIVITY = /^\(service [^)]*\) has (started|stopped) \d+ /;

/**
 * Drops messages that would only repeat what the service already said: a message is suppressed
 * when the same text appears in `recentEvents` after the newest "has started"/"has stopped" event,
 * i.e. nothing has happened since it was said. So "steady state" is said once per steady spell, and
 * a stuck or backing-off service does not fill its 100 events with one line. Also dedupes `messages`.
 */
export function suppressRepeats(messages: readonly string[], recentEvents: readonly string[]): string[] {
  let since = recentEvents.length;
  while (since > 0 && !ACTIVITY.test(recentEvents[since - 1]!)) since--;
  const said = new Set(recentEvents.slice(since));
  const out: string[] = [];
  for (const m of messages) {
    if (said.has(m)) continue;
    said.add(m);
    out.push(m);
  }
  return out;
}
