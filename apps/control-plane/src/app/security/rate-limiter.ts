import { EcsError, type LaunchRate } from '@berth/domain';
import type { Caller } from '../caller.js';

/** Every other call, per credential: generous, so waiters and dashboards never notice it. */
export const DEFAULT_CALL_RATE: LaunchRate = { burst: 500, perSecond: 200 };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per credential (ECS's figures by default: task launches burst 100 then 40/s). An
 * empty bucket is ThrottlingException "Rate exceeded", which clients back off from and retry.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** `callRate`: every call but task launches, per credential (--call-burst, --call-rate). */
  constructor(private readonly callRate: LaunchRate = DEFAULT_CALL_RATE) {}

  take(caller: Caller, kind: 'launch' | 'call', now: number): void {
    const rate = kind === 'launch' ? caller.launchRate : this.callRate;
    const key = `${kind}\u0000${caller.name}`;
    const bucket = this.buckets.get(key) ?? { tokens: rate.burst, at: now };
    bucket.tokens = Math.min(rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * rate.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      throw new EcsError('ThrottlingException', 'Rate exceeded');
    }
    bucket.tokens -= 1;
    if (this.buckets.size > 100_000) this.buckets.clear();
    this.buckets.set(key, bucket);
  }
}
