import {
  EcsError,
  SCALE_IN_STABILIZATION_MS,
  alarmDatapoints,
  boundsAfter,
  clampCapacity,
  cooldownAllows,
  decideCapacity,
  nextScheduledRun,
  parseScalingSchedule,
  recordActivity,
  serviceResourceId,
  stepScalingCapacity,
  targetTrackingStep,
  trackedMetric,
  type PolicyAsk,
  type PolicyState,
  type ScalableTarget,
  type ScalingPolicy,
  type ScheduledAction,
  type Service,
} from '@berth/domain';
import type { ServicePeriod } from '@berth/state-store';
import type { AppContext } from '../context.js';
import { clampToBounds, scaleService, uuidFrom } from './activities.js';

/**
 * The evaluation of service auto scaling, one pass: scheduled actions that are due, then every
 * policy of every scalable target, each target decided in its own transaction on its locked rows.
 * What a pass needs to remember (cooldowns, recent recommendations, the next run of an action) is
 * written with its decision, so a restart or another replica taking over loses nothing.
 */

export interface ScalingSettings {
  /** How far back target tracking averages a service's utilization (CloudWatch's one minute unless set). */
  readonly trackingWindowMs: number;
  /** Scale-in follows the highest recommendation of this window (SCALE_IN_STABILIZATION_MS unless set). */
  readonly scaleInStabilizationMs?: number;
}

const labels = { ECSServiceAverageCPUUtilization: 'CPU utilization', ECSServiceAverageMemoryUtilization: 'memory utilization' } as const;

/** Runs what is due among the scheduled actions of these clusters; true when a desired count changed. */
export async function runDueScheduledActions(app: AppContext, clusters: ReadonlySet<string>): Promise<boolean> {
  const due = (await app.store.read.listDueScheduledActions(app.now())).filter((a) => clusters.has(a.clusterName));
  let changed = false;
  for (const action of due) changed = (await runScheduledAction(app, action)) || changed;
  return changed;
}

async function runScheduledAction(app: AppContext, action: ScheduledAction): Promise<boolean> {
  return app.store.transaction(async (tx) => {
    const target = await tx.findScalableTargetForUpdate(action.clusterName, action.serviceName);
    if (!target) return false;
    const service = await tx.findServiceForUpdate(action.clusterName, action.serviceName);
    const now = app.now();
    const window = { createdAt: action.createdAt, ...(action.startTime ? { startTime: action.startTime } : {}), ...(action.endTime ? { endTime: action.endTime } : {}) };
    // Runs missed while no replica was evaluating collapse into this one.
    await tx.setScheduledActionNextRun(action, nextScheduledRun(parseScalingSchedule(action.schedule, action.timezone), now, window));
    if (target.suspendedState.scheduledScalingSuspended) return false;
    let bounds: { minCapacity: number; maxCapacity: number };
    try {
      bounds = boundsAfter(target, { minCapacity: action.minCapacity, maxCapacity: action.maxCapacity });
    } catch (error) {
      if (!(error instanceof EcsError)) throw error;
      await tx.insertScalingActivity({
        id: uuidFrom(app.ids.newId()),
        clusterName: action.clusterName,
        serviceName: action.serviceName,
        description: `Setting min capacity to ${action.minCapacity ?? target.minCapacity} and max capacity to ${action.maxCapacity ?? target.maxCapacity}`,
        cause: `scheduled action name ${action.name} was triggered`,
        startTime: now,
        endTime: now,
        statusCode: 'Failed',
        statusMessage: error.message,
      });
      return false;
    }
    const saved = await tx.saveScalableTarget({ ...target, ...bounds });
    if (!service || service.status !== 'ACTIVE') return false;
    return clampToBounds(app, tx, service, saved, `scheduled action ${action.name}`, now);
  });
}

