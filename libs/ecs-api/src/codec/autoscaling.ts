import {
  ECS_DESIRED_COUNT,
  ECS_NAMESPACE,
  ecsScalingRoleArn,
  serviceResourceId,
  type ArnScope,
  type ScalableTarget,
  type ScalingActivity,
  type ScalingPolicy,
  type ScheduledAction,
} from '@berth/domain';
import { compact, instant, type JsonObject } from './json.js';

/**
 * Service auto scaling's resources → Application Auto Scaling's shapes, members in camelCase (the
 * JSON endpoint writes them in PascalCase). Berth's own members only with `extensions`.
 */

const targetOf = (r: { clusterName: string; serviceName: string }) => ({
  serviceNamespace: ECS_NAMESPACE,
  resourceId: serviceResourceId({ cluster: r.clusterName, service: r.serviceName }),
  scalableDimension: ECS_DESIRED_COUNT,
});

export function encodeScalableTarget(t: ScalableTarget, scope: ArnScope): JsonObject {
  return {
    ...targetOf(t),
    minCapacity: t.minCapacity,
    maxCapacity: t.maxCapacity,
    roleArn: ecsScalingRoleArn(scope),
    creationTime: instant(t.createdAt),
    suspendedState: { ...t.suspendedState },
  };
}

export function encodeScalingPolicy(p: ScalingPolicy, extensions: boolean): JsonObject {
  const configuration =
    p.policyType === 'TargetTrackingScaling'
      ? {
          targetTrackingScalingPolicyConfiguration: compact({
            targetValue: p.targetTracking.targetValue,
            predefinedMetricSpecification: compact({ predefinedMetricType: p.targetTracking.predefinedMetricType, resourceLabel: p.targetTracking.resourceLabel }),
            scaleOutCooldown: p.targetTracking.scaleOutCooldownS,
            scaleInCooldown: p.targetTracking.scaleInCooldownS,
            disableScaleIn: p.targetTracking.disableScaleIn,
          }),
        }
      : {
          stepScalingPolicyConfiguration: compact({
            adjustmentType: p.stepScaling.adjustmentType,
            stepAdjustments: p.stepScaling.stepAdjustments.map((s) => compact({ ...s })),
            minAdjustmentMagnitude: p.stepScaling.minAdjustmentMagnitude,
            cooldown: p.stepScaling.cooldownS,
            metricAggregationType: p.stepScaling.metricAggregationType,
            alarm: extensions
              ? {
                  metricName: p.alarm.metric,
                  threshold: p.alarm.threshold,
                  comparisonOperator: p.alarm.comparisonOperator,
                  evaluationPeriods: p.alarm.evaluationPeriods,
                  period: p.alarm.periodS,
                  statistic: p.alarm.statistic,
                }
              : undefined,
          }),
        };
  return { policyArn: p.arn, policyName: p.name, ...targetOf(p), policyType: p.policyType, ...configuration, creationTime: instant(p.createdAt) };
}

export function encodeScalingActivity(a: ScalingActivity): JsonObject {
  return compact({
    activityId: a.id,
    ...targetOf(a),
    description: a.description,
    cause: a.cause,
    startTime: instant(a.startTime),
    endTime: instant(a.endTime),
    statusCode: a.statusCode,
    statusMessage: a.statusMessage,
  });
}

export function encodeScheduledAction(a: ScheduledAction): JsonObject {
  const action = compact({ minCapacity: a.minCapacity, maxCapacity: a.maxCapacity });
  return compact({
    scheduledActionName: a.name,
    scheduledActionArn: a.arn,
    ...targetOf(a),
    schedule: a.schedule,
    timezone: a.timezone,
    startTime: instant(a.startTime),
    endTime: instant(a.endTime),
    scalableTargetAction: Object.keys(action).length > 0 ? action : undefined,
    creationTime: instant(a.createdAt),
  });
}
