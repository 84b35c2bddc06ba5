import { describe, expect, it } from 'vitest';
import { LogCredit } from './log-credit.js';

const never = new AbortController().signal;

describe('LogCredit', () => {
  it('lets a window through, then waits for a grant; one chunk may overdraw', async () => {
    const credit = new LogCredit(100);
    await credit.take(60, never);
    await credit.take(60, never); // overdraws to -20
    let third = false;
    const waiting = credit.take(10, never).then(() => (third = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    credit.grant(10); // -10: still spent
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    credit.grant(50);
    await waiting;
    expect(third).toBe(true);
  });

  it.each([0, -1, Number.NaN])('a window of %s means no limit', async (window) => {
    const credit = new LogCredit(window);
    for (let i = 0; i < 100; i++) await credit.take(1024 * 1024, never);
  });

  it('ignores bad grants and ends the wait when the stream is cancelled', async () => {
    const credit = new LogCredit(1);
    await credit.take(1, never);
    credit.grant(-5);
    credit.grant(Number.NaN);
    const controller = new AbortController();
    const waiting = credit.take(1, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow();
  });
});
