import type { AppContext } from '../app/context.js';
import { reconcileOneService } from '../app/service-scheduler/reconcile-service.js';
import type { ClusterLeads } from './cluster-leads.js';

/**
 * Keeps every service at its desired state: on a period, and soon after anything kicks it (a
 * service or its tasks changed). Passes never overlap; one failing service never stops the others.
 * Only the services of clusters this replica leads: another replica drives the rest.
 */
export function startServiceLoop(app: AppContext, periodMs: number, leads: ClusterLeads): { kick(): void; stop(): void } {
  let running = false;
  let again = false;
  let stopped = false;
  let soon: NodeJS.Timeout | undefined;

  const pass = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const led = await leads.current();
        for (const ref of await app.store.read.listLiveServices()) {
          if (stopped) return;
          if (!led.has(ref.clusterName)) continue;
          try {
            await reconcileOneService(app, ref.clusterName, ref.name);
          } catch (error) {
            app.log.error('service reconcile failed', { cluster: ref.clusterName, service: ref.name, error });
          }
        }
      } while (again && !stopped);
    } catch (error) {
      app.log.error('service loop failed', { error });
    } finally {
      running = false;
    }
  };

  const timer = setInterval(() => void pass(), periodMs);
  timer.unref();
  return {
    kick() {
      if (soon || stopped) return;
      soon = setTimeout(() => {
        soon = undefined;
        void pass();
      }, 10);
      soon.unref();
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(soon);
    },
  };
}
