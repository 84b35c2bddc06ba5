import { reconcileService } from '@berth/scheduler';
import { findService, listLiveServices } from '@berth/state-store';
import { pushDesiredTasks } from '../agent/desired-tasks.js';
import { newDeploymentId } from '../api/services.js';
import type { ApiContext } from '../context.js';
import { applyServicePlan } from '../services/apply-plan.js';
import { loadService } from '../services/load-state.js';

/**
 * Keeps every service at its desired state: on a period, and soon after anything kicks it (a
 * service or its tasks changed). Each service is planned by the pure reconciler and committed by
 * the applier; one failing service never stops the others.
 */
export function startServiceLoop(ctx: ApiContext, periodMs: number): { kick(): void; stop(): void } {
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
        for (const ref of await listLiveServices(ctx.db)) {
          if (stopped) return;
          try {
            await reconcileOne(ctx, ref.clusterName, ref.name);
          } catch (error) {
            ctx.log.error('service reconcile failed', { cluster: ref.clusterName, service: ref.name, error });
          }
        }
      } while (again && !stopped);
    } catch (error) {
      ctx.log.error('service loop failed', { error });
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

async function reconcileOne(ctx: ApiContext, clusterName: string, name: string): Promise<void> {
  const service = await findService(ctx.db, clusterName, name);
  if (!service || service.status === 'INACTIVE') return;
  const loaded = await loadService(ctx, service, { seed: Math.floor(Math.random() * 2 ** 31), nextDeploymentId: newDeploymentId() });
  const plan = reconcileService(loaded.input);
  const nothingToDo =
    plan.start.length === 0 &&
    plan.stop.length === 0 &&
    plan.events.length === 0 &&
    !plan.newDeployment &&
    !plan.drained &&
    (plan.desiredCountOfService === undefined || plan.desiredCountOfService === service.desiredCount) &&
    sameDeployments(loaded, plan.deployments);
  if (nothingToDo) return;
  const touched = await applyServicePlan(ctx, loaded, plan);
  for (const instanceId of touched) await pushDesiredTasks(ctx, instanceId);
}

function sameDeployments(loaded: Awaited<ReturnType<typeof loadService>>, next: readonly { id: string; status: string; rolloutState: string; failedTasks: number; launchFailures: number; desiredCount: number; nextLaunchAt?: Date }[]): boolean {
  const before = new Map(loaded.deployments.map((d) => [d.id, d]));
  return next.every((d) => {
    const b = before.get(d.id);
    return (
      b !== undefined &&
      b.status === d.status &&
      b.rolloutState === d.rolloutState &&
      b.failedTasks === d.failedTasks &&
      b.launchFailures === d.launchFailures &&
      b.desiredCount === d.desiredCount &&
      (b.nextLaunchAt?.getTime() ?? 0) === (d.nextLaunchAt?.getTime() ?? 0)
    );
  });
}
