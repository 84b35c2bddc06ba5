import { markSilentInstancesDisconnected } from '@berth/state-store';
import type { ApiContext } from '../context.js';

/**
 * Marks agents that have not sent a heartbeat within the timeout as disconnected, so a host that
 * froze or lost its network (with its TCP stream still half-open) stops taking placements. The
 * agent's next heartbeat turns it connected again.
 */
export function startLivenessLoop(ctx: ApiContext): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const now = ctx.now();
      const cutoff = new Date(now.getTime() - ctx.liveness.heartbeatTimeoutMs);
      const ids = await markSilentInstancesDisconnected(ctx.db, cutoff, now);
      for (const id of ids) ctx.log.warn('agent missed its heartbeats; marked disconnected', { instance: id });
    } catch (error) {
      ctx.log.error('liveness check failed', { error });
    } finally {
      running = false;
    }
  };
  const period = Math.max(200, Math.min(ctx.liveness.heartbeatIntervalMs, ctx.liveness.heartbeatTimeoutMs / 3));
  const timer = setInterval(() => void tick(), period);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
