import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOT_SUSPENDED, activityDescription, decideCapacity, type PolicyAsk, type ScalingSituation } from './decide.js';

const ask = (policyName: string, capacity: number | undefined): PolicyAsk => ({ policyName, capacity, cause: `${policyName} asks for ${capacity}` });
const situation = (asks: PolicyAsk[], more: Partial<ScalingSituation> = {}): ScalingSituation => ({
  current: 4,
  bounds: { minCapacity: 1, maxCapacity: 10 },
  asks,
  deploymentInProgress: false,
  suspended: NOT_SUSPENDED,
  ...more,
});

describe('decideCapacity', () => {
  it.each<[string, ScalingSituation, { action: string; capacity?: number; policyName?: string; reason?: string }]>([
    ['one policy out', situation([ask('cpu', 6)]), { action: 'scale-out', capacity: 6, policyName: 'cpu' }],
    ['out if any says out, the largest wins', situation([ask('cpu', 6), ask('memory', 3), ask('steps', 8)]), { action: 'scale-out', capacity: 8, policyName: 'steps' }],
    ['out even while one has no data', situation([ask('cpu', undefined), ask('memory', 5)]), { action: 'scale-out', capacity: 5 }],
    ['out is clamped to max', situation([ask('cpu', 40)]), { action: 'scale-out', capacity: 10 }],
    ['out goes on during a deployment', situation([ask('cpu', 6)], { deploymentInProgress: true }), { action: 'scale-out', capacity: 6 }],
    ['in only if all say in, the largest wins', situation([ask('cpu', 2), ask('memory', 3)]), { action: 'scale-in', capacity: 3, policyName: 'memory' }],
    ['no in while one holds', situation([ask('cpu', 2), ask('memory', 4)]), { action: 'none', reason: 'not every policy asks to scale in' }],
    ['no in while one has no data', situation([ask('cpu', 2), ask('memory', undefined)]), { action: 'none', reason: 'not every policy asks to scale in' }],
    ['in is clamped to min', situation([ask('cpu', 0)]), { action: 'scale-in', capacity: 1 }],
    ['a scale-in to min when already at min is none', situation([ask('cpu', 0)], { current: 1 }), { action: 'none' }],
    ['no in during a deployment', situation([ask('cpu', 2)], { deploymentInProgress: true }), { action: 'none', reason: 'a deployment is in progress' }],
    ['no in while suspended', situation([ask('cpu', 2)], { suspended: { ...NOT_SUSPENDED, dynamicScalingInSuspended: true } }), { action: 'none', reason: 'dynamic scale-in is suspended' }],
    ['no out while suspended', situation([ask('cpu', 6)], { suspended: { ...NOT_SUSPENDED, dynamicScalingOutSuspended: true } }), { action: 'none', reason: 'dynamic scale-out is suspended' }],
    ['no policies', situation([]), { action: 'none', reason: 'no scaling policy' }],
    ['a count above new bounds comes down at once', situation([ask('cpu', 12)], { current: 12 }), { action: 'scale-in', capacity: 10 }],
    ['a count below new bounds goes up at once, even in a deployment', situation([], { current: 0, deploymentInProgress: true }), { action: 'scale-out', capacity: 1 }],
  ])('%s', (_name, input, expected) => {
    expect(decideCapacity(input)).toMatchObject(expected);
  });

  it('describes the change as Application Auto Scaling does', () => {
    expect(activityDescription(6)).toBe('Setting desired count to 6.');
  });

  const anySituation = fc.record({
    min: fc.integer({ min: 0, max: 20 }),
    span: fc.integer({ min: 0, max: 20 }),
    current: fc.integer({ min: 0, max: 50 }),
    asks: fc.array(fc.option(fc.integer({ min: -5, max: 60 }), { nil: undefined }), { maxLength: 4 }),
    deploymentInProgress: fc.boolean(),
    suspended: fc.record({ dynamicScalingInSuspended: fc.boolean(), dynamicScalingOutSuspended: fc.boolean(), scheduledScalingSuspended: fc.boolean() }),
  });
  type AnySituation = typeof anySituation extends fc.Arbitrary<infer T> ? T : never;
  const toSituation = (s: AnySituation): ScalingSituation => ({
    current: s.current,
    bounds: { minCapacity: s.min, maxCapacity: s.min + s.span },
    asks: s.asks.map((capacity, i) => ask(`p${i}`, capacity)),
    deploymentInProgress: s.deploymentInProgress,
    suspended: s.suspended,
  });

  it('never leaves the bounds', () => {
    fc.assert(
      fc.property(anySituation, (s) => {
        const input = toSituation(s);
        const decision = decideCapacity(input);
        const after = decision.action === 'none' ? input.current : decision.capacity;
        const inside = input.current >= input.bounds.minCapacity && input.current <= input.bounds.maxCapacity;
        // A count already inside stays inside; one outside is brought inside at once.
        expect(after >= input.bounds.minCapacity && after <= input.bounds.maxCapacity).toBe(true);
        if (!inside) expect(decision.action).not.toBe('none');
      }),
    );
  });

  it('never scales in during a deployment unless the count is above max', () => {
    fc.assert(
      fc.property(anySituation, (s) => {
        const input = { ...toSituation(s), deploymentInProgress: true };
        const decision = decideCapacity(input);
        if (input.current <= input.bounds.maxCapacity) expect(decision.action).not.toBe('scale-in');
      }),
    );
  });

  it('scales in, when every policy asks for less, to the largest capacity asked for', () => {
    const allBelow = fc
      .record({ min: fc.integer({ min: 0, max: 10 }), above: fc.integer({ min: 1, max: 20 }), headroom: fc.integer({ min: 0, max: 10 }) })
      .chain(({ min, above, headroom }) =>
        fc.record({
          bounds: fc.constant({ minCapacity: min, maxCapacity: min + above + headroom }),
          current: fc.constant(min + above),
          asks: fc.array(fc.integer({ min: 0, max: min + above - 1 }), { minLength: 1, maxLength: 4 }),
        }),
      );
    fc.assert(
      fc.property(allBelow, ({ bounds, current, asks }) => {
        const decision = decideCapacity(situation(asks.map((capacity, i) => ask(`p${i}`, capacity)), { bounds, current }));
        const expected = Math.max(bounds.minCapacity, ...asks);
        expect(decision).toMatchObject(expected < current ? { action: 'scale-in', capacity: expected } : { action: 'none' });
      }),
    );
  });

  it('scales out, when any policy asks for more, to the largest capacity asked for within max', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.array(fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), { maxLength: 4 }), fc.integer({ min: 31, max: 60 }), (current, others, wanted) => {
        const asks = [...others.map((capacity, i) => ask(`p${i}`, capacity)), ask('big', wanted)];
        const bounds = { minCapacity: 0, maxCapacity: 45 };
        const expected = Math.min(45, Math.max(wanted, ...others.map((c) => c ?? 0)));
        expect(decideCapacity(situation(asks, { bounds, current }))).toMatchObject({ action: 'scale-out', capacity: expected });
      }),
    );
  });
});
