import { EcsError, clusterPolicy, policyViolations, type Cluster, type TaskDefinition } from '@berth/domain';

/**
 * Refuses a task definition the cluster's policy does not allow (privileged containers, host
 * paths, host networking, images from other registries), naming each reason and the setting an
 * admin would change. Checked wherever tasks are started from a definition: RunTask, StartTask,
 * CreateService, UpdateService.
 */
export function enforceClusterPolicy(cluster: Cluster, definition: TaskDefinition): void {
  const violations = policyViolations(definition, clusterPolicy(cluster.settings));
  if (violations.length === 0) return;
  throw new EcsError(
    'ClientException',
    `The policy of cluster '${cluster.name}' refuses task definition ${definition.family}:${definition.revision}: ${violations.join('; ')}. An admin can allow it with berth update-cluster-settings --cluster ${cluster.name} --settings name=<setting>,value=true.`,
  );
}
