import { DEFAULT_LOST_HOST_TIMEOUT_MS } from '@berth/domain';
import { afterStops } from '../placement/snapshot.js';
import type { InstanceSnapshot, PlacementFailure } from '../placement/types.js';
import { lowerBound, upperBound } from './bounds.js';
import { classify, lostHostWhy, lostInstances, replicaLeavingWhy, type TaskView } from './classify.js';
import { decideDeployments, primaryOf } from './circuit-breaker.js';
import { daemonLeavingWhy, eligibleInstances, rollDaemon } from './daemon.js';
import { finishDeployments } from './deployments.js';
import { formatUnableToPlaceEvent, serviceEvents, suppressRepeats } from './events.js';
import { planPlacements } from './placements.js';
import { rollReplica } from './replica.js';
import type { RollContext } from './roll.js';
import { stopReasons } from './stop-reasons.js';
import type { DeploymentState, PlannedPlacement, PlannedStart, ReconcileInput, ServicePlan } from './types.js';

/**
 * The service scheduler's one pass: a pure function from what the service and cluster look like
 * now to what should change (nomad's reconciler, `ClusterState{Now}`). It is level-triggered —
 * everything it needs is in the input, STOPPED tasks included, so a pass can be repeated or
 * dropped without harm — and it decides only: the applier places the starts, re-checks and commits.
 *
 *   desired (REPLICA: desiredCount; DAEMON: eligible instances)
 *   → deployments: launch history, circuit breaker, rollback
 *   → tasks classified (counting, healthy, unhealthy, leaving)
 *   → roll (REPLICA or DAEMON): forced stops, starts ≤ upper, replacements, old tasks ≥ lower
 *   → placements of the starts on the snapshot as it is after the stops
 *   → deployments' counts, INACTIVE, COMPLETED → events, minus repeats
 */
export function reconcileService(input: ReconcileInput): ServicePlan {
  const { service, now } = input;
  if (service.status === 'INACTIVE') return { ...nothingToStart, stop: [], deployments: service.deployments, events: [], steady: false, drained: true };
  if (service.status === 'DRAINING') return drainService(input);

  const daemon = service.schedulingStrategy === 'DAEMON';
  const current = primaryOf(service.deployments);
  const binding = [...service.placementConstraints, ...(current?.placementConstraints ?? [])];
  const eligible = input.instanceEligible ?? ((i: InstanceSnapshot) => binding.every((c) => c.type !== 'memberOf' || c.matches(i)));
  const targets = daemon ? eligibleInstances(input.instances, eligible) : [];
  const desired = daemon ? targets.length : service.desiredCount;
  const config = service.deploymentConfiguration;

  const decision = decideDeployments(input, desired);
  const primary = decision.primary;
  const lostTimeout = input.lostHostTimeoutMs ?? DEFAULT_LOST_HOST_TIMEOUT_MS;
  const lost = lostInstances(input.instances, now, lostTimeout);
  const views = classifyAll(input, primary?.id, daemon ? daemonLeavingWhy(input.instances, eligible) : replicaLeavingWhy(input.instances, lost), daemon ? undefined : lost);
  const ctx: RollContext = {
    views,
    desired,
    upper: upperBound(desired, config.maximumPercent),
    lower: lowerBound(desired, config.minimumHealthyPercent),
    primaryId: primary?.id,
    scalingReason: stopReasons.scalingActivity(primary?.id ?? service.name),
    ...launchGate(primary, now),
  };
  const roll = daemon ? rollDaemon(ctx, targets) : rollReplica(ctx);

  const start: PlannedStart[] =
    primary && roll.starts > 0 ? [{ deploymentId: primary.id, count: roll.starts, ...(roll.instanceIds ? { instanceIds: roll.instanceIds } : {}) }] : [];
  const stoppedArns = new Set(roll.stops.map((s) => s.taskArn));
  const snapshot = afterStops(input.instances, input.tasks.filter((t) => stoppedArns.has(t.arn)));
  const placements: PlannedPlacement[] = [];
  const placementFailures: PlacementFailure[] = [];
  for (const s of start) {
    if (!primary) break;
    const planned = planPlacements(service, primary, s, snapshot, input.seed);
    if (planned.placement) placements.push(planned.placement);
    placementFailures.push(...planned.failures);
  }
  const finished = finishDeployments({
    original: service.deployments,
    decided: decision.deployments,
    primaryId: primary?.id,
    views,
    stopped: stoppedArns,
    desired,
    quiet: start.length === 0 && roll.stops.length === 0,
    now,
  });
  const steady = finished.steady && decision.newDeployment === undefined;

  const events = [...decision.events, ...(daemon ? [] : lostHostEvents(service.name, input.instances, views, lost))];
  if (placementFailures[0]) events.push(formatUnableToPlaceEvent(service.name, placementFailures[0]));
  if (ctx.launchBlocked === 'backoff' && roll.wanted > 0) events.push(serviceEvents.cannotStartConsistently(service.name));
  if (roll.stuck) events.push(serviceEvents.noProgress(service.name, config.minimumHealthyPercent, config.maximumPercent));
  if (finished.completedId !== undefined) events.push(serviceEvents.deploymentCompleted(service.name, finished.completedId));
  if (steady) events.push(serviceEvents.steady(service.name));

  return {
    start,
    placements,
    placementFailures,
    stop: roll.stops,
    deployments: finished.deployments,
    ...(decision.newDeployment ? { newDeployment: decision.newDeployment } : {}),
    events: suppressRepeats(events, service.recentEvents),
    steady,
    ...(daemon ? { desiredCountOfService: desired } : {}),
    drained: false,
  };
}

