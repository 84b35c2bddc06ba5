import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkTargetTracking,
  stabilizedCapacity,
  targetTrackingCapacity,
  targetTrackingRecommendation,
  targetTrackingStep,
  type CapacityRecommendation,
  type TargetTrackingConfiguration,
} from './target-tracking.js';

const cpu = (targetValue: number, more: Partial<TargetTrackingConfiguration> = {}): TargetTrackingConfiguration => ({
  targetValue,
  predefinedMetricType: 'ECSServiceAverageCPUUtilization',
  scaleOutCooldownS: 300,
  scaleInCooldownS: 300,
  disableScaleIn: false,
  ...more,
});

describe('targetTrackingCapacity', () => {
  it.each<[string, number, number | undefined, number, number | undefined]>([
    ['twice the target doubles', 3, 100, 50, 6],
    ['a little over the target rounds up', 4, 80, 50, 7],
    ['inside the 10% dead band above holds', 4, 54.9, 50, 4],
    ['inside the 10% dead band below holds', 4, 45.1, 50, 4],
    ['on the band’s edge holds', 10, 55, 50, 10],
    ['half the target halves', 6, 25, 50, 3],
    ['an idle service goes to one task, not to none', 6, 0, 50, 1],
    ['no datapoint is no action', 3, undefined, 50, undefined],
    ['no running task is no action', 0, 90, 50, undefined],
    ['a negative metric is no datapoint', 3, -1, 50, undefined],
  ])('%s', (_name, current, metric, target, expected) => {
    expect(targetTrackingCapacity(current, metric, target)).toBe(expected);
  });
});

describe('scale-in stabilisation', () => {
  const now = 1_000_000;
  const history: CapacityRecommendation[] = [
    { at: now - 400_000, capacity: 12 },
    { at: now - 200_000, capacity: 8 },
    { at: now - 60_000, capacity: 5 },
  ];
  it.each<[string, number, number, number]>([
    ['scale-out is never held back', 6, 9, 9],
    ['scale-in follows the highest recommendation of the window', 10, 3, 8],
    ['a recommendation older than the window no longer counts', 20, 3, 8],
    ['never above the current count', 7, 3, 7],
  ])('%s', (_name, current, recommended, expected) => {
    expect(stabilizedCapacity(current, recommended, history, now)).toBe(expected);
  });

  it('scales in at once with nothing in the window', () => {
    expect(stabilizedCapacity(10, 3, [], now)).toBe(3);
  });
});

