import {
  invalidParameter,
  isBuiltInAttribute,
  mergeCustomAttributes,
  validateAttribute,
  EcsError,
  type Cluster,
  type InstanceAttribute,
} from '@berth/domain';
import type { wire } from '@berth/proto';
import type { Transaction } from 'kysely';
import type { Database } from '@berth/state-store';
import {
  deleteCustomAttributes,
  findContainerInstanceForUpdate,
  listAttributes as listStoredAttributes,
  putCustomAttributes,
} from '@berth/state-store';
import type { ApiContext } from '../context.js';
import { attributeToWire } from '../wire/container-instances.js';
import { requireActiveCluster } from './clusters.js';
import { instanceIdIn } from './container-instances.js';
import { decodeToken, pageOf, pageSize } from './pagination.js';

const TARGET_TYPE = 'container-instance';

interface TargetedAttribute {
  readonly attribute: InstanceAttribute;
  readonly targetId: string;
}

/** Checks every attribute before anything is written, so a bad one leaves all stored attributes as they were. */
function validateTargeted(attributes: readonly wire.Attribute__Output[], forDelete: boolean): TargetedAttribute[] {
  if (attributes.length === 0) throw invalidParameter('attributes must not be empty.');
  return attributes.map((a, i) => {
    if (a.targetType && a.targetType !== TARGET_TYPE) {
      throw invalidParameter(`attributes[${i}].targetType must be '${TARGET_TYPE}'.`);
    }
    if (!a.targetId) throw invalidParameter(`attributes[${i}].targetId is required: the container instance id or ARN.`);
    const attribute = validateAttribute(forDelete ? { name: a.name } : { name: a.name, value: a.value || undefined });
    if (isBuiltInAttribute(attribute.name)) {
      throw invalidParameter(`Attribute '${attribute.name}' is set by the agent; custom attributes may not use the 'ecs.' prefix.`);
    }
    return { attribute, targetId: a.targetId };
  });
}

function groupByTarget(items: readonly TargetedAttribute[]): Map<string, InstanceAttribute[]> {
  const byTarget = new Map<string, InstanceAttribute[]>();
  for (const { attribute, targetId } of items) byTarget.set(targetId, [...(byTarget.get(targetId) ?? []), attribute]);
  return byTarget;
}

async function lockTarget(trx: Transaction<Database>, cluster: Cluster, targetId: string) {
  const id = instanceIdIn(cluster.name, targetId);
  const instance = id === undefined ? undefined : await findContainerInstanceForUpdate(trx, cluster.name, id);
  if (!instance || instance.status === 'INACTIVE') {
    throw new EcsError('TargetNotFoundException', `Could not find container instance '${targetId}' in cluster '${cluster.name}'.`);
  }
  return instance;
}

export async function putAttributes(ctx: ApiContext, req: wire.PutAttributesRequest__Output): Promise<wire.PutAttributesResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  const items = validateTargeted(req.attributes, false);
  await ctx.db.transaction().execute(async (trx) => {
    for (const [targetId, attrs] of groupByTarget(items)) {
      const instance = await lockTarget(trx, cluster, targetId);
      mergeCustomAttributes(instance.customAttributes, attrs); // throws past the limit
      await putCustomAttributes(trx, instance.id, attrs);
    }
  });
  return { attributes: req.attributes.map((a) => ({ ...a, targetType: TARGET_TYPE })) };
}

export async function deleteAttributes(ctx: ApiContext, req: wire.DeleteAttributesRequest__Output): Promise<wire.DeleteAttributesResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  const items = validateTargeted(req.attributes, true);
  await ctx.db.transaction().execute(async (trx) => {
    for (const [targetId, attrs] of groupByTarget(items)) {
      const instance = await lockTarget(trx, cluster, targetId);
      await deleteCustomAttributes(
        trx,
        instance.id,
        attrs.map((a) => a.name),
      );
    }
  });
  return { attributes: req.attributes.map((a) => ({ ...a, targetType: TARGET_TYPE })) };
}

export async function listAttributes(ctx: ApiContext, req: wire.ListAttributesRequest__Output): Promise<wire.ListAttributesResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  if (req.targetType !== TARGET_TYPE) throw invalidParameter(`targetType is required and must be '${TARGET_TYPE}'.`);
  if (req.attributeValue && !req.attributeName) throw invalidParameter('attributeValue requires attributeName.');
  const size = pageSize(req.maxResults);
  const rows = await listStoredAttributes(ctx.db, {
    clusterName: cluster.name,
    name: req.attributeName || undefined,
    value: req.attributeValue || undefined,
    limit: size + 1,
    afterKey: attributeKeyFrom(decodeToken(req.nextToken)),
  });
  // Instance ids are 32 hex characters, so the first '/' separates id and attribute name.
  const page = pageOf(rows, size, (r) => `${r.instanceId}/${r.name}`);
  return {
    attributes: page.items.map((r) => attributeToWire({ name: r.name, value: r.value ?? undefined }, r.instanceArn)),
    nextToken: page.nextToken,
  };
}

function attributeKeyFrom(token: string | undefined): { instanceId: string; name: string } | undefined {
  if (token === undefined) return undefined;
  const slash = token.indexOf('/');
  if (slash !== 32) throw invalidParameter('Invalid nextToken.');
  return { instanceId: token.slice(0, slash), name: token.slice(slash + 1) };
}
