import type { ClusterWithCounts } from '@berth/domain';
import { compact, encodeTags, type JsonObject } from './json.js';

/** A cluster as ECS describes it; tags and settings only when asked for (DescribeClusters include TAGS, SETTINGS). */
export function encodeCluster(cluster: ClusterWithCounts, include: { tags: boolean; settings?: boolean }): JsonObject {
  return compact({
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: cluster.registeredContainerInstancesCount,
    runningTasksCount: cluster.runningTasksCount,
    pendingTasksCount: cluster.pendingTasksCount,
    activeServicesCount: cluster.activeServicesCount,
    tags: include.tags ? encodeTags(cluster.tags) : undefined,
    settings: include.settings ? cluster.settings.map((x) => ({ name: x.name, value: x.value })) : undefined,
  });
}
