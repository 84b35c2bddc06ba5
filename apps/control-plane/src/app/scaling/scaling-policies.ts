import {
  DEFAULT_COOLDOWN_S,
  EcsError,
  adjustmentTypes,
  checkMetricAlarm,
  checkStepScaling,
  checkTargetTracking,
  comparisonOperators,
  metricAggregationTypes,
  metricStatistics,
  predefinedMetricTypes,
  scalingPolicyArn,
  validationError,
  type ScalingPolicy,
  type ScalingPolicyConfiguration,
  type StepAlarm,
} from '@berth/domain';
import type { RequestOf, ResultOf } from '@berth/ecs-api';
import type { Caller } from '../caller.js';
import type { AppContext } from '../context.js';
import { pageOf } from '../pagination.js';
import { uuidFrom } from './activities.js';
import { describedRefFrom, lockTarget, requireScalableService, scalingPageSize, scalingToken, targetRefFrom, visibleTo, type TargetRef } from './scalable-service.js';

const POLICY_NAME = /^[A-Za-z0-9_.:/-]{1,256}$/;
/** Application Auto Scaling's limit on one target's scaling policies. */
export const MAX_POLICIES_PER_TARGET = 50;

function oneOf<T extends string>(values: readonly T[], value: string | undefined, field: string, fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (value === undefined) throw validationError(`${field} is required.`);
  if (!(values as readonly string[]).includes(value)) throw validationError(`${field} must be one of ${values.join(', ')}; got ${JSON.stringify(value)}.`);
  return value as T;
}

type Put = RequestOf<'PutScalingPolicy'>;

/** The request's configuration as the domain holds it, every value checked with its field named. */
export function policyConfigurationFrom(req: Put): ScalingPolicyConfiguration {
  const policyType = oneOf(['TargetTrackingScaling', 'StepScaling'] as const, req.policyType, 'PolicyType', 'StepScaling');
  if (policyType === 'TargetTrackingScaling') {
    const given = req.targetTrackingScalingPolicyConfiguration;
    if (!given) throw validationError('TargetTrackingScalingPolicyConfiguration is required for PolicyType TargetTrackingScaling.');
    if (req.stepScalingPolicyConfiguration) throw validationError('StepScalingPolicyConfiguration is not allowed with PolicyType TargetTrackingScaling.');
    if (given.customizedMetricSpecification) {
      throw new EcsError('ValidationException', 'CustomizedMetricSpecification is not supported: Berth has no CloudWatch; use PredefinedMetricSpecification.');
    }
    if (given.targetValue === undefined) throw validationError('TargetTrackingScalingPolicyConfiguration.TargetValue is required.');
    const spec = given.predefinedMetricSpecification;
    if (!spec) throw validationError('TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification is required.');
    const targetTracking = {
      targetValue: given.targetValue,
      predefinedMetricType: oneOf(predefinedMetricTypes, spec.predefinedMetricType, 'TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType'),
      ...(spec.resourceLabel !== undefined ? { resourceLabel: spec.resourceLabel } : {}),
      scaleOutCooldownS: given.scaleOutCooldown ?? DEFAULT_COOLDOWN_S,
      scaleInCooldownS: given.scaleInCooldown ?? DEFAULT_COOLDOWN_S,
      disableScaleIn: given.disableScaleIn ?? false,
    };
    checkTargetTracking(targetTracking);
    if (targetTracking.predefinedMetricType === 'ALBRequestCountPerTarget') {
      throw validationError('ALBRequestCountPerTarget needs a load balancer in front of the service, which Berth services do not have yet; use ECSServiceAverageCPUUtilization or ECSServiceAverageMemoryUtilization.');
    }
    return { policyType, targetTracking };
  }
  const given = req.stepScalingPolicyConfiguration;
  if (!given) throw validationError('StepScalingPolicyConfiguration is required for PolicyType StepScaling.');
  if (req.targetTrackingScalingPolicyConfiguration) throw validationError('TargetTrackingScalingPolicyConfiguration is not allowed with PolicyType StepScaling.');
  const F = 'StepScalingPolicyConfiguration';
  const stepScaling = {
    adjustmentType: oneOf(adjustmentTypes, given.adjustmentType, `${F}.AdjustmentType`),
    stepAdjustments: (given.stepAdjustments ?? []).map((s, i) => {
      if (s.scalingAdjustment === undefined) throw validationError(`${F}.StepAdjustments[${i}].ScalingAdjustment is required.`);
      return {
        ...(s.metricIntervalLowerBound !== undefined ? { metricIntervalLowerBound: s.metricIntervalLowerBound } : {}),
        ...(s.metricIntervalUpperBound !== undefined ? { metricIntervalUpperBound: s.metricIntervalUpperBound } : {}),
        scalingAdjustment: s.scalingAdjustment,
      };
    }),
    ...(given.minAdjustmentMagnitude !== undefined ? { minAdjustmentMagnitude: given.minAdjustmentMagnitude } : {}),
    cooldownS: given.cooldown ?? DEFAULT_COOLDOWN_S,
    metricAggregationType: oneOf(metricAggregationTypes, given.metricAggregationType, `${F}.MetricAggregationType`, 'Average'),
  };
  checkStepScaling(stepScaling);
  const alarm = alarmFrom(given.alarm, `${F}.Alarm`);
  return { policyType, stepScaling, alarm };
}

