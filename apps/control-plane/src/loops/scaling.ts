import { isStoreUnavailable } from '@berth/state-store';
import type { AppContext } from '../app/context.js';
import { evaluatePolicies, runDueScheduledActions, type ScalingSettings } from '../app/scaling/evaluate.js';
import type { ClusterLeads } from './cluster-leads.js';

/**
 * Service auto scaling's evaluation, every `periodMs`, in the clusters this replica leads — so one
 * replica at a time decides for a cluster, and another takes over with what the store holds.
 */
export function startScalingLoop(app: AppContext, settings: ScalingSettings & { periodMs: number }, leads: ClusterLeads): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const clusters = await leads.current();
      if (clusters.size === 0) return;
      const scheduled = await runDueScheduledActions(app, clusters);
      const dynamic = await evaluatePolicies(app, settings, clusters);
      if (scheduled || dynamic) app.kickServices();
    } catch (error) {
      if (!isStoreUnavailable(error)) app.log.error('scaling evaluation failed', { error });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), settings.periodMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
