import {
  EcsError,
  assertClusterName,
  clusterArn,
  clusterNameFrom,
  containerInstanceArn,
  containerInstanceIdFrom,
  validateTags,
  DEFAULT_CLUSTER,
  type InstanceAttribute,
  type Resources,
} from '@berth/domain';
import type { AppContext } from '../context.js';

/** A host's Register call, decoded and checked by the agent protocol's edge. */
export interface Registration {
  /** Name or ARN, as ECS_CLUSTER gave it. */
  readonly cluster: string;
  /** The agent had no ECS_CLUSTER: it may create `default`. */
  readonly createDefaultCluster: boolean;
  /** The container-instance ARN saved in ECS_DATADIR by an earlier registration. */
  readonly savedArn?: string;
  readonly hostname: string;
  readonly resources: Resources;
  readonly attributes: readonly InstanceAttribute[];
  readonly tags: readonly { key?: string; value?: string }[];
  readonly agentVersion: string;
  readonly dockerVersion: string;
}

export interface Registered {
  readonly containerInstanceArn: string;
  readonly clusterArn: string;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
}

/**
 * Register: a host joins a cluster, or rejoins it under its saved identity. Re-registration
 * refreshes resources and agent attributes (so a changed ECS_RESERVED_MEMORY takes effect) while
 * keeping the status, custom attributes and reservations the control plane owns.
 */
export async function registerContainerInstance(app: AppContext, reg: Registration): Promise<Registered> {
  const clusterName = assertClusterName(clusterNameFrom(reg.cluster));
  const tags = validateTags(reg.tags);
  const saved = reg.savedArn ? containerInstanceIdFrom(reg.savedArn) : undefined;
  if (saved?.cluster !== undefined && saved.cluster !== clusterName) {
    throw new EcsError('ClientException', `Data mismatch: container instance ${reg.savedArn} belongs to cluster '${saved.cluster}', not '${clusterName}'.`);
  }
  const now = app.now();
  const versions = { agentVersion: reg.agentVersion, dockerVersion: reg.dockerVersion };

  const instanceId = await app.store.transaction(async (tx) => {
    const cluster = await tx.findClusterForUpdate(clusterName);
    if (!cluster || cluster.status !== 'ACTIVE') {
      if (!(reg.createDefaultCluster && clusterName === DEFAULT_CLUSTER)) {
        throw new EcsError(
          'ClusterNotFoundException',
          `Cluster '${clusterName}' not found. Create it first (berth create-cluster --cluster-name ${clusterName}) or set ECS_CLUSTER to an existing cluster.`,
        );
      }
      await tx.insertOrReactivateCluster({ name: clusterName, arn: clusterArn(app.scope, clusterName), tags: [], now });
    }
    const existing = saved ? await tx.findContainerInstanceById(saved.id) : undefined;
    if (existing && existing.clusterName !== clusterName) {
      throw new EcsError('ClientException', `Data mismatch: container instance ${existing.arn} is registered in cluster '${existing.clusterName}', not '${clusterName}'.`);
    }
    if (existing && existing.status !== 'INACTIVE') {
      await tx.reregisterContainerInstance(existing.id, { registeredResources: reg.resources, hostname: reg.hostname, ...versions, agentAttributes: reg.attributes, tags, now });
      return existing.id;
    }
    const id = app.ids.newId();
    await tx.insertContainerInstance({
      id,
      clusterName,
      arn: containerInstanceArn(app.scope, clusterName, id),
      hostname: reg.hostname,
      registeredResources: reg.resources,
      agentAttributes: reg.attributes,
      ...versions,
      tags,
      now,
    });
    if (saved) app.log.warn('saved container instance is unknown or deregistered; registered a new one', { saved: reg.savedArn, id });
    return id;
  });

  app.log.info('container instance registered', { cluster: clusterName, id: instanceId, hostname: reg.hostname });
  return {
    containerInstanceArn: containerInstanceArn(app.scope, clusterName, instanceId),
    clusterArn: clusterArn(app.scope, clusterName),
    heartbeatIntervalMs: app.liveness.heartbeatIntervalMs,
    heartbeatTimeoutMs: app.liveness.heartbeatTimeoutMs,
  };
}
