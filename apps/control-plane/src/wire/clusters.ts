import type { ClusterWithCounts } from '@berth/domain';
import type { wire } from '@berth/proto';

export function clusterToWire(cluster: ClusterWithCounts, include: { tags: boolean }): wire.Cluster {
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: cluster.registeredContainerInstancesCount,
    runningTasksCount: cluster.runningTasksCount,
    pendingTasksCount: cluster.pendingTasksCount,
    activeServicesCount: cluster.activeServicesCount,
    tags: include.tags ? cluster.tags.map((t) => ({ key: t.key, value: t.value })) : [],
  };
}
