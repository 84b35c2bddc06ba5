/**
 * Application Auto Scaling's requests (botocore application-autoscaling/2016-02-06), with members
 * in camelCase as every request here is: the JSON endpoint turns its PascalCase members into these
 * (`RoleARN` → `roleArn`) and back. Structure only; the meaning is the application layer's.
 */
import { z } from 'zod';
import { integer, names, text } from './common.js';

const target = { serviceNamespace: text.optional(), resourceId: text.optional(), scalableDimension: text.optional() };
const paging = { maxResults: integer.optional(), nextToken: text.optional() };
/** Timestamps arrive as epoch seconds on the JSON wire and as ISO-8601 from people. */
const timestamp = z.union([z.number(), z.string()]);

export const suspendedState = z.object({
  dynamicScalingInSuspended: z.boolean().optional(),
  dynamicScalingOutSuspended: z.boolean().optional(),
  scheduledScalingSuspended: z.boolean().optional(),
});

export const registerScalableTargetRequest = z.object({
  ...target,
  minCapacity: integer.optional(),
  maxCapacity: integer.optional(),
  roleArn: text.optional(),
  suspendedState: suspendedState.optional(),
});
export const deregisterScalableTargetRequest = z.object({ ...target });
export const describeScalableTargetsRequest = z.object({ serviceNamespace: text.optional(), resourceIds: names.optional(), scalableDimension: text.optional(), ...paging });

export const stepAdjustment = z.object({ metricIntervalLowerBound: z.number().optional(), metricIntervalUpperBound: z.number().optional(), scalingAdjustment: integer.optional() });
/** The alarm a step policy acts on (ours: Berth has no CloudWatch, so the policy carries it). */
export const stepAlarm = z.object({
  metricName: text.optional(),
  threshold: z.number().optional(),
  comparisonOperator: text.optional(),
  evaluationPeriods: integer.optional(),
  period: integer.optional(),
  statistic: text.optional(),
});
export const stepScalingPolicyConfiguration = z.object({
  adjustmentType: text.optional(),
  stepAdjustments: z.array(stepAdjustment).optional(),
  minAdjustmentMagnitude: integer.optional(),
  cooldown: integer.optional(),
  metricAggregationType: text.optional(),
  alarm: stepAlarm.optional(),
});
export const targetTrackingScalingPolicyConfiguration = z.object({
  targetValue: z.number().optional(),
  predefinedMetricSpecification: z.object({ predefinedMetricType: text.optional(), resourceLabel: text.optional() }).optional(),
  customizedMetricSpecification: z.record(z.string(), z.unknown()).optional(),
  scaleOutCooldown: integer.optional(),
  scaleInCooldown: integer.optional(),
  disableScaleIn: z.boolean().optional(),
});
export const putScalingPolicyRequest = z.object({
  policyName: text.optional(),
  ...target,
  policyType: text.optional(),
  stepScalingPolicyConfiguration: stepScalingPolicyConfiguration.optional(),
  targetTrackingScalingPolicyConfiguration: targetTrackingScalingPolicyConfiguration.optional(),
});
export const deleteScalingPolicyRequest = z.object({ policyName: text.optional(), ...target });
export const describeScalingPoliciesRequest = z.object({ policyNames: names.optional(), ...target, ...paging });
export const describeScalingActivitiesRequest = z.object({ ...target, ...paging });

export const putScheduledActionRequest = z.object({
  ...target,
  schedule: text.optional(),
  timezone: text.optional(),
  scheduledActionName: text.optional(),
  startTime: timestamp.optional(),
  endTime: timestamp.optional(),
  scalableTargetAction: z.object({ minCapacity: integer.optional(), maxCapacity: integer.optional() }).optional(),
});
export const deleteScheduledActionRequest = z.object({ scheduledActionName: text.optional(), ...target });
export const describeScheduledActionsRequest = z.object({ scheduledActionNames: names.optional(), ...target, ...paging });