describe('targetTrackingRecommendation', () => {
  const bounds = { minCapacity: 2, maxCapacity: 8 };
  it.each<[string, number, number, Partial<TargetTrackingConfiguration>, number]>([
    ['clamped to max', 4, 400, {}, 8],
    ['clamped to min', 4, 1, {}, 2],
    ['DisableScaleIn holds the count', 6, 10, { disableScaleIn: true }, 6],
    ['DisableScaleIn still scales out', 4, 100, { disableScaleIn: true }, 8],
  ])('%s', (_name, current, metric, more, expected) => {
    expect(targetTrackingRecommendation({ current, metric, config: cpu(50, more), bounds, history: [], now: 0 })).toBe(expected);
  });

  it('sizes in proportion to the tasks measured, not to tasks still starting', () => {
    // 4 desired, 2 running at 100% against 50%: 4 tasks carry that load, so the count stays 4.
    expect(targetTrackingRecommendation({ current: 4, measuredTasks: 2, metric: 100, config: cpu(50), bounds, history: [], now: 0 })).toBe(4);
    expect(targetTrackingRecommendation({ current: 4, measuredTasks: 3, metric: 100, config: cpu(50), bounds, history: [], now: 0 })).toBe(6);
    // On target with fewer measured than desired keeps the desired count.
    expect(targetTrackingRecommendation({ current: 5, measuredTasks: 3, metric: 50, config: cpu(50), bounds, history: [], now: 0 })).toBe(5);
  });

  it('never leaves the bounds, whatever the metric, count and history', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 100 }),
        fc.option(fc.double({ min: 0, max: 1_000, noNaN: true }), { nil: undefined }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 600_000 }), capacity: fc.integer({ min: 0, max: 100 }) })),
        (min, span, metric, target, history) => {
          const b = { minCapacity: min, maxCapacity: min + span };
          const current = min + Math.floor(span / 2);
          const got = targetTrackingRecommendation({ current, metric, config: cpu(target), bounds: b, history, now: 600_000 });
          if (got !== undefined) expect(got >= b.minCapacity && got <= b.maxCapacity).toBe(true);
          expect(got === undefined).toBe(metric === undefined || current === 0);
        },
      ),
    );
  });

  it('does not flap under a constant load: once it moves one way it never moves back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 10, max: 2_000, noNaN: true }), fc.integer({ min: 20, max: 90 }), (start, load, target) => {
        // `load` is CPU units in use across the service; utilization is load over the running tasks.
        let current = start;
        const history: CapacityRecommendation[] = [];
        const directions = new Set<number>();
        for (let tick = 0; tick < 60; tick++) {
          const now = tick * 60_000;
          const utilization = (load * 100) / (current * 256);
          const step = targetTrackingStep({ current, metric: utilization, config: cpu(target), bounds: { minCapacity: 1, maxCapacity: 100 }, history, now });
          expect(step).toBeDefined();
          const next = step!.capacity;
          history.push({ at: now, capacity: step!.recommended });
          if (next !== current) directions.add(Math.sign(next - current));
          current = next;
        }
        expect(directions.size).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('scale-in after a spike', () => {
  it('comes down once the high asks leave the window: the history holds asks, not stabilised counts', () => {
    const history: CapacityRecommendation[] = [];
    const config = cpu(50);
    const bounds = { minCapacity: 1, maxCapacity: 10 };
    let current = 2;
    const counts: number[] = [];
    // A spike for one minute, then idle; evaluated every 30 s with a 5-minute window.
    for (let tick = 0; tick < 20; tick++) {
      const now = tick * 30_000;
      const step = targetTrackingStep({ current, metric: tick < 2 ? 250 : 5, config, bounds, history, now })!;
      history.push({ at: now, capacity: step.recommended });
      current = step.capacity;
      counts.push(current);
    }
    expect(counts.slice(0, 2)).toEqual([10, 10]);
    expect(counts.slice(2, 11)).toEqual(Array(9).fill(10)); // held while the spike's asks are inside 5 minutes
    expect(counts.at(-1)).toBe(1);
  });
});

describe('checkTargetTracking', () => {
  it.each<[string, TargetTrackingConfiguration, string]>([
    ['a zero target', cpu(0), 'TargetTrackingScalingPolicyConfiguration.TargetValue must be a number greater than 0; got 0.'],
    ['a negative target', cpu(-5), 'TargetTrackingScalingPolicyConfiguration.TargetValue must be a number greater than 0; got -5.'],
    ['a utilization over 100%', cpu(150), 'TargetTrackingScalingPolicyConfiguration.TargetValue is a utilization percentage for ECSServiceAverageCPUUtilization and must be at most 100; got 150.'],
    [
      'a request count with no target group',
      cpu(1_000, { predefinedMetricType: 'ALBRequestCountPerTarget' }),
      'TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.ResourceLabel is required for ALBRequestCountPerTarget.',
    ],
    ['a negative cooldown', cpu(50, { scaleInCooldownS: -1 }), 'TargetTrackingScalingPolicyConfiguration.ScaleInCooldown must be a whole number of seconds from 0 to 86400; got -1.'],
    ['a fractional cooldown', cpu(50, { scaleOutCooldownS: 1.5 }), 'TargetTrackingScalingPolicyConfiguration.ScaleOutCooldown must be a whole number of seconds from 0 to 86400; got 1.5.'],
  ])('refuses %s, naming the field', (_name, config, message) => {
    expect(() => checkTargetTracking(config)).toThrow(message);
  });

  it('takes a request count target above 100 with its target group', () => {
    expect(() => checkTargetTracking(cpu(1_000, { predefinedMetricType: 'ALBRequestCountPerTarget', resourceLabel: 'app/lb/1/targetgroup/tg/2' }))).not.toThrow();
  });
});
