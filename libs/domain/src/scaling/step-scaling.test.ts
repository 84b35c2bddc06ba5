import { describe, expect, it } from 'vitest';
import {
  aggregateMetric,
  alarmState,
  checkMetricAlarm,
  checkStepScaling,
  stepFor,
  stepScalingCapacity,
  type MetricAlarm,
  type StepAdjustment,
  type StepScalingConfiguration,
} from './step-scaling.js';

const step = (lower: number | undefined, upper: number | undefined, scalingAdjustment: number): StepAdjustment => ({
  ...(lower === undefined ? {} : { metricIntervalLowerBound: lower }),
  ...(upper === undefined ? {} : { metricIntervalUpperBound: upper }),
  scalingAdjustment,
});

const config = (stepAdjustments: StepAdjustment[], more: Partial<StepScalingConfiguration> = {}): StepScalingConfiguration => ({
  adjustmentType: 'ChangeInCapacity',
  stepAdjustments,
  cooldownS: 300,
  metricAggregationType: 'Average',
  ...more,
});

/** Scale out by 1 from 0 to 10 over the threshold, by 3 from 10 up. */
const outSteps = [step(0, 10, 1), step(10, undefined, 3)];
/** Scale in by 1 from 0 to 20 under the threshold, by 2 beyond. */
const inSteps = [step(-20, 0, -1), step(undefined, -20, -2)];

describe('checkStepScaling', () => {
  it.each<[string, StepAdjustment[]]>([
    ['two steps out', outSteps],
    ['two steps in', inSteps],
    ['one open step above the threshold', [step(0, undefined, 1)]],
    ['one open step below it', [step(undefined, 0, -1)]],
    ['steps on both sides of it', [step(undefined, -10, -1), step(-10, 10, 0), step(10, undefined, 1)]],
  ])('takes %s', (_name, steps) => {
    expect(() => checkStepScaling(config(steps))).not.toThrow();
  });

  it.each<[string, StepAdjustment[], Partial<StepScalingConfiguration>, string]>([
    ['no steps', [], {}, 'StepScalingPolicyConfiguration.StepAdjustments must hold at least one step.'],
    ['overlapping steps', [step(0, 15, 1), step(10, undefined, 3)], {}, 'StepScalingPolicyConfiguration.StepAdjustments must not overlap: one step ends at 15 and the next starts at 10.'],
    ['a gap between steps', [step(0, 5, 1), step(10, undefined, 3)], {}, 'StepScalingPolicyConfiguration.StepAdjustments must not leave a gap: one step ends at 5 and the next starts at 10.'],
    ['two steps open above', [step(0, undefined, 1), step(10, undefined, 3)], {}, 'at most one step may have no MetricIntervalUpperBound; 2 do.'],
    ['two steps open below', [step(undefined, 0, -1), step(undefined, -5, -2)], {}, 'at most one step may have no MetricIntervalLowerBound; 2 do.'],
    ['a step open both ways', [{ scalingAdjustment: 1 }], {}, 'StepScalingPolicyConfiguration.StepAdjustments[0] needs MetricIntervalLowerBound, MetricIntervalUpperBound or both.'],
    ['a positive upper bound with nothing open above', [step(0, 10, 1)], {}, 'a step with a positive MetricIntervalUpperBound needs a step with no upper bound above it.'],
    ['a negative lower bound with nothing open below', [step(-10, 0, -1)], {}, 'a step with a negative MetricIntervalLowerBound needs a step with no lower bound below it.'],
    ['an upper bound not above the lower', [step(5, 5, 1), step(5, undefined, 2)], {}, 'StepScalingPolicyConfiguration.StepAdjustments[0].MetricIntervalUpperBound (5) must be greater than MetricIntervalLowerBound (5).'],
    ['a fractional adjustment', [step(0, undefined, 1.5)], {}, 'StepScalingPolicyConfiguration.StepAdjustments[0].ScalingAdjustment must be a whole number; got 1.5.'],
    ['a negative exact capacity', [step(undefined, 0, -1)], { adjustmentType: 'ExactCapacity' }, 'is a task count for ExactCapacity and must not be negative; got -1.'],
    ['MinAdjustmentMagnitude on a change', outSteps, { minAdjustmentMagnitude: 2 }, 'MinAdjustmentMagnitude applies only to PercentChangeInCapacity; AdjustmentType is ChangeInCapacity.'],
    ['MinAdjustmentMagnitude of zero', outSteps, { adjustmentType: 'PercentChangeInCapacity', minAdjustmentMagnitude: 0 }, 'MinAdjustmentMagnitude must be a whole number of at least 1; got 0.'],
    ['a negative cooldown', outSteps, { cooldownS: -1 }, 'StepScalingPolicyConfiguration.Cooldown must be a whole number of seconds from 0 to 86400; got -1.'],
  ])('refuses %s', (_name, steps, more, message) => {
    expect(() => checkStepScaling(config(steps, more))).toThrow(message);
  });
});

