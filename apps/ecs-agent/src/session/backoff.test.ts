import { describe, expect, it } from 'vitest';
import { backoffDelay, RECONNECT_BACKOFF } from './backoff.js';

describe('backoffDelay', () => {
  const policy = { initialMs: 100, maxMs: 1000, multiplier: 2, jitter: 0.5 };
  it.each([
    [0, 0, 50],
    [0, 0.999999, 100],
    [1, 0, 100],
    [3, 1, 800],
    [10, 1, 1000],
    [10, 0, 500],
  ])('attempt %d with random %d → %d ms', (attempt, random, expected) => expect(backoffDelay(policy, attempt, random)).toBe(expected));

  it('never exceeds the cap, even after many attempts', () => {
    for (let attempt = 0; attempt < 200; attempt += 7) expect(backoffDelay(RECONNECT_BACKOFF, attempt, 0.99)).toBeLessThanOrEqual(RECONNECT_BACKOFF.maxMs);
  });
});
