import { describe, expect, it } from 'vitest';
import { cooldownAllows, recordActivity, type PolicyActivity } from './cooldown.js';

const cooldowns = { scaleOutMs: 300_000, scaleInMs: 600_000 };
const now = 10_000_000;

describe('cooldownAllows', () => {
  it.each<[string, number, number, PolicyActivity, boolean]>([
    ['a first scale-out', 4, 6, {}, true],
    ['a first scale-in', 4, 2, {}, true],
    ['holding is always allowed', 4, 4, { lastScaleOutAt: now, lastScaleInAt: now }, true],
    ['a scale-out during its cooldown to the capacity it already set', 5, 6, { lastScaleOutAt: now - 60_000, lastScaleOutCapacity: 6 }, false],
    ['a scale-out during its cooldown asking for more', 6, 9, { lastScaleOutAt: now - 60_000, lastScaleOutCapacity: 6 }, true],
    ['a scale-out after its cooldown', 5, 6, { lastScaleOutAt: now - 300_000, lastScaleOutCapacity: 6 }, true],
    ['a scale-out during a scale-in cooldown', 2, 5, { lastScaleInAt: now - 1_000 }, true],
    ['a scale-in during the scale-in cooldown', 6, 4, { lastScaleInAt: now - 599_999 }, false],
    ['a scale-in after the scale-in cooldown', 6, 4, { lastScaleInAt: now - 600_000 }, true],
    ['a scale-in during the scale-out cooldown', 6, 4, { lastScaleOutAt: now - 1_000, lastScaleOutCapacity: 6 }, false],
  ])('%s: %s', (_name, current, capacity, activity, allowed) => {
    expect(cooldownAllows(current, capacity, activity, cooldowns, now)).toBe(allowed);
  });

  it('records a scale-out with the capacity it set and a scale-in with its time', () => {
    expect(recordActivity({}, 2, 5, now)).toEqual({ lastScaleOutAt: now, lastScaleOutCapacity: 5 });
    expect(recordActivity({ lastScaleOutAt: 1, lastScaleOutCapacity: 5 }, 5, 3, now)).toEqual({ lastScaleOutAt: 1, lastScaleOutCapacity: 5, lastScaleInAt: now });
    expect(recordActivity({}, 3, 3, now)).toEqual({});
  });
});
