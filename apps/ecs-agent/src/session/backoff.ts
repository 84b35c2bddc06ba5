/**
 * Exponential backoff with full jitter for reconnects and registration retries, so a fleet of
 * agents does not stampede a control plane that just came back.
 */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly multiplier: number;
  /** Fraction of each delay that is randomised (0 = none, 1 = full jitter). */
  readonly jitter: number;
}

/** Capped at 10 s: a host is back on its control plane within seconds of the control plane's return. */
export const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 10_000, multiplier: 2, jitter: 0.5 };
export const REGISTER_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 60_000, multiplier: 2, jitter: 0.5 };

/** Delay before attempt number `attempt` (0-based); `random` is in [0, 1) and passed in so this is testable. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: number): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** Math.min(attempt, 50));
  return Math.round(base * (1 - policy.jitter) + base * policy.jitter * random);
}
