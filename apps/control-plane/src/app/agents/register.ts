import {
  EcsError,
  assertClusterName,
  clusterArn,
  clusterNameFrom,
  containerInstanceArn,
  containerInstanceIdFrom,
  validateTags,
  type InstanceAttribute,
  type Resources,
} from '@berth/domain';
import type { Caller } from '../caller.js';
import type { AppContext } from '../context.js';
import { newAccessKey } from '../security/credentials.js';
import { redeemJoinToken } from '../security/join-tokens.js';

/** A replaced agent credential keeps working this long, so a host rotates without downtime. */
export const CREDENTIAL_OVERLAP_MS = 3600_000;

/** What a host proves at Register: its own credential (after the first time), or a join token (the first time). */
export type HostProof = { readonly kind: 'agent'; readonly caller: Caller } | { readonly kind: 'join-token'; readonly token: string };

/** A host's Register call, decoded and checked by the agent protocol's edge. */
export interface Registration {
  /** Name or ARN, as ECS_CLUSTER gave it. */
  readonly cluster: string;
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
  /** The host's new credential; the one it registered with stays valid for CREDENTIAL_OVERLAP_MS. */
  readonly agentAccessKeyId: string;
  readonly agentSecretAccessKey: string;
}

const refused = (message: string) => new EcsError('AccessDeniedException', `Registration refused: ${message}.`);

/**
 * Register: a host joins a cluster with a join token, or rejoins it under its saved identity with
 * its own credential — never someone else's: a join token registers only new instances, and a
 * credential re-registers only its own. Re-registration refreshes resources and agent attributes
 * (so a changed ECS_RESERVED_MEMORY takes effect) while keeping the status, custom attributes and
 * reservations the control plane owns. Either way the host gets a fresh credential.
 */
export async function registerContainerInstance(app: AppContext, reg: Registration, proof: HostProof): Promise<Registered> {
  const clusterName = assertClusterName(clusterNameFrom(reg.cluster));
  const tags = validateTags(reg.tags);
  const saved = reg.savedArn ? containerInstanceIdFrom(reg.savedArn) : undefined;
  if (saved?.cluster !== undefined && saved.cluster !== clusterName) {
    throw new EcsError('ClientException', `Data mismatch: container instance ${reg.savedArn} belongs to cluster '${saved.cluster}', not '${clusterName}'.`);
  }
  if (proof.kind === 'agent') {
    if (proof.caller.role !== 'agent' || !proof.caller.instanceId) throw refused('an agent registers with a join token or with its own agent credential, not with an API key');
    if (saved?.id !== proof.caller.instanceId) throw refused(`this credential belongs to container instance ${proof.caller.instanceId}, not ${reg.savedArn ?? 'a new one'}`);
  }
  const now = app.now();
  const versions = { agentVersion: reg.agentVersion, dockerVersion: reg.dockerVersion };

  let countUseOf: string | undefined;
  const { instanceId, credential } = await app.store.transaction(async (tx) => {
    countUseOf = undefined;
    // Shared: hosts register side by side; deleting the cluster waits for them (and they for it).
    const cluster = await tx.findClusterForShare(clusterName);
    if (!cluster || cluster.status !== 'ACTIVE') {
      throw new EcsError(
        'ClusterNotFoundException',
        `Cluster '${clusterName}' not found. Create it first (berth create-cluster --cluster-name ${clusterName}) or set ECS_CLUSTER to an existing cluster.`,
      );
    }
    if (proof.kind === 'join-token') {
      const redeemed = await redeemJoinToken(tx, proof.token, clusterName, now);
      if (redeemed.countUseAfterCommit) countUseOf = redeemed.token.id;
    }
    const existing = saved ? await tx.findContainerInstanceById(saved.id) : undefined;
    if (existing && existing.clusterName !== clusterName) {
      throw new EcsError('ClientException', `Data mismatch: container instance ${existing.arn} is registered in cluster '${existing.clusterName}', not '${clusterName}'.`);
    }
    const issue = async (id: string) => {
      const issued = newAccessKey(app, { role: 'agent', instanceId: id, description: `agent of ${reg.hostname}`.slice(0, 256) });
      await tx.insertAccessKey(issued.key);
      await tx.expireInstanceCredentials(id, issued.key.accessKeyId, new Date(now.getTime() + CREDENTIAL_OVERLAP_MS));
      return issued;
    };
    if (existing && existing.status !== 'INACTIVE') {
      if (proof.kind === 'join-token') throw refused(`container instance ${existing.arn} is registered already; it re-registers with its own credential, not with a join token`);
      await tx.reregisterContainerInstance(existing.id, { registeredResources: reg.resources, hostname: reg.hostname, ...versions, agentAttributes: reg.attributes, tags, now });
      return { instanceId: existing.id, credential: await issue(existing.id) };
    }
    if (proof.kind === 'agent') throw refused(`container instance ${reg.savedArn} was deregistered; register with a join token`);
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
    return { instanceId: id, credential: await issue(id) };
  });

  if (countUseOf) {
    const tokenId = countUseOf;
    await app.store.transaction((tx) => tx.countJoinTokenUse(tokenId)).catch((error: unknown) => app.log.warn('could not count a join token use', { joinToken: tokenId, error }));
  }
  app.log.info('container instance registered', { cluster: clusterName, id: instanceId, hostname: reg.hostname });
  return {
    containerInstanceArn: containerInstanceArn(app.scope, clusterName, instanceId),
    clusterArn: clusterArn(app.scope, clusterName),
    heartbeatIntervalMs: app.liveness.heartbeatIntervalMs,
    heartbeatTimeoutMs: app.liveness.heartbeatTimeoutMs,
    agentAccessKeyId: credential.key.accessKeyId,
    agentSecretAccessKey: credential.secret,
  };
}
