import {
  containerInstanceIdFrom,
  invalidParameter,
  isOneOf,
  containerInstanceStatuses,
  settableInstanceStatuses,
  type ContainerInstance,
} from '@berth/domain';
import type { wire } from '@berth/proto';
import {
  deregisterContainerInstance as markDeregistered,
  findContainerInstance,
  findContainerInstanceForUpdate,
  listContainerInstances as listInstances,
  updateContainerInstanceStatus,
} from '@berth/state-store';
import type { ApiContext } from '../context.js';
import { containerInstanceToWire } from '../wire/container-instances.js';
import { requireActiveCluster } from './clusters.js';
import { memberOf } from '@berth/scheduler';
import { clusterSnapshot } from '../tasks/snapshot.js';
import { decodeToken, pageOf, pageSize } from './pagination.js';

/** An instance reference (id or ARN) resolved to an id in `clusterName`, or undefined if it names another cluster. */
export function instanceIdIn(clusterName: string, ref: string): string | undefined {
  const parsed = containerInstanceIdFrom(ref);
  if (parsed.cluster !== undefined && parsed.cluster !== clusterName) return undefined;
  return parsed.id;
}

export async function listContainerInstances(
  ctx: ApiContext,
  req: wire.ListContainerInstancesRequest__Output,
): Promise<wire.ListContainerInstancesResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  const status = req.status || undefined;
  if (status !== undefined && !isOneOf(containerInstanceStatuses, status)) {
    throw invalidParameter(`Invalid status '${status}'. Valid values: ${containerInstanceStatuses.join(', ')}.`);
  }
  const size = pageSize(req.maxResults);
  if (req.filter) return listFiltered(ctx, cluster.name, status, req.filter, size, decodeToken(req.nextToken));
  const rows = await listInstances(ctx.db, {
    clusterName: cluster.name,
    status,
    limit: size + 1,
    afterId: decodeToken(req.nextToken),
  });
  const page = pageOf(rows, size, (i) => i.id);
  return { containerInstanceArns: page.items.map((i) => i.arn), nextToken: page.nextToken };
}

/** With a cluster-query filter: every instance is matched against it (tasks' groups included), then paged. */
async function listFiltered(
  ctx: ApiContext,
  clusterName: string,
  status: ContainerInstance['status'] | undefined,
  filter: string,
  size: number,
  afterId: string | undefined,
): Promise<wire.ListContainerInstancesResponse> {
  const matches = memberOf(filter).matches;
  const { snapshots } = await clusterSnapshot(ctx, clusterName, status === 'INACTIVE' ? 'INACTIVE' : undefined);
  const ids = snapshots
    .filter((s) => (status === undefined ? s.status !== 'INACTIVE' : s.status === status) && matches(s))
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .filter((s) => afterId === undefined || s.id > afterId);
  const page = pageOf(ids, size, (s) => s.id);
  return { containerInstanceArns: page.items.map((s) => s.arn), nextToken: page.nextToken };
}

export async function describeContainerInstances(
  ctx: ApiContext,
  req: wire.DescribeContainerInstancesRequest__Output,
): Promise<wire.DescribeContainerInstancesResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  if (req.containerInstances.length === 0) throw invalidParameter('containerInstances must not be empty.');
  if (req.containerInstances.length > 100) throw invalidParameter('containerInstances can have at most 100 items.');
  const found: wire.ContainerInstance[] = [];
  const failures: wire.Failure[] = [];
  for (const ref of req.containerInstances) {
    const id = instanceIdIn(cluster.name, ref);
    const instance = id === undefined ? undefined : await findContainerInstance(ctx.db, cluster.name, id);
    if (instance) found.push(containerInstanceToWire(instance));
    else failures.push({ arn: ref, reason: 'MISSING' });
  }
  return { containerInstances: found, failures };
}

export async function updateContainerInstancesState(
  ctx: ApiContext,
  req: wire.UpdateContainerInstancesStateRequest__Output,
): Promise<wire.UpdateContainerInstancesStateResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  const status = req.status;
  if (!isOneOf(settableInstanceStatuses, status)) {
    throw invalidParameter(`Invalid status '${status}'. Valid values: ${settableInstanceStatuses.join(', ')}.`);
  }
  if (req.containerInstances.length === 0) throw invalidParameter('containerInstances must not be empty.');
  if (req.containerInstances.length > 10) throw invalidParameter('containerInstances can have at most 10 items.');
  const updated: ContainerInstance[] = [];
  const failures: wire.Failure[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    for (const ref of req.containerInstances) {
      const id = instanceIdIn(cluster.name, ref);
      const instance = id === undefined ? undefined : await findContainerInstanceForUpdate(trx, cluster.name, id);
      if (!instance) {
        failures.push({ arn: ref, reason: 'MISSING' });
      } else if (instance.status === 'INACTIVE') {
        failures.push({ arn: instance.arn, reason: 'INACTIVE', detail: 'The container instance is deregistered.' });
      } else if (instance.status === status) {
        updated.push(instance);
      } else {
        updated.push(await updateContainerInstanceStatus(trx, instance.id, status, '', ctx.now()));
      }
    }
  });
  ctx.kickServices();
  return { containerInstances: updated.map(containerInstanceToWire), failures };
}

export async function deregisterContainerInstance(
  ctx: ApiContext,
  req: wire.DeregisterContainerInstanceRequest__Output,
): Promise<wire.DeregisterContainerInstanceResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  if (!req.containerInstance) throw invalidParameter('containerInstance is required.');
  const id = instanceIdIn(cluster.name, req.containerInstance);
  const result = await ctx.db.transaction().execute(async (trx) => {
    const instance = id === undefined ? undefined : await findContainerInstanceForUpdate(trx, cluster.name, id);
    if (!instance || instance.status === 'INACTIVE') {
      throw invalidParameter(`Container instance '${req.containerInstance}' not found in cluster '${cluster.name}'.`);
    }
    if (!req.force && instance.runningTasksCount + instance.pendingTasksCount > 0) {
      throw invalidParameter('Found running tasks on the instance. Stop them first or deregister with force.');
    }
    return markDeregistered(trx, instance.id, ctx.now());
  });
  ctx.sessions.endSession(result.id, { code: 'InstanceDeregistered', message: 'The container instance was deregistered.' });
  ctx.kickServices();
  return { containerInstance: containerInstanceToWire(result) };
}
