import { launchSpec, taskIdFrom, type Task } from '@berth/domain';
import { formatStartedEvent, formatStoppedEvent, formatUnableToPlaceEvent, type ServicePlan } from '@berth/scheduler';
import type { AppContext } from '../context.js';
import { commitPlacements } from '../placement/commit-placements.js';
import { stopLockedTask } from '../tasks/stop-task.js';
import { deploymentFromState, type LoadedService } from './load-service.js';

/**
 * The services applier: commits one reconcile plan in one transaction if the service did not
 * change since it was read (otherwise the next pass plans again). It decides nothing: stops go
 * through the domain's stop rule, and the placements the scheduler chose (on the snapshot as it is
 * after those stops) are re-checked against locked instance rows and committed — a placement that
 * no longer fits becomes an event. Returns the instances whose desired set changed, to push after commit.
 */
export async function applyServicePlan(app: AppContext, loaded: LoadedService, plan: ServicePlan): Promise<Set<string>> {
  const { service, definitions } = loaded;
  return app.store.transaction(async (tx) => {
    const touched = new Set<string>();
    const locked = await tx.findServiceForUpdate(service.clusterName, service.name);
    if (!locked || locked.version !== service.version) return touched;
    const now = app.now();
    const events = [...plan.events];

    const stoppedIds: string[] = [];
    for (const stop of plan.stop) {
      const task = await tx.findTaskForUpdate(taskIdFrom(stop.taskArn).id);
      if (!task) continue;
      const { changed } = await stopLockedTask(tx, task, { stopCode: stop.stopCode, reason: stop.reason }, now);
      if (!changed) continue;
      touched.add(task.containerInstanceId);
      stoppedIds.push(task.id);
    }
    if (stoppedIds.length > 0) events.push(formatStoppedEvent(service.name, stoppedIds));

    const deploymentsById = new Map([...plan.deployments, ...(plan.newDeployment ? [plan.newDeployment] : [])].map((d) => [d.id, d]));
    const started: Task[] = [];
    for (const placement of plan.placements) {
      const deployment = deploymentsById.get(placement.deploymentId);
      const definition = deployment && definitions.get(deployment.taskDefinitionArn);
      if (!deployment || !definition) continue;
      const spec = launchSpec({ clusterName: service.clusterName, definition, startedBy: deployment.id, group: placement.request.group });
      const committed = await commitPlacements(tx, app, spec, placement.request, placement.instanceIds);
      started.push(...committed.tasks);
      const failure = committed.failures[0];
      if (failure) events.push(formatUnableToPlaceEvent(service.name, failure));
    }
    for (const t of started) touched.add(t.containerInstanceId);
    if (started.length > 0) events.push(formatStartedEvent(service.name, started.map((t) => t.id)));

    await tx.saveDeployments([...deploymentsById.values()].map((d) => deploymentFromState(service, d)));
    const rollback = plan.newDeployment;
    const drained = plan.drained && locked.status === 'DRAINING';
    if (rollback || drained || (plan.desiredCountOfService !== undefined && plan.desiredCountOfService !== locked.desiredCount)) {
      await tx.updateService(
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
    await tx.appendServiceEvents(service.clusterName, service.name, dedupe(events), now);
    return touched;
  });
}

function dedupe(events: readonly string[]): string[] {
  return events.filter((e, i) => events.indexOf(e) === i);
}
