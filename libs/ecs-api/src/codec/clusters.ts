import type { ClusterWithCounts } from '@berth/domain';
import { compact, encodeTags, type JsonObject } from './json.js';

/** A cluster as ECS describes it; tags only when asked for (DescribeClusters include TAGS). */
export function encodeCluster(cluster: ClusterWithCounts, include: { tags: boolean }): JsonObject {
  return compact({
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: cluster.registeredContainerInstancesCount,
    runningTasksCount: cluster.runningTasksCount,
    pendingTasksCount: cluster.pendingTasksCount,
    activeServicesCount: cluster.activeServicesCount,
    tags: include.tags ? encodeTags(cluster.tags) : undefined,
  });
}
