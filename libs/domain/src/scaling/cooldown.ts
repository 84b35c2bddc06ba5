/**
 * Cooldowns, as Application Auto Scaling keeps them per policy. After a scale-out, the capacity it
 * added counts towards the next one: during the scale-out cooldown only a larger ask goes through.
 * A scale-in waits out both cooldowns, so capacity just added is not shed at once; a scale-out
 * never waits for a scale-in cooldown.
 */

export interface PolicyActivity {
  readonly lastScaleOutAt?: number;
  /** The capacity the last scale-out of this policy set. */
  readonly lastScaleOutCapacity?: number;
  readonly lastScaleInAt?: number;
}

export interface Cooldowns {
  readonly scaleOutMs: number;
  readonly scaleInMs: number;
}

export function cooldownAllows(current: number, capacity: number, activity: PolicyActivity, cooldowns: Cooldowns, now: number): boolean {
  const inScaleOutCooldown = activity.lastScaleOutAt !== undefined && now - activity.lastScaleOutAt < cooldowns.scaleOutMs;
  if (capacity > current) return !inScaleOutCooldown || capacity > (activity.lastScaleOutCapacity ?? 0);
  if (capacity < current) {
    const inScaleInCooldown = activity.lastScaleInAt !== undefined && now - activity.lastScaleInAt < cooldowns.scaleInMs;
    return !inScaleOutCooldown && !inScaleInCooldown;
  }
  return true;
}

/** The activity after this policy moved the service from `current` to `capacity` at `now`. */
export function recordActivity(activity: PolicyActivity, current: number, capacity: number, now: number): PolicyActivity {
  if (capacity > current) return { ...activity, lastScaleOutAt: now, lastScaleOutCapacity: capacity };
  if (capacity < current) return { ...activity, lastScaleInAt: now };
  return activity;
}
