import { describe, expect, it } from 'vitest';
import { adjustedCapacity, boundsAfter, checkCapacityBounds, clampCapacity, type AdjustmentType } from './capacity.js';

describe('adjustedCapacity', () => {
  it.each<[string, number, AdjustmentType, number, number | undefined, number]>([
    ['a change adds', 3, 'ChangeInCapacity', 2, undefined, 5],
    ['a negative change removes (clamping is the caller’s)', 3, 'ChangeInCapacity', -5, undefined, -2],
    ['an exact capacity replaces', 3, 'ExactCapacity', 7, undefined, 7],
    ['an exact capacity of zero', 3, 'ExactCapacity', 0, undefined, 0],
    ['a percentage below one task is one task', 3, 'PercentChangeInCapacity', 10, undefined, 4],
    ['a percentage above one task rounds down', 5, 'PercentChangeInCapacity', 50, undefined, 7],
    ['a negative percentage rounds towards zero', 5, 'PercentChangeInCapacity', -50, undefined, 3],
    ['a negative percentage above minus one task is one task', 3, 'PercentChangeInCapacity', -10, undefined, 2],
    ['MinAdjustmentMagnitude raises a small change', 8, 'PercentChangeInCapacity', 25, 3, 11],
    ['MinAdjustmentMagnitude raises a small scale-in', 8, 'PercentChangeInCapacity', -25, 3, 5],
    ['MinAdjustmentMagnitude leaves a larger change', 20, 'PercentChangeInCapacity', 50, 3, 30],
    ['zero percent is no change', 8, 'PercentChangeInCapacity', 0, 3, 8],
    ['a percentage of zero tasks is no change', 0, 'PercentChangeInCapacity', 50, undefined, 0],
  ])('%s', (_name, current, type, adjustment, minMagnitude, expected) => {
    expect(adjustedCapacity(current, type, adjustment, minMagnitude)).toBe(expected);
  });
});

describe('capacity bounds', () => {
  it.each([
    [-1, 5, 0],
    [0, 5, 0],
    [3, 5, 3],
    [9, 5, 5],
  ])('clamps %i into [0, %i] as %i', (capacity, max, expected) => {
    expect(clampCapacity(capacity, { minCapacity: 0, maxCapacity: max })).toBe(expected);
  });

  it.each<[{ minCapacity?: number; maxCapacity?: number }, RegExp]>([
    [{ minCapacity: 5, maxCapacity: 2 }, /^MinCapacity \(5\) must not be greater than MaxCapacity \(2\)\.$/],
    [{ minCapacity: -1 }, /^MinCapacity must be a whole number from 0 to 5000; got -1\.$/],
    [{ maxCapacity: 2.5 }, /^MaxCapacity must be a whole number from 0 to 5000; got 2\.5\.$/],
    [{ maxCapacity: 5001 }, /MaxCapacity must be a whole number/],
  ])('refuses %j', (bounds, message) => {
    expect(() => checkCapacityBounds(bounds)).toThrow(message);
    expect(() => checkCapacityBounds(bounds)).toThrow(expect.objectContaining({ errorName: 'ValidationException' }));
  });

  it('takes min = max = 0 (a service scaled to zero)', () => {
    expect(() => checkCapacityBounds({ minCapacity: 0, maxCapacity: 0 })).not.toThrow();
  });

  it('changes one bound and keeps the other, refusing bounds that cross', () => {
    expect(boundsAfter({ minCapacity: 1, maxCapacity: 4 }, { maxCapacity: 10 })).toEqual({ minCapacity: 1, maxCapacity: 10 });
    expect(boundsAfter({ minCapacity: 1, maxCapacity: 4 }, { minCapacity: 0, maxCapacity: 0 })).toEqual({ minCapacity: 0, maxCapacity: 0 });
    expect(() => boundsAfter({ minCapacity: 1, maxCapacity: 4 }, { minCapacity: 6 }, 'ScalableTargetAction.')).toThrow(
      'ScalableTargetAction.MinCapacity (6) must not be greater than ScalableTargetAction.MaxCapacity (4).',
    );
  });
});
