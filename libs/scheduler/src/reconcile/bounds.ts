/**
 * The numbers ECS derives from a deployment configuration. Kept literal (spec "Services"): no
 * rounding up of the upper bound, so a configuration that leaves no room is reported, not fixed.
 */

/** At most this many tasks RUNNING+PENDING: floor(desired × maximumPercent / 100). */
export function upperBound(desired: number, maximumPercent: number): number {
  return Math.floor((desired * maximumPercent) / 100);
}

/** At least this many healthy tasks stay up: ceil(desired × minimumHealthyPercent / 100). */
export function lowerBound(desired: number, minimumHealthyPercent: number): number {
  return Math.ceil((desired * minimumHealthyPercent) / 100);
}

export const CIRCUIT_BREAKER_MIN_THRESHOLD = 3;
export const CIRCUIT_BREAKER_MAX_THRESHOLD = 200;

/**
 * Consecutive failed tasks that fail a deployment: half the desired count, but never fewer than 3
 * (one bad launch of a small service is not a verdict) nor more than 200 (a big one fails in time).
 */
export function circuitBreakerThreshold(desired: number): number {
  return Math.min(CIRCUIT_BREAKER_MAX_THRESHOLD, Math.max(CIRCUIT_BREAKER_MIN_THRESHOLD, Math.ceil(0.5 * desired)));
}

/** First retry after a failed launch waits this long; each further failure doubles it. */
export const BACKOFF_BASE_MS = 5_000;
/** Ceiling of the restart backoff (ECS caps near 15–27 min; we take the low end). */
export const BACKOFF_CAP_MS = 15 * 60_000;

/** Delay after `launchFailures` consecutive failures: min(15 min, 5 s × 2^(n−1)); 0 when none. */
export function backoffDelayMs(launchFailures: number): number {
  if (launchFailures <= 0) return 0;
  // 2^18 × 5 s is already far past the cap; clamping the exponent keeps the number finite.
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(launchFailures - 1, 20));
}
