import type { SuspendedState } from './decide.js';
import type { PolicyActivity } from './cooldown.js';
import type { MetricAlarm, StepScalingConfiguration } from './step-scaling.js';
import type { CapacityRecommendation, PredefinedMetricType, TargetTrackingConfiguration } from './target-tracking.js';

/** The resources of service auto scaling, as the application layer and the store hold them. */

export interface ScalableTarget {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly arn: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly suspendedState: SuspendedState;
  readonly createdAt: Date;
}

export const policyTypes = ['TargetTrackingScaling', 'StepScaling'] as const;
export type PolicyType = (typeof policyTypes)[number];

/** A step policy's alarm (ours: Berth has no CloudWatch, so the policy carries it). */
export interface StepAlarm extends MetricAlarm {
  readonly metric: Exclude<PredefinedMetricType, 'ALBRequestCountPerTarget'>;
}

export type ScalingPolicyConfiguration =
  | { readonly policyType: 'TargetTrackingScaling'; readonly targetTracking: TargetTrackingConfiguration }
  | { readonly policyType: 'StepScaling'; readonly stepScaling: StepScalingConfiguration; readonly alarm: StepAlarm };

/** What the evaluation loop remembers of a policy between runs (kept in the store, so a restart loses nothing). */
export interface PolicyState {
  readonly activity: PolicyActivity;
  readonly recommendations: readonly CapacityRecommendation[];
}

export type ScalingPolicy = ScalingPolicyConfiguration & {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly name: string;
  readonly arn: string;
  readonly createdAt: Date;
  readonly state: PolicyState;
};

export interface ScheduledAction {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly name: string;
  readonly arn: string;
  readonly schedule: string;
  readonly timezone: string;
  readonly startTime?: Date;
  readonly endTime?: Date;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
  readonly createdAt: Date;
  /** When it runs next; undefined once it never will. */
  readonly nextRunAt?: Date;
}

export const activityStatusCodes = ['Pending', 'InProgress', 'Successful', 'Overridden', 'Unfulfilled', 'Failed'] as const;
export type ActivityStatusCode = (typeof activityStatusCodes)[number];

export interface ScalingActivity {
  readonly id: string;
  readonly clusterName: string;
  readonly serviceName: string;
  readonly description: string;
  readonly cause: string;
  readonly startTime: Date;
  readonly endTime?: Date;
  readonly statusCode: ActivityStatusCode;
  readonly statusMessage?: string;
}
