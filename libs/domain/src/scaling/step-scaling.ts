import { adjustedCapacity, validationError, type AdjustmentType } from './capacity.js';
import { checkCooldown } from './target-tracking.js';

/**
 * Step scaling: an alarm watches a metric against a threshold; while it is in ALARM, the size of
 * the breach picks one step, and the step's adjustment is applied. Bounds are relative to the
 * threshold, as in Application Auto Scaling's StepAdjustments.
 */

export interface StepAdjustment {
  readonly metricIntervalLowerBound?: number;
  readonly metricIntervalUpperBound?: number;
  readonly scalingAdjustment: number;
}

export const metricAggregationTypes = ['Average', 'Minimum', 'Maximum'] as const;
export type MetricAggregationType = (typeof metricAggregationTypes)[number];

export interface StepScalingConfiguration {
  readonly adjustmentType: AdjustmentType;
  readonly stepAdjustments: readonly StepAdjustment[];
  readonly minAdjustmentMagnitude?: number;
  readonly cooldownS: number;
  readonly metricAggregationType: MetricAggregationType;
}

export const comparisonOperators = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'] as const;
export type ComparisonOperator = (typeof comparisonOperators)[number];

export const metricStatistics = ['Average', 'Minimum', 'Maximum', 'Sum', 'SampleCount'] as const;
export type Statistic = (typeof metricStatistics)[number];

/** The alarm a step policy acts on: each period's datapoint is `statistic` over that period's samples. */
export interface MetricAlarm {
  readonly threshold: number;
  readonly comparisonOperator: ComparisonOperator;
  readonly evaluationPeriods: number;
  readonly periodS: number;
  readonly statistic: Statistic;
}

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

const FIELD = 'StepScalingPolicyConfiguration';

/**
 * Application Auto Scaling's rules for steps: no overlaps and no gaps; at most one step open
 * below and one open above; no step open both ways; a negative lower bound needs a step open
 * below it, a positive upper bound one open above it.
 */
export function checkStepScaling(config: StepScalingConfiguration): void {
  const steps = config.stepAdjustments;
  if (steps.length === 0) throw validationError(`${FIELD}.StepAdjustments must hold at least one step.`);
  steps.forEach((step, i) => checkStep(step, i, config.adjustmentType));
  const openBelow = steps.filter((s) => s.metricIntervalLowerBound === undefined).length;
  const openAbove = steps.filter((s) => s.metricIntervalUpperBound === undefined).length;
  if (openBelow > 1) throw validationError(`${FIELD}.StepAdjustments: at most one step may have no MetricIntervalLowerBound; ${openBelow} do.`);
  if (openAbove > 1) throw validationError(`${FIELD}.StepAdjustments: at most one step may have no MetricIntervalUpperBound; ${openAbove} do.`);
  if (openBelow === 0 && steps.some((s) => (s.metricIntervalLowerBound ?? 0) < 0)) {
    throw validationError(`${FIELD}.StepAdjustments: a step with a negative MetricIntervalLowerBound needs a step with no lower bound below it.`);
  }
  if (openAbove === 0 && steps.some((s) => (s.metricIntervalUpperBound ?? 0) > 0)) {
    throw validationError(`${FIELD}.StepAdjustments: a step with a positive MetricIntervalUpperBound needs a step with no upper bound above it.`);
  }
  const ordered = [...steps].sort((a, b) => (a.metricIntervalLowerBound ?? -Infinity) - (b.metricIntervalLowerBound ?? -Infinity));
  for (let i = 1; i < ordered.length; i++) {
    const upper = ordered[i - 1]!.metricIntervalUpperBound;
    const lower = ordered[i]!.metricIntervalLowerBound;
    if (upper !== lower) {
      const what = upper === undefined || (lower !== undefined && upper > lower) ? 'overlap' : 'leave a gap';
      throw validationError(`${FIELD}.StepAdjustments must not ${what}: one step ends at ${upper ?? 'no upper bound'} and the next starts at ${lower}.`);
    }
  }
  if (config.minAdjustmentMagnitude !== undefined) {
    if (config.adjustmentType !== 'PercentChangeInCapacity') {
      throw validationError(`${FIELD}.MinAdjustmentMagnitude applies only to PercentChangeInCapacity; AdjustmentType is ${config.adjustmentType}.`);
    }
    if (!Number.isInteger(config.minAdjustmentMagnitude) || config.minAdjustmentMagnitude < 1) {
      throw validationError(`${FIELD}.MinAdjustmentMagnitude must be a whole number of at least 1; got ${config.minAdjustmentMagnitude}.`);
    }
  }
  checkCooldown(config.cooldownS, `${FIELD}.Cooldown`);
}