function alarmFrom(given: NonNullable<Put['stepScalingPolicyConfiguration']>['alarm'], field: string): StepAlarm {
  if (!given) {
    throw validationError(
      `${field} is required: Berth has no CloudWatch, so a step policy carries its alarm (MetricName, Threshold, ComparisonOperator, EvaluationPeriods, Period, Statistic).`,
    );
  }
  const metrics = ['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization'] as const;
  if (given.threshold === undefined) throw validationError(`${field}.Threshold is required.`);
  const alarm: StepAlarm = {
    metric: oneOf(metrics, given.metricName, `${field}.MetricName`),
    threshold: given.threshold,
    comparisonOperator: oneOf(comparisonOperators, given.comparisonOperator, `${field}.ComparisonOperator`),
    evaluationPeriods: given.evaluationPeriods ?? 1,
    periodS: given.period ?? 60,
    statistic: oneOf(metricStatistics, given.statistic, `${field}.Statistic`, 'Average'),
  };
  checkMetricAlarm(alarm, field);
  return alarm;
}

export async function putScalingPolicy(app: AppContext, req: Put): Promise<ResultOf<'PutScalingPolicy'>> {
  const ref = targetRefFrom(req);
  const name = policyNameFrom(req.policyName, 'PolicyName');
  const configuration = policyConfigurationFrom(req);
  await requireScalableService(app.store.read, ref);
  const policy = await app.store.transaction(async (tx) => {
    await lockTarget(tx, ref);
    const existing = await tx.listScalingPolicies({ clusterName: ref.clusterName, serviceName: ref.serviceName });
    const same = existing.find((p) => p.name === name);
    if (!same && existing.length >= MAX_POLICIES_PER_TARGET) {
      throw new EcsError('ValidationException', `${ref.resourceId} already has ${MAX_POLICIES_PER_TARGET} scaling policies, the most one scalable target may have.`);
    }
    const now = app.now();
    return tx.saveScalingPolicy({
      ...configuration,
      clusterName: ref.clusterName,
      serviceName: ref.serviceName,
      name,
      arn: same?.arn ?? scalingPolicyArn(app.scope, uuidFrom(app.ids.newId()), { cluster: ref.clusterName, service: ref.serviceName }, name),
      createdAt: same?.createdAt ?? now,
      state: same?.state ?? { activity: {}, recommendations: [] },
    } as ScalingPolicy);
  });
  return { policy };
}

export function policyNameFrom(name: string | undefined, field: string): string {
  if (!name) throw validationError(`${field} is required.`);
  if (!POLICY_NAME.test(name)) throw validationError(`${field} must be 1 to 256 letters, digits or _ . : / -; got ${JSON.stringify(name.slice(0, 64))}.`);
  return name;
}

const policyNotFound = (ref: TargetRef, name: string) =>
  new EcsError('ObjectNotFoundException', `No scaling policy found for service namespace: ecs, resource ID: ${ref.resourceId}, scalable dimension: ecs:service:DesiredCount, policy name: ${name}`);

export async function deleteScalingPolicy(app: AppContext, req: RequestOf<'DeleteScalingPolicy'>): Promise<ResultOf<'DeleteScalingPolicy'>> {
  const ref = targetRefFrom(req);
  const name = policyNameFrom(req.policyName, 'PolicyName');
  await app.store.transaction(async (tx) => {
    await lockTarget(tx, ref);
    if (!(await tx.deleteScalingPolicy(ref.clusterName, ref.serviceName, name))) throw policyNotFound(ref, name);
  });
  return {};
}

export async function describeScalingPolicies(app: AppContext, req: RequestOf<'DescribeScalingPolicies'>, caller: Caller): Promise<ResultOf<'DescribeScalingPolicies'>> {
  const ref = describedRefFrom(req);
  const size = scalingPageSize(req.maxResults);
  const after = scalingToken(req.nextToken)?.split('/');
  const rows = await app.store.read.listScalingPolicies({
    ...(ref ? { clusterName: ref.clusterName, serviceName: ref.serviceName } : {}),
    ...(req.policyNames ? { names: req.policyNames } : {}),
    ...(after ? { after: { clusterName: after[0] ?? '', serviceName: after[1] ?? '', name: after.slice(2).join('/') } } : {}),
    limit: size + 1,
  });
  const page = pageOf(rows, size, (p) => `${p.clusterName}/${p.serviceName}/${p.name}`);
  return {
    scalingPolicies: page.items.filter((p) => visibleTo(caller, p.clusterName)),
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
}
