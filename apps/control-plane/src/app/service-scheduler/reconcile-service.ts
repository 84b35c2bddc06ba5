import { reconcileService } from '@berth/scheduler';
import { pushDesiredTasks } from '../agents/desired-tasks.js';
import type { AppContext } from '../context.js';
import { applyServicePlan } from './apply-plan.js';
import { loadService, type LoadedService } from './load-service.js';

/**
 * One pass for one service: read its state, let the pure reconciler plan, let the applier
 * commit (unless the plan changes nothing), then push the instances whose desired set changed.
 */
export async function reconcileOneService(app: AppContext, clusterName: string, name: string): Promise<void> {
  const service = await app.store.read.findService(clusterName, name);
  if (!service || service.status === 'INACTIVE') return;
  const loaded = await loadService(app, service);
  const plan = reconcileService(loaded.input);
  const nothingToDo =
    plan.placements.length === 0 &&
    plan.stop.length === 0 &&
    plan.events.length === 0 &&
    !plan.newDeployment &&
    !plan.drained &&
    (plan.desiredCountOfService === undefined || plan.desiredCountOfService === service.desiredCount) &&
    sameDeployments(loaded, plan.deployments);
  if (nothingToDo) return;
  const touched = await applyServicePlan(app, loaded, plan);
  await pushDesiredTasks(app, touched);
}

type DeploymentFields = { id: string; status: string; rolloutState: string; failedTasks: number; launchFailures: number; desiredCount: number; nextLaunchAt?: Date };

function sameDeployments(loaded: LoadedService, next: readonly DeploymentFields[]): boolean {
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