/** Evaluates the policies of every scalable target of these clusters; true when a desired count changed. */
export async function evaluatePolicies(app: AppContext, settings: ScalingSettings, clusters: ReadonlySet<string>): Promise<boolean> {
  const targets = (await app.store.read.listScalableTargets()).filter((t) => clusters.has(t.clusterName));
  if (targets.length === 0) return false;
  const byTarget = new Map<string, ScalingPolicy[]>();
  for (const policy of await app.store.read.listScalingPolicies()) {
    const key = `${policy.clusterName}/${policy.serviceName}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), policy]);
  }
  let changed = false;
  for (const target of targets) {
    const policies = byTarget.get(`${target.clusterName}/${target.serviceName}`) ?? [];
    if (policies.length > 0) changed = (await evaluateTarget(app, settings, target, policies)) || changed;
  }
  return changed;
}

interface Evaluated {
  readonly ask: PolicyAsk;
  readonly state: PolicyState;
}

function evaluatePolicy(policy: ScalingPolicy, service: Service, target: ScalableTarget, periods: readonly ServicePeriod[], settings: ScalingSettings, now: Date): Evaluated {
  const current = service.desiredCount;
  const at = now.getTime();
  if (policy.policyType === 'TargetTrackingScaling') {
    const config = policy.targetTracking;
    const metric = config.predefinedMetricType === 'ALBRequestCountPerTarget' ? undefined : config.predefinedMetricType;
    const reading = metric ? trackedMetric(periods, metric, now, settings.trackingWindowMs) : undefined;
    const stabilizationMs = settings.scaleInStabilizationMs ?? SCALE_IN_STABILIZATION_MS;
    const history = policy.state.recommendations.filter((r) => at - r.at <= stabilizationMs);
    const step = targetTrackingStep({
      current,
      ...(reading ? { measuredTasks: reading.tasks } : {}),
      metric: reading?.value,
      config,
      bounds: target,
      history,
      now: at,
      stabilizationMs,
    });
    const wanted = step?.capacity;
    const cooldowns = { scaleOutMs: config.scaleOutCooldownS * 1000, scaleInMs: config.scaleInCooldownS * 1000 };
    const allowed = wanted !== undefined && cooldownAllows(current, wanted, policy.state.activity, cooldowns, at) ? wanted : undefined;
    const cause =
      reading && metric
        ? `target tracking policy ${policy.name}: ${labels[metric]} ${reading.value.toFixed(1)}% over ${reading.tasks} running tasks against a target of ${config.targetValue}%`
        : `target tracking policy ${policy.name}: insufficient data`;
    return {
      ask: { policyName: policy.name, capacity: allowed, cause },
      state: { ...policy.state, recommendations: step === undefined ? history : [...history, { at, capacity: step.recommended }] },
    };
  }
  const { stepScaling, alarm } = policy;
  const datapoints = alarmDatapoints(periods, alarm, now);
  const asked = stepScalingCapacity(current, stepScaling, alarm, datapoints);
  const wanted = asked === undefined ? undefined : clampCapacity(asked, target);
  const cooldown = { scaleOutMs: stepScaling.cooldownS * 1000, scaleInMs: stepScaling.cooldownS * 1000 };
  const allowed = wanted !== undefined && cooldownAllows(current, wanted, policy.state.activity, cooldown, at) ? wanted : undefined;
  const last = datapoints.slice(-alarm.evaluationPeriods).map((d) => d.toFixed(1));
  return {
    ask: {
      policyName: policy.name,
      capacity: allowed,
      cause: `monitor alarm of step scaling policy ${policy.name} in state ALARM: ${labels[alarm.metric]} ${alarm.statistic} [${last.join(', ')}]% ${alarm.comparisonOperator} ${alarm.threshold}%`,
    },
    state: policy.state,
  };
}

async function evaluateTarget(app: AppContext, settings: ScalingSettings, target: ScalableTarget, policies: readonly ScalingPolicy[]): Promise<boolean> {
  const service = await app.store.read.findService(target.clusterName, target.serviceName);
  if (!service || service.status !== 'ACTIVE') return false;
  const now = app.now();
  const lookBack = Math.max(
    settings.trackingWindowMs,
    ...policies.map((p) => (p.policyType === 'StepScaling' ? (p.alarm.evaluationPeriods + 1) * p.alarm.periodS * 1000 : 0)),
  );
  const periods = await app.store.read.listServicePeriods(target.clusterName, target.serviceName, new Date(now.getTime() - lookBack));
  const deploymentInProgress = (await app.store.read.listDeployments(target.clusterName, target.serviceName)).length > 1;
  const evaluated = policies.map((p) => ({ policy: p, ...evaluatePolicy(p, service, target, periods, settings, now) }));
  const decision = decideCapacity({ current: service.desiredCount, bounds: target, asks: evaluated.map((e) => e.ask), deploymentInProgress, suspended: target.suspendedState });
  return app.store.transaction(async (tx) => {
    if (!(await tx.findScalableTargetForUpdate(target.clusterName, target.serviceName))) return false;
    const locked = await tx.findServiceForUpdate(target.clusterName, target.serviceName);
    // The count moved under us (an UpdateService, another pass): decide again next time.
    const act = decision.action !== 'none' && locked?.status === 'ACTIVE' && locked.desiredCount === service.desiredCount;
    for (const { policy, state } of evaluated) {
      const activity = act && decision.policyName === policy.name ? recordActivity(state.activity, service.desiredCount, decision.capacity, now.getTime()) : state.activity;
      if (activity !== policy.state.activity || state !== policy.state) await tx.saveScalingPolicyState(policy, { ...state, activity });
    }
    if (!act || !locked) return false;
    const resource = serviceResourceId({ cluster: target.clusterName, service: target.serviceName });
    await scaleService(app, tx, locked, decision.capacity, `${resource}: ${decision.cause}`, now);
    return true;
  });
}