function checkStep(step: StepAdjustment, i: number, type: AdjustmentType): void {
  const at = `${FIELD}.StepAdjustments[${i}]`;
  const { metricIntervalLowerBound: lower, metricIntervalUpperBound: upper, scalingAdjustment } = step;
  for (const [name, bound] of [['MetricIntervalLowerBound', lower], ['MetricIntervalUpperBound', upper]] as const) {
    if (bound !== undefined && !Number.isFinite(bound)) throw validationError(`${at}.${name} must be a number; got ${bound}.`);
  }
  if (lower === undefined && upper === undefined) throw validationError(`${at} needs MetricIntervalLowerBound, MetricIntervalUpperBound or both.`);
  if (lower !== undefined && upper !== undefined && upper <= lower) {
    throw validationError(`${at}.MetricIntervalUpperBound (${upper}) must be greater than MetricIntervalLowerBound (${lower}).`);
  }
  if (!Number.isInteger(scalingAdjustment)) throw validationError(`${at}.ScalingAdjustment must be a whole number; got ${scalingAdjustment}.`);
  if (type === 'ExactCapacity' && scalingAdjustment < 0) {
    throw validationError(`${at}.ScalingAdjustment is a task count for ExactCapacity and must not be negative; got ${scalingAdjustment}.`);
  }
}

/**
 * The step for a breach of `delta` (metric − threshold). Above the threshold a step's lower bound
 * is inclusive and its upper bound exclusive; below it, the other way round.
 */
export function stepFor(steps: readonly StepAdjustment[], delta: number): StepAdjustment | undefined {
  return steps.find(({ metricIntervalLowerBound: lower = -Infinity, metricIntervalUpperBound: upper = Infinity }) =>
    delta >= 0 ? lower <= delta && delta < upper : lower < delta && delta <= upper,
  );
}

export function aggregateMetric(values: readonly number[], statistic: Statistic): number | undefined {
  if (statistic === 'SampleCount') return values.length;
  if (values.length === 0) return undefined;
  switch (statistic) {
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
  }
}

export function breachesThreshold(value: number, alarm: Pick<MetricAlarm, 'threshold' | 'comparisonOperator'>): boolean {
  switch (alarm.comparisonOperator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= alarm.threshold;
    case 'GreaterThanThreshold':
      return value > alarm.threshold;
    case 'LessThanThreshold':
      return value < alarm.threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= alarm.threshold;
  }
}

/** ALARM when each of the last `evaluationPeriods` datapoints (oldest first) breaches; too few is INSUFFICIENT_DATA. */
export function alarmState(alarm: MetricAlarm, datapoints: readonly number[]): AlarmState {
  if (datapoints.length < alarm.evaluationPeriods) return 'INSUFFICIENT_DATA';
  return datapoints.slice(-alarm.evaluationPeriods).every((value) => breachesThreshold(value, alarm)) ? 'ALARM' : 'OK';
}

export function checkMetricAlarm(alarm: MetricAlarm, field = 'Alarm'): void {
  if (!Number.isFinite(alarm.threshold)) throw validationError(`${field}.Threshold must be a number; got ${alarm.threshold}.`);
  if (!Number.isInteger(alarm.evaluationPeriods) || alarm.evaluationPeriods < 1 || alarm.evaluationPeriods > 100) {
    throw validationError(`${field}.EvaluationPeriods must be a whole number from 1 to 100; got ${alarm.evaluationPeriods}.`);
  }
  const period = alarm.periodS;
  if (!Number.isInteger(period) || !([10, 20, 30].includes(period) || (period > 0 && period % 60 === 0 && period <= 86_400))) {
    throw validationError(`${field}.Period must be 10, 20, 30 or a multiple of 60 seconds up to a day (as CloudWatch takes it); got ${period}.`);
  }
}

/**
 * What a step policy asks for now: undefined unless its alarm is in ALARM; otherwise the capacity
 * of the step the aggregated breach falls in (not clamped), or undefined when no step covers it.
 */
export function stepScalingCapacity(current: number, config: StepScalingConfiguration, alarm: MetricAlarm, datapoints: readonly number[]): number | undefined {
  if (alarmState(alarm, datapoints) !== 'ALARM') return undefined;
  const value = aggregateMetric(datapoints.slice(-alarm.evaluationPeriods), config.metricAggregationType);
  if (value === undefined) return undefined;
  const step = stepFor(config.stepAdjustments, value - alarm.threshold);
  if (step === undefined) return undefined;
  return adjustedCapacity(current, config.adjustmentType, step.scalingAdjustment, config.minAdjustmentMagnitude);
}
