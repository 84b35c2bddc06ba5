import {
  EcsError,
  assertClusterName,
  clusterArn,
  clusterNameFrom,
  containerInstanceArn,
  containerInstanceIdFrom,
  DEFAULT_CLUSTER,
} from '@berth/domain';
import type { wire } from '@berth/proto';
import {
  findClusterForUpdate,
  findContainerInstanceById,
  insertContainerInstance,
  insertOrReactivateCluster,
  reregisterContainerInstance,
  replaceAgentAttributes,
} from '@berth/state-store';
import type { ApiContext } from '../context.js';
import { validateTags } from '../api/tags.js';
import { agentAttributesFromWire, resourcesFromWire } from './validate-registration.js';

/**
 * Register: a host joins a cluster, or rejoins it under its saved identity. Re-registration
 * refreshes resources and agent attributes (so a changed ECS_RESERVED_MEMORY takes effect) while
 * keeping the status, custom attributes and reservations the control plane owns.
 */
export async function registerContainerInstance(ctx: ApiContext, req: wire.RegisterRequest__Output): Promise<wire.RegisterResponse> {
  const clusterName = assertClusterName(clusterNameFrom(req.cluster));
  const resources = resourcesFromWire(req.totalResources);
  const attributes = agentAttributesFromWire(req.attributes);
  const tags = validateTags(req.tags);
  const saved = req.containerInstanceArn ? containerInstanceIdFrom(req.containerInstanceArn) : undefined;
  if (saved?.cluster !== undefined && saved.cluster !== clusterName) {
    throw new EcsError(
      'ClientException',
      `Data mismatch: container instance ${req.containerInstanceArn} belongs to cluster '${saved.cluster}', not '${clusterName}'.`,
    );
  }
  const now = ctx.now();
  const versionInfo = { agentVersion: req.versionInfo?.agentVersion ?? '', dockerVersion: req.versionInfo?.dockerVersion ?? '' };

  const instanceId = await ctx.db.transaction().execute(async (trx) => {
    const cluster = await findClusterForUpdate(trx, clusterName);
    if (!cluster || cluster.status !== 'ACTIVE') {
      if (!(req.createDefaultCluster && clusterName === DEFAULT_CLUSTER)) {
        throw new EcsError(
          'ClusterNotFoundException',
          `Cluster '${clusterName}' not found. Create it first (berth create-cluster --cluster-name ${clusterName}) or set ECS_CLUSTER to an existing cluster.`,
        );
      }
      await insertOrReactivateCluster(trx, { name: clusterName, arn: clusterArn(ctx.scope, clusterName), tags: [], now });
    }
    const existing = saved ? await findContainerInstanceById(trx, saved.id) : undefined;
    if (existing && existing.clusterName !== clusterName) {
      throw new EcsError(
        'ClientException',
        `Data mismatch: container instance ${existing.arn} is registered in cluster '${existing.clusterName}', not '${clusterName}'.`,
      );
    }
    if (existing && existing.status !== 'INACTIVE') {
      await reregisterContainerInstance(trx, existing.id, {
        registeredResources: resources,
        hostname: req.hostname,
        ...versionInfo,
        tags,
        now,
      });
      await replaceAgentAttributes(trx, existing.id, attributes);
      return existing.id;
    }
    const id = ctx.newId();
    await insertContainerInstance(trx, {
      id,
      clusterName,
      arn: containerInstanceArn(ctx.scope, clusterName, id),
      hostname: req.hostname,
      registeredResources: resources,
      ...versionInfo,
      tags,
      now,
    });
    await replaceAgentAttributes(trx, id, attributes);
    if (saved) ctx.log.warn('saved container instance is unknown or deregistered; registered a new one', { saved: req.containerInstanceArn, id });
    return id;
  });

  ctx.log.info('container instance registered', { cluster: clusterName, id: instanceId, hostname: req.hostname });
  return {
    containerInstanceArn: containerInstanceArn(ctx.scope, clusterName, instanceId),
    clusterArn: clusterArn(ctx.scope, clusterName),
    heartbeatIntervalMs: ctx.liveness.heartbeatIntervalMs,
    heartbeatTimeoutMs: ctx.liveness.heartbeatTimeoutMs,
  };
}
