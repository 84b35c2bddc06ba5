import { clampCapacity, validationError, type CapacityBounds } from './capacity.js';

/**
 * Target tracking: keep a service metric at a target by sizing the service in proportion to how
 * far the metric is from it (Kubernetes' HPA rule, desired = ceil(current × metric / target)),
 * with a dead band so a metric near its target changes nothing, and scale-in held to the highest
 * recommendation of a trailing window so a brief dip does not shed tasks.
 */

export const predefinedMetricTypes = ['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization', 'ALBRequestCountPerTarget'] as const;
export type PredefinedMetricType = (typeof predefinedMetricTypes)[number];

export interface TargetTrackingConfiguration {
  readonly targetValue: number;
  readonly predefinedMetricType: PredefinedMetricType;
  /** ALBRequestCountPerTarget names its target group here, as Application Auto Scaling does. */
  readonly resourceLabel?: string;
  readonly scaleOutCooldownS: number;
  readonly scaleInCooldownS: number;
  readonly disableScaleIn: boolean;
}

/** ECS's default for both cooldowns of a target tracking policy. */
export const DEFAULT_COOLDOWN_S = 300;
/** A metric within ±10% of its target is on target (HPA's default tolerance). */
export const TARGET_TOLERANCE = 0.1;
/** Scale-in follows the highest recommendation of the last five minutes (HPA's stabilisation). */
export const SCALE_IN_STABILIZATION_MS = 300_000;
/** The largest cooldown Berth accepts: one day. */
export const MAX_COOLDOWN_S = 86_400;

export function checkTargetTracking(config: TargetTrackingConfiguration, field = 'TargetTrackingScalingPolicyConfiguration'): void {
  const { targetValue } = config;
  if (!Number.isFinite(targetValue) || targetValue <= 0) {
    throw validationError(`${field}.TargetValue must be a number greater than 0; got ${targetValue}.`);
  }
  if (config.predefinedMetricType !== 'ALBRequestCountPerTarget' && targetValue > 100) {
    throw validationError(`${field}.TargetValue is a utilization percentage for ${config.predefinedMetricType} and must be at most 100; got ${targetValue}.`);
  }
  if (config.predefinedMetricType === 'ALBRequestCountPerTarget' && !config.resourceLabel) {
    throw validationError(`${field}.PredefinedMetricSpecification.ResourceLabel is required for ALBRequestCountPerTarget.`);
  }
  if (config.predefinedMetricType !== 'ALBRequestCountPerTarget' && config.resourceLabel !== undefined) {
    throw validationError(`${field}.PredefinedMetricSpecification.ResourceLabel is only for ALBRequestCountPerTarget.`);
  }
  checkCooldown(config.scaleOutCooldownS, `${field}.ScaleOutCooldown`);
  checkCooldown(config.scaleInCooldownS, `${field}.ScaleInCooldown`);
}

export function checkCooldown(seconds: number, field: string): void {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_COOLDOWN_S) {
    throw validationError(`${field} must be a whole number of seconds from 0 to ${MAX_COOLDOWN_S}; got ${seconds}.`);
  }
}

/**
 * The capacity the metric asks for, or undefined when there is nothing to go on (no datapoint, or
 * no running task to scale in proportion to). Not yet clamped, stabilised or cooled down.
 */
export function targetTrackingCapacity(current: number, metric: number | undefined, targetValue: number, tolerance = TARGET_TOLERANCE): number | undefined {
  if (metric === undefined || !Number.isFinite(metric) || metric < 0 || current <= 0) return undefined;
  const ratio = metric / targetValue;
  // A hair of rounding slack (1e-9) so 55 / 50 sits on the band's edge and 3 × 2 stays 6, not 7.
  if (Math.abs(ratio - 1) <= tolerance + 1e-9) return current;
  // Never below one task: a service at zero has no metric to scale out on (scheduled actions can).
  return Math.max(1, Math.ceil(current * ratio - 1e-9));
}

export interface CapacityRecommendation {
  readonly at: number;
  readonly capacity: number;
}

/**
 * Scale-in waits for the highest recommendation in the window (this one included); scale-out is
 * never held back. Recommendations older than the window are ignored, so the caller may keep
 * more than it needs.
 */
export function stabilizedCapacity(current: number, recommended: number, history: readonly CapacityRecommendation[], now: number, windowMs = SCALE_IN_STABILIZATION_MS): number {
  if (recommended >= current) return recommended;
  let highest = recommended;
  for (const { at, capacity } of history) {
    if (now - at <= windowMs && at <= now && capacity > highest) highest = capacity;
  }
  return Math.min(current, highest);
}

/**
 * What one target tracking policy recommends now, stabilised and inside the bounds. The metric
 * was measured over `measuredTasks` running tasks (the desired count unless given): the
 * proportion applies to them, so tasks still starting are not counted as carrying load.
 */
export function targetTrackingStep(input: {
  readonly current: number;
  readonly measuredTasks?: number;
  readonly metric: number | undefined;
  readonly config: TargetTrackingConfiguration;
  readonly bounds: CapacityBounds;
  readonly history: readonly CapacityRecommendation[];
  readonly now: number;
  /** The scale-in stabilisation window (SCALE_IN_STABILIZATION_MS unless given). */
  readonly stabilizationMs?: number;
}): { readonly recommended: number; readonly capacity: number } | undefined {
  const measured = input.measuredTasks ?? input.current;
  const raw = targetTrackingCapacity(measured, input.metric, input.config.targetValue);
  if (raw === undefined) return undefined;
  // On target (within the dead band) means: keep the count, not shrink it to the tasks measured.
  const wanted = raw === measured ? clampCapacity(input.current, input.bounds) : clampCapacity(raw, input.bounds);
  const recommended = wanted < input.current && input.config.disableScaleIn ? input.current : wanted;
  return { recommended, capacity: stabilizedCapacity(input.current, recommended, input.history, input.now, input.stabilizationMs) };
}

/**
 * The capacity of `targetTrackingStep`. What goes into the history a later call stabilises over
 * is the step's `recommended` (the unstabilised ask): keeping stabilised values would hold a
 * count up for ever once it was high.
 */
export function targetTrackingRecommendation(input: Parameters<typeof targetTrackingStep>[0]): number | undefined {
  return targetTrackingStep(input)?.capacity;
}
