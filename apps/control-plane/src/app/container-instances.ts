import {
  abandonedTaskPatch,
  containerInstanceIdFrom,
  invalidParameter,
  isOneOf,
  containerInstanceStatuses,
  settableInstanceStatuses,
  type ContainerInstance,
} from '@berth/domain';
import type { Failure, RequestOf, ResultOf } from '@berth/ecs-api';
import { memberOf } from '@berth/scheduler';
import type { AppContext } from './context.js';
import { requireActiveCluster } from './clusters.js';
import { decodeToken, pageOf, pageSize } from './pagination.js';
import { clusterSnapshot } from './placement/cluster-snapshot.js';

/** An instance reference (id or ARN) resolved to an id in `clusterName`, or undefined if it names another cluster. */
export function instanceIdIn(clusterName: string, ref: string): string | undefined {
  const parsed = containerInstanceIdFrom(ref);
  if (parsed.cluster !== undefined && parsed.cluster !== clusterName) return undefined;
  return parsed.id;
}

export async function listContainerInstances(app: AppContext, req: RequestOf<'ListContainerInstances'>): Promise<ResultOf<'ListContainerInstances'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const status = req.status || undefined;
  if (status !== undefined && !isOneOf(containerInstanceStatuses, status)) {
    throw invalidParameter(`Invalid status '${status}'. Valid values: ${containerInstanceStatuses.join(', ')}.`);
  }
  const size = pageSize(req.maxResults);
  const afterId = decodeToken(req.nextToken);
  if (req.filter) {
    // With a cluster-query filter every instance is matched (its tasks' groups included), then paged.
    const matches = memberOf(req.filter).matches;
    const { snapshots } = await clusterSnapshot(app, cluster.name, status === 'INACTIVE' ? 'INACTIVE' : undefined);
    const ids = snapshots
      .filter((s) => (status === undefined ? s.status !== 'INACTIVE' : s.status === status) && matches(s))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .filter((s) => afterId === undefined || s.id > afterId);
    const page = pageOf(ids, size, (s) => s.id);
    return { items: page.items.map((s) => s.arn), nextToken: page.nextToken };
  }
  const rows = await app.store.read.listContainerInstances({ clusterName: cluster.name, status, limit: size + 1, afterId });
  const page = pageOf(rows, size, (i) => i.id);
  return { items: page.items.map((i) => i.arn), nextToken: page.nextToken };
}

export async function describeContainerInstances(
  app: AppContext,
  req: RequestOf<'DescribeContainerInstances'>,
): Promise<ResultOf<'DescribeContainerInstances'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const refs = req.containerInstances ?? [];
  if (refs.length === 0) throw invalidParameter('containerInstances must not be empty.');
  if (refs.length > 100) throw invalidParameter('containerInstances can have at most 100 items.');
  const found: ContainerInstance[] = [];
  const failures: Failure[] = [];
  for (const ref of refs) {
    const id = instanceIdIn(cluster.name, ref);
    const instance = id === undefined ? undefined : await app.store.read.findContainerInstance(cluster.name, id);
    if (instance) found.push(instance);
    else failures.push({ arn: ref, reason: 'MISSING' });
  }
  return { containerInstances: found, failures };
}

export async function updateContainerInstancesState(
  app: AppContext,
  req: RequestOf<'UpdateContainerInstancesState'>,
): Promise<ResultOf<'UpdateContainerInstancesState'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const status = req.status ?? '';
  if (!isOneOf(settableInstanceStatuses, status)) {
    throw invalidParameter(`Invalid status '${status}'. Valid values: ${settableInstanceStatuses.join(', ')}.`);
  }
  const refs = req.containerInstances ?? [];
  if (refs.length === 0) throw invalidParameter('containerInstances must not be empty.');
  if (refs.length > 10) throw invalidParameter('containerInstances can have at most 10 items.');
  const result = await app.store.transaction(async (tx) => {
    const updated: ContainerInstance[] = [];
    const failures: Failure[] = [];
    for (const ref of refs) {
      const id = instanceIdIn(cluster.name, ref);
      const instance = id === undefined ? undefined : await tx.findContainerInstanceForUpdate(cluster.name, id);
      if (!instance) failures.push({ arn: ref, reason: 'MISSING' });
      else if (instance.status === 'INACTIVE') failures.push({ arn: instance.arn, reason: 'INACTIVE', detail: 'The container instance is deregistered.' });
      else if (instance.status === status) updated.push(instance);
      else updated.push(await tx.updateContainerInstanceStatus(instance.id, status, '', app.now()));
    }
    return { containerInstances: updated, failures };
  });
  app.kickServices();
  return result;
}

export async function deregisterContainerInstance(
  app: AppContext,
  req: RequestOf<'DeregisterContainerInstance'>,
): Promise<ResultOf<'DeregisterContainerInstance'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const ref = req.containerInstance;
  if (!ref) throw invalidParameter('containerInstance is required.');
  const id = instanceIdIn(cluster.name, ref);
  const result = await app.store.transaction(async (tx) => {
    const instance = id === undefined ? undefined : await tx.findContainerInstanceForUpdate(cluster.name, id);
    if (!instance || instance.status === 'INACTIVE') throw invalidParameter(`Container instance '${ref}' not found in cluster '${cluster.name}'.`);
    if (!req.force && instance.runningTasksCount + instance.pendingTasksCount > 0) {
      throw invalidParameter('Found running tasks on the instance. Stop them first or deregister with force.');
    }
    // Its credential goes with it: a deregistered host cannot speak for the instance again.
    await tx.deleteInstanceCredentials(instance.id);
    // Nobody will report its tasks any more: they end now, with the reason, rather than stay RUNNING.
    const reason = `Container instance ${instance.id} was deregistered with force; its containers are no longer tracked.`;
    for (const task of await tx.activeTasksOnInstances([instance.id])) {
      const patch = abandonedTaskPatch(task, reason, app.now());
      if (patch) await tx.updateTask(task.id, patch, app.now());
    }
    await tx.recomputeInstanceUsage([instance.id], app.now());
    return tx.deregisterContainerInstance(instance.id, app.now());
  });
  app.credentials.forgetInstance(result.id);
  app.agents.end(result.id, { code: 'InstanceDeregistered', message: 'The container instance was deregistered.' });
  app.kickServices();
  return { containerInstance: result };
}
