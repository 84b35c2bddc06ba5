import { isStoreUnavailable } from '@berth/state-store';
import type { AppContext } from '../app/context.js';
import type { ClusterLeads } from './cluster-leads.js';

/**
 * Marks agents that have not sent a heartbeat within the timeout as disconnected, so a host that
 * froze or lost its network (with its TCP stream still half-open) stops taking placements. The
 * agent's next heartbeat turns it connected again. Only in the clusters this replica leads.
 * Silence is counted from when this replica could first hear (its start, or the store's return):
 * heartbeats missed while the control plane itself was down or cut off from its store say nothing
 * about the hosts, so for one heartbeat timeout after that nobody is marked — the agents reconnect
 * in that time, and placements meanwhile still see them as they were.
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
      const clusters = [...(await leads.current())];
      // While the store was away this statement is the probe of its return; it marks nobody then.
      const ids = app.liveness.hearingSince > cutoff && !storeAway ? [] : await app.store.read.markSilentInstancesDisconnected(clusters, storeAway ? new Date(0) : cutoff, now);
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
