import {
  EcsError,
  assertClusterName,
  clusterArn,
  clusterNameFrom,
  clusterNotFound,
  invalidParameter,
  LOST_HOST_TIMEOUT_SETTING,
  parseLostHostTimeout,
  policySettings,
  validateTags,
  type Cluster,
  type ClusterWithCounts,
} from '@berth/domain';
import type { Failure, RequestOf, ResultOf } from '@berth/ecs-api';
import type { StoreReads } from '@berth/state-store';
import type { Caller } from './caller.js';
import type { AppContext } from './context.js';
import { decodeToken, pageOf, pageSize } from './pagination.js';

const describeIncludes = ['TAGS', 'SETTINGS', 'STATISTICS', 'ATTACHMENTS', 'CONFIGURATIONS'];

export async function createCluster(app: AppContext, req: RequestOf<'CreateCluster'>): Promise<ResultOf<'CreateCluster'>> {
  const name = assertClusterName(req.clusterName || 'default');
  const tags = validateTags(req.tags);
  const settings = validateSettings(req.settings);
  const cluster = await app.store.transaction((tx) => tx.insertOrReactivateCluster({ name, arn: clusterArn(app.scope, name), tags, settings, now: app.now() }));
  const [withCounts] = await withClusterCounts(app.store.read, [cluster]);
  return { cluster: withCounts! };
}

export async function describeClusters(app: AppContext, req: RequestOf<'DescribeClusters'>): Promise<ResultOf<'DescribeClusters'>> {
  const include = req.include ?? [];
  for (const inc of include) {
    if (!describeIncludes.includes(inc)) throw invalidParameter(`Invalid include '${inc}'. Valid values: ${describeIncludes.join(', ')}.`);
  }
  const refs = req.clusters ?? [];
  if (refs.length > 100) throw invalidParameter('clusters can have at most 100 items.');
  const found: Cluster[] = [];
  const failures: Failure[] = [];
  for (const ref of refs.length === 0 ? ['default'] : refs) {
    const name = clusterNameFrom(ref);
    const cluster = await app.store.read.findCluster(name);
    if (cluster) found.push(cluster);
    else failures.push({ arn: ref.startsWith('arn:') ? ref : clusterArn(app.scope, name), reason: 'MISSING' });
  }
  return { clusters: await withClusterCounts(app.store.read, found), failures, includeTags: include.includes('TAGS'), includeSettings: include.includes('SETTINGS') };
}

/** ListClusters: the ACTIVE clusters the caller may see. */
export async function listClusters(app: AppContext, req: RequestOf<'ListClusters'>, caller: Caller): Promise<ResultOf<'ListClusters'>> {
  const size = pageSize(req.maxResults);
  // Filtered in the query, before the page is cut: a limited key's pages are full, and never hint at other clusters.
  const rows = await app.store.read.listClusters({ status: 'ACTIVE', limit: size + 1, afterName: decodeToken(req.nextToken), names: caller.clusters });
  const page = pageOf(rows, size, (c) => c.name);
  return { items: page.items.map((c) => c.arn), nextToken: page.nextToken };
}

/** The settings a cluster takes: ECS's containerInsights, and Berth's policy (security/cluster-policy.ts in the domain). */
const settingValues: Readonly<Record<string, (value: string) => boolean>> = {
  containerInsights: (v) => v === 'enabled' || v === 'disabled' || v === 'enhanced',
  [policySettings.allowPrivileged]: (v) => v === 'true' || v === 'false',
  [policySettings.allowHostPaths]: (v) => v === 'true' || v === 'false',
  [policySettings.allowHostNetwork]: (v) => v === 'true' || v === 'false',
  [policySettings.allowedRegistries]: (v) => v.length <= 2048 && v.split(',').every((r) => /^\s*(\*|[A-Za-z0-9.-]+(:\d+)?)?\s*$/.test(r)),
  [LOST_HOST_TIMEOUT_SETTING]: (v) => parseLostHostTimeout(v) !== undefined,
};

function validateSettings(settings: readonly { name?: string; value?: string }[] = []): { name: string; value: string }[] {
  if (settings.length > 20) throw invalidParameter('settings can have at most 20 items.');
  return settings.map((s, i) => {
    const name = s.name ?? '';
    const value = s.value ?? '';
    const check = settingValues[name];
    if (!check) throw invalidParameter(`settings[${i}].name must be one of ${Object.keys(settingValues).join(', ')}, got '${name.slice(0, 64)}'.`);
    if (!check(value)) throw invalidParameter(`settings[${i}].value '${value.slice(0, 64)}' is not valid for ${name}.`);
    return { name, value };
  });
}

/** UpdateClusterSettings: each named setting replaced, the others kept (policy changes are admin's). */
export async function updateClusterSettings(app: AppContext, req: RequestOf<'UpdateClusterSettings'>): Promise<ResultOf<'UpdateClusterSettings'>> {
  const settings = validateSettings(req.settings);
  if (settings.length === 0) throw invalidParameter('settings must not be empty.');
  const name = clusterNameFrom(req.cluster);
  const updated = await app.store.transaction(async (tx) => {
    const cluster = await tx.findClusterForUpdate(name);
    if (!cluster || cluster.status !== 'ACTIVE') throw clusterNotFound();
    return tx.updateClusterSettings(name, settings, app.now());
  });
  const [withCounts] = await withClusterCounts(app.store.read, [updated]);
  return { cluster: withCounts! };
}

export async function deleteCluster(app: AppContext, req: RequestOf<'DeleteCluster'>): Promise<ResultOf<'DeleteCluster'>> {
  if (!req.cluster) throw invalidParameter('cluster is required.');
  const name = clusterNameFrom(req.cluster);
  const deleted = await app.store.transaction(async (tx) => {
    const cluster = await tx.findClusterForUpdate(name);
    if (!cluster || cluster.status === 'INACTIVE') throw clusterNotFound();
    const [counts] = await withClusterCounts(tx, [cluster]);
    if ((counts?.activeServicesCount ?? 0) > 0) {
      throw new EcsError('ClusterContainsServicesException', 'The Cluster cannot be deleted while Services are active.');
    }
    if ((counts?.runningTasksCount ?? 0) + (counts?.pendingTasksCount ?? 0) > 0) {
      throw new EcsError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.');
    }
    if ((await tx.countLiveInstances(name)) > 0) {
      throw new EcsError('ClusterContainsContainerInstancesException', 'The Cluster cannot be deleted while Container Instances are active or draining.');
    }
    await tx.markClusterInactive(name, app.now());
    return { ...counts!, status: 'INACTIVE' as const };
  });
  return { cluster: deleted };
}

async function withClusterCounts(read: Pick<StoreReads, 'describeClusterCounts'>, clusters: readonly Cluster[]): Promise<ClusterWithCounts[]> {
  if (clusters.length === 0) return [];
  const counts = await read.describeClusterCounts(clusters.map((c) => c.name));
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
export async function requireActiveCluster(app: Pick<AppContext, 'store'>, ref: string | undefined): Promise<Cluster> {
  const cluster = await app.store.read.findCluster(clusterNameFrom(ref));
  if (!cluster || cluster.status !== 'ACTIVE') throw clusterNotFound();
  return cluster;
}
