import type { AppContext } from '../app/context.js';
import { forgetExpired } from '../app/housekeeping.js';
import type { ClusterLeads } from './cluster-leads.js';

const CLEANUP_PERIOD_MS = 5 * 60_000;

/** Runs forgetExpired every few minutes and logs what it forgot, on the one replica that leads housekeeping. */
export function startCleanupLoop(app: AppContext, leads: ClusterLeads): { stop(): void } {
  const tick = async () => {
    try {
      if (!(await leads.leadsHousekeeping())) return;
      const forgotten = await forgetExpired(app);
      if (Object.values(forgotten).some((n) => n > 0)) app.log.info('forgot what is past its use', { ...forgotten });
    } catch (error) {
      app.log.error('cleanup failed', { error });
    }
  };
  const timer = setInterval(() => void tick(), CLEANUP_PERIOD_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
