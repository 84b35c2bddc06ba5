import { isStoreUnavailable } from '@berth/state-store';
import type { AppContext } from '../app/context.js';
import type { ClusterLeads } from './cluster-leads.js';

/**
 * Marks agents that have not sent a heartbeat within the timeout as disconnected, so a host that
 * froze or lost its network (with its TCP stream still half-open) stops taking placements. The
 * agent's next heartbeat turns it connected again. Only in the clusters this replica leads.
 */
export function startLivenessLoop(app: AppContext, leads: ClusterLeads): { stop(): void } {
  let running = false;
  let storeAway = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const now = app.now();
      const cutoff = new Date(now.getTime() - app.liveness.heartbeatTimeoutMs);
      const ids = await app.store.read.markSilentInstancesDisconnected([...(await leads.current())], cutoff, now);
      if (storeAway) {
        // Heartbeats were lost with the store, not with the hosts: silence is counted from now on.
        storeAway = false;
        app.liveness.hearingSince = now;
        app.log.info('the state store is back');
      }
      for (const id of ids) app.log.warn('agent missed its heartbeats; marked disconnected', { instance: id });
    } catch (error) {
      if (isStoreUnavailable(error)) {
        if (!storeAway) app.log.warn('the state store is unavailable; hosts are not judged lost until it is back', { error });
        storeAway = true;
      } else app.log.error('liveness check failed', { error });
    } finally {
      running = false;
    }
  };
  const period = Math.max(200, Math.min(app.liveness.heartbeatIntervalMs, app.liveness.heartbeatTimeoutMs / 3));
  const timer = setInterval(() => void tick(), period);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