/** One event per lost instance that still holds counting tasks of the service. */
function lostHostEvents(serviceName: string, instances: readonly InstanceSnapshot[], views: readonly TaskView[], lost: (id: string) => boolean): string[] {
  const holding = new Set(views.filter((v) => v.counting).map((v) => v.task.containerInstanceId));
  return instances.filter((i) => holding.has(i.id) && lost(i.id)).map((i) => serviceEvents.lostHost(serviceName, i.id, lostHostWhy(i)));
}

function classifyAll(input: ReconcileInput, primaryId: string | undefined, leavingWhy: (id: string) => string | undefined, lost?: (id: string) => boolean): TaskView[] {
  const deployments = new Map(input.service.deployments.map((d) => [d.id, d]));
  const ctx = { primaryId, deployments, now: input.now, gracePeriodSeconds: input.service.healthCheckGracePeriodSeconds, leavingWhy, ...(lost ? { lost } : {}) };
  return input.tasks.map((t) => classify(t, ctx));
}

/** The PRIMARY may launch unless it is missing, FAILED, or inside its restart backoff. */
function launchGate(primary: DeploymentState | undefined, now: Date): Pick<RollContext, 'launchBlocked'> {
  if (!primary) return { launchBlocked: 'no-primary' };
  if (primary.rolloutState === 'FAILED') return { launchBlocked: 'failed' };
  if (primary.nextLaunchAt && now.getTime() < primary.nextLaunchAt.getTime()) return { launchBlocked: 'backoff' };
  return {};
}

/**
 * DeleteService: stop every task still meant to run, regardless of minimumHealthyPercent; once
 * none is left that is not STOPPED the caller may mark the service INACTIVE.
 */
function drainService(input: ReconcileInput): ServicePlan {
  const { service } = input;
  const primaryId = primaryOf(service.deployments)?.id;
  const views = classifyAll(input, primaryId, () => undefined);
  const stop = views
    .filter((v) => v.counting)
    .map((v) => ({ taskArn: v.task.arn, reason: stopReasons.serviceDeleted(service.name), stopCode: 'ServiceSchedulerInitiated' as const }));
  const finished = finishDeployments({
    original: service.deployments,
    decided: [...service.deployments],
    primaryId,
    views,
    stopped: new Set(stop.map((s) => s.taskArn)),
    desired: 0,
    quiet: false,
    now: input.now,
  });
  return { ...nothingToStart, stop, deployments: finished.deployments, events: [], steady: false, drained: views.every((v) => !v.present) };
}

const nothingToStart = { start: [], placements: [], placementFailures: [] } as const;