describe('stepFor', () => {
  it.each<[number, StepAdjustment[], number | undefined]>([
    [0, outSteps, 1], // above (or at) the threshold the lower bound is inclusive
    [9.99, outSteps, 1],
    [10, outSteps, 3], // and the upper exclusive
    [500, outSteps, 3],
    [-1, outSteps, undefined],
    [0, inSteps, undefined], // below the threshold the upper bound is inclusive and the lower exclusive …
    [-0.5, inSteps, -1],
    [-20, inSteps, -2], // … so -20 falls in the step below it
    [-19.9, inSteps, -1],
  ])('a breach of %d picks the step adjusting by %j', (delta, steps, adjustment) => {
    expect(stepFor(steps, delta)?.scalingAdjustment).toBe(adjustment);
  });
});

const highCpu: MetricAlarm = { threshold: 70, comparisonOperator: 'GreaterThanOrEqualToThreshold', evaluationPeriods: 2, periodS: 60, statistic: 'Average' };

describe('alarmState', () => {
  it.each<[number[], MetricAlarm, string]>([
    [[80, 90], highCpu, 'ALARM'],
    [[90], highCpu, 'INSUFFICIENT_DATA'],
    [[], highCpu, 'INSUFFICIENT_DATA'],
    [[90, 60, 90], highCpu, 'OK'],
    [[60, 90, 70], highCpu, 'ALARM'],
    [[70, 70], { ...highCpu, comparisonOperator: 'GreaterThanThreshold' }, 'OK'],
    [[10, 20], { ...highCpu, threshold: 30, comparisonOperator: 'LessThanThreshold' }, 'ALARM'],
    [[30, 30], { ...highCpu, threshold: 30, comparisonOperator: 'LessThanOrEqualToThreshold' }, 'ALARM'],
  ])('datapoints %j → %s', (datapoints, alarm, expected) => {
    expect(alarmState(alarm, datapoints)).toBe(expected);
  });

  it.each<[Partial<MetricAlarm>, string]>([
    [{ evaluationPeriods: 0 }, 'Alarm.EvaluationPeriods must be a whole number from 1 to 100; got 0.'],
    [{ periodS: 45 }, 'Alarm.Period must be 10, 20, 30 or a multiple of 60 seconds up to a day (as CloudWatch takes it); got 45.'],
    [{ threshold: Number.NaN }, 'Alarm.Threshold must be a number; got NaN.'],
  ])('refuses %j', (change, message) => {
    expect(() => checkMetricAlarm({ ...highCpu, ...change })).toThrow(message);
  });
});

describe('aggregateMetric', () => {
  it.each<[number[], Parameters<typeof aggregateMetric>[1], number | undefined]>([
    [[1, 2, 6], 'Average', 3],
    [[1, 2, 6], 'Minimum', 1],
    [[1, 2, 6], 'Maximum', 6],
    [[1, 2, 6], 'Sum', 9],
    [[1, 2, 6], 'SampleCount', 3],
    [[], 'Average', undefined],
    [[], 'SampleCount', 0],
  ])('%j %s → %j', (values, statistic, expected) => {
    expect(aggregateMetric(values, statistic)).toBe(expected);
  });
});

describe('stepScalingCapacity', () => {
  it.each<[string, number[], Partial<StepScalingConfiguration>, number | undefined]>([
    ['a small breach adds one', [72, 75], {}, 5],
    ['a large breach adds three', [85, 95], {}, 7],
    ['the aggregation type picks the value: Maximum', [72, 95], { metricAggregationType: 'Maximum' }, 7],
    ['the aggregation type picks the value: Minimum', [72, 95], { metricAggregationType: 'Minimum' }, 5],
    ['no alarm, no action', [60, 95], {}, undefined],
    ['too few datapoints, no action', [95], {}, undefined],
    ['a percentage with its minimum magnitude', [85, 95], { adjustmentType: 'PercentChangeInCapacity', minAdjustmentMagnitude: 2, stepAdjustments: [step(0, undefined, 10)] }, 6],
  ])('%s', (_name, datapoints, more, expected) => {
    expect(stepScalingCapacity(4, config(outSteps, more), highCpu, datapoints)).toBe(expected);
  });
});
