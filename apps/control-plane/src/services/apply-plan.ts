import { taskIdFrom, type Task } from '@berth/domain';
import {
  formatStartedEvent,
  formatStoppedEvent,
  formatUnableToPlaceEvent,
  place,
  placementRequestFor,
  type ServicePlan,
} from '@berth/scheduler';
import {
  appendServiceEvents,
  findServiceForUpdate,
  findTaskForUpdate,
  recomputeInstanceUsage,
  saveDeployments,
  updateService,
  updateTask,
} from '@berth/state-store';
import type { ApiContext } from '../context.js';
import { commitPlacements } from '../tasks/commit-placements.js';
import { containersFor } from '../tasks/launch.js';
import { deploymentFromState, type LoadedService } from './load-state.js';

/**
 * The services applier: commits one reconcile plan in one transaction, if the service did not
 * change since it was read (otherwise the next pass plans again). Stops first, so the resources
 * they free are visible to the starts; every start is re-checked against locked instance rows.
 * Returns the instances whose desired set changed, for the caller to push after commit.
 */
export async function applyServicePlan(ctx: ApiContext, loaded: LoadedService, plan: ServicePlan): Promise<Set<string>> {
  const { service, input, definitions } = loaded;
  const touched = new Set<string>();
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await findServiceForUpdate(trx, service.clusterName, service.name);
    if (!locked || locked.version !== service.version) return;
    const now = ctx.now();
    const events = [...plan.events];

    const stoppedIds: string[] = [];
    for (const stop of plan.stop) {
      const task = await findTaskForUpdate(trx, taskIdFrom(stop.taskArn).id);
      if (!task || task.desiredStatus === 'STOPPED') continue;
      const patch = { desiredStatus: 'STOPPED' as const, stopCode: stop.stopCode, stoppedReason: stop.reason, stoppingAt: now };
      const neverStarted = task.lastStatus === 'PROVISIONING';
      await updateTask(trx, task.id, neverStarted ? { ...patch, lastStatus: 'STOPPED', stoppedAt: now } : patch, now);
      if (neverStarted) await recomputeInstanceUsage(trx, task.containerInstanceId, now);
      touched.add(task.containerInstanceId);
      stoppedIds.push(task.id);
    }
    if (stoppedIds.length > 0) events.push(formatStoppedEvent(service.name, stoppedIds));

    const deploymentsById = new Map([...plan.deployments, ...(plan.newDeployment ? [plan.newDeployment] : [])].map((d) => [d.id, d]));
    const started: Task[] = [];
    for (const start of plan.start) {
      const deployment = deploymentsById.get(start.deploymentId);
      const definition = deployment && definitions.get(deployment.taskDefinitionArn);
      if (!deployment || !definition) continue;
      const request = placementRequestFor(input.service, deployment, start.instanceIds ? 1 : start.count, input.seed + started.length);
      const targets = start.instanceIds ?? [undefined];
      for (const instanceId of targets) {
        const snapshots = instanceId ? input.instances.filter((i) => i.id === instanceId) : input.instances;
        const planned = place(request, snapshots);
        const committed = await commitPlacements(
          trx,
          ctx,
          {
            clusterName: service.clusterName,
            definition,
            overrides: [],
            containers: containersFor(definition, []),
            startedBy: deployment.id,
            request,
          },
          planned.placements,
        );
        started.push(...committed.tasks);
        const failure = [...planned.failures, ...committed.failures][0];
        if (failure) events.push(formatUnableToPlaceEvent(service.name, failure));
      }
    }
    for (const t of started) touched.add(t.containerInstanceId);
    if (started.length > 0) events.push(formatStartedEvent(service.name, started.map((t) => t.id)));

    await saveDeployments(trx, [...deploymentsById.values()].map((d) => deploymentFromState(service, d)));
    const rollback = plan.newDeployment;
    const drained = plan.drained && locked.status === 'DRAINING';
    if (rollback || drained || (plan.desiredCountOfService !== undefined && plan.desiredCountOfService !== locked.desiredCount)) {
      await updateService(
        trx,
        service.clusterName,
        service.name,
        {
          ...(rollback ? { taskDefinitionArn: rollback.taskDefinitionArn } : {}),
          ...(drained ? { status: 'INACTIVE' as const } : {}),
          ...(plan.desiredCountOfService !== undefined ? { desiredCount: plan.desiredCountOfService } : {}),
        },
        now,
      );
    }
    await appendServiceEvents(trx, service.clusterName, service.name, dedupe(events), now);
  });
  return touched;
}

function dedupe(events: readonly string[]): string[] {
  return events.filter((e, i) => events.indexOf(e) === i);
}
