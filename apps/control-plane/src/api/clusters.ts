import {
  EcsError,
  assertClusterName,
  clusterArn,
  clusterNameFrom,
  clusterNotFound,
  invalidParameter,
  type Cluster,
  type ClusterWithCounts,
} from '@berth/domain';
import type { wire } from '@berth/proto';
import {
  countLiveInstances,
  describeClusterCounts,
  findCluster,
  findClusterForUpdate,
  insertOrReactivateCluster,
  listClusters,
  markClusterInactive,
} from '@berth/state-store';
import type { ApiContext } from '../context.js';
import { clusterToWire } from '../wire/clusters.js';
import { decodeToken, pageOf, pageSize } from './pagination.js';
import { validateTags } from './tags.js';

const describeIncludes = ['TAGS', 'SETTINGS', 'STATISTICS', 'ATTACHMENTS', 'CONFIGURATIONS'];

export async function createCluster(ctx: ApiContext, req: wire.CreateClusterRequest__Output): Promise<wire.CreateClusterResponse> {
  const name = assertClusterName(req.clusterName || 'default');
  const tags = validateTags(req.tags);
  const cluster = await ctx.db.transaction().execute((trx) =>
    insertOrReactivateCluster(trx, { name, arn: clusterArn(ctx.scope, name), tags, now: ctx.now() }),
  );
  const [withCounts] = await withClusterCounts(ctx, [cluster]);
  return { cluster: clusterToWire(withCounts!, { tags: true }) };
}

export async function describeClusters(
  ctx: ApiContext,
  req: wire.DescribeClustersRequest__Output,
): Promise<wire.DescribeClustersResponse> {
  for (const inc of req.include) {
    if (!describeIncludes.includes(inc)) throw invalidParameter(`Invalid include '${inc}'. Valid values: ${describeIncludes.join(', ')}.`);
  }
  if (req.clusters.length > 100) throw invalidParameter('clusters can have at most 100 items.');
  const requested = req.clusters.length === 0 ? ['default'] : req.clusters;
  const found: Cluster[] = [];
  const failures: wire.Failure[] = [];
  for (const ref of requested) {
    const name = clusterNameFrom(ref);
    const cluster = await findCluster(ctx.db, name);
    if (cluster) found.push(cluster);
    else failures.push({ arn: ref.startsWith('arn:') ? ref : clusterArn(ctx.scope, name), reason: 'MISSING' });
  }
  const clusters = await withClusterCounts(ctx, found);
  const tags = req.include.includes('TAGS');
  return { clusters: clusters.map((c) => clusterToWire(c, { tags })), failures };
}

export async function listClustersHandler(ctx: ApiContext, req: wire.ListClustersRequest__Output): Promise<wire.ListClustersResponse> {
  const size = pageSize(req.maxResults);
  const rows = await listClusters(ctx.db, { status: 'ACTIVE', limit: size + 1, afterName: decodeToken(req.nextToken) });
  const page = pageOf(rows, size, (c) => c.name);
  return { clusterArns: page.items.map((c) => c.arn), nextToken: page.nextToken };
}

export async function deleteCluster(ctx: ApiContext, req: wire.DeleteClusterRequest__Output): Promise<wire.DeleteClusterResponse> {
  if (!req.cluster) throw invalidParameter('cluster is required.');
  const name = clusterNameFrom(req.cluster);
  const deleted = await ctx.db.transaction().execute(async (trx) => {
    const cluster = await findClusterForUpdate(trx, name);
    if (!cluster || cluster.status === 'INACTIVE') throw clusterNotFound();
    const [counts] = await withClusterCounts({ ...ctx, db: trx }, [cluster]);
    if ((counts?.activeServicesCount ?? 0) > 0) {
      throw new EcsError('ClusterContainsServicesException', 'The Cluster cannot be deleted while Services are active.');
    }
    if ((counts?.runningTasksCount ?? 0) + (counts?.pendingTasksCount ?? 0) > 0) {
      throw new EcsError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.');
    }
    if ((await countLiveInstances(trx, name)) > 0) {
      throw new EcsError(
        'ClusterContainsContainerInstancesException',
        'The Cluster cannot be deleted while Container Instances are active or draining.',
      );
    }
    await markClusterInactive(trx, name, ctx.now());
    return { ...counts!, status: 'INACTIVE' as const };
  });
  return { cluster: clusterToWire(deleted, { tags: true }) };
}

async function withClusterCounts(ctx: Pick<ApiContext, 'db'>, clusters: readonly Cluster[]): Promise<ClusterWithCounts[]> {
  if (clusters.length === 0) return [];
  const counts = await describeClusterCounts(
    ctx.db,
    clusters.map((c) => c.name),
  );
  return clusters.map((c) => ({
    ...c,
    registeredContainerInstancesCount: 0,
    runningTasksCount: 0,
    pendingTasksCount: 0,
    activeServicesCount: 0,
    ...counts.get(c.name),
  }));
}

/** Finds an ACTIVE cluster by name or ARN, or throws ClusterNotFoundException. */
export async function requireActiveCluster(ctx: Pick<ApiContext, 'db'>, ref: string | undefined): Promise<Cluster> {
  const cluster = await findCluster(ctx.db, clusterNameFrom(ref));
  if (!cluster || cluster.status !== 'ACTIVE') throw clusterNotFound();
  return cluster;
}
