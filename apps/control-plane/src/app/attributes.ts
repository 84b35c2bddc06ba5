import {
  EcsError,
  invalidParameter,
  isBuiltInAttribute,
  mergeCustomAttributes,
  validateAttribute,
  type Cluster,
  type InstanceAttribute,
} from '@berth/domain';
import type { RequestOf, ResultOf, TargetedAttribute } from '@berth/ecs-api';
import type { StoreTx } from '@berth/state-store';
import type { AppContext } from './context.js';
import { requireActiveCluster } from './clusters.js';
import { instanceIdIn } from './container-instances.js';
import { decodeToken, pageOf, pageSize } from './pagination.js';

const TARGET_TYPE = 'container-instance';

type AttributeInput = NonNullable<RequestOf<'PutAttributes'>['attributes']>[number];

interface Targeted {
  readonly attribute: InstanceAttribute;
  readonly targetId: string;
}

/** Checks every attribute before anything is written, so a bad one leaves all stored attributes as they were. */
function validateTargeted(attributes: readonly AttributeInput[] | undefined, forDelete: boolean): Targeted[] {
  if (!attributes || attributes.length === 0) throw invalidParameter('attributes must not be empty.');
  return attributes.map((a, i) => {
    if (a.targetType && a.targetType !== TARGET_TYPE) throw invalidParameter(`attributes[${i}].targetType must be '${TARGET_TYPE}'.`);
    if (!a.targetId) throw invalidParameter(`attributes[${i}].targetId is required: the container instance id or ARN.`);
    const name = a.name ?? '';
    const attribute = validateAttribute(forDelete ? { name } : { name, value: a.value || undefined });
    if (isBuiltInAttribute(attribute.name)) {
      throw invalidParameter(`Attribute '${attribute.name}' is set by the agent; custom attributes may not use the 'ecs.' prefix.`);
    }
    return { attribute, targetId: a.targetId };
  });
}

function groupByTarget(items: readonly Targeted[]): Map<string, InstanceAttribute[]> {
  const byTarget = new Map<string, InstanceAttribute[]>();
  for (const { attribute, targetId } of items) byTarget.set(targetId, [...(byTarget.get(targetId) ?? []), attribute]);
  return byTarget;
}

async function lockTarget(tx: StoreTx, cluster: Cluster, targetId: string) {
  const id = instanceIdIn(cluster.name, targetId);
  const instance = id === undefined ? undefined : await tx.findContainerInstanceForUpdate(cluster.name, id);
  if (!instance || instance.status === 'INACTIVE') {
    throw new EcsError('TargetNotFoundException', `Could not find container instance '${targetId}' in cluster '${cluster.name}'.`);
  }
  return instance;
}

/** Puts or deletes the attributes, all or none; answers each with the target's ARN. */
async function changeAttributes(app: AppContext, req: RequestOf<'PutAttributes'>, forDelete: boolean): Promise<{ attributes: TargetedAttribute[] }> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const items = validateTargeted(req.attributes, forDelete);
  const attributes = await app.store.transaction(async (tx) => {
    const answered: TargetedAttribute[] = [];
    for (const [targetId, attrs] of groupByTarget(items)) {
      const instance = await lockTarget(tx, cluster, targetId);
      if (forDelete) {
        await tx.deleteCustomAttributes(instance.id, attrs.map((a) => a.name));
      } else {
        mergeCustomAttributes(instance.customAttributes, attrs); // throws past the limit
        await tx.putCustomAttributes(instance.id, attrs);
      }
      answered.push(...attrs.map((attribute) => ({ attribute, targetArn: instance.arn })));
    }
    return answered;
  });
  return { attributes };
}

export const putAttributes = (app: AppContext, req: RequestOf<'PutAttributes'>): Promise<ResultOf<'PutAttributes'>> => changeAttributes(app, req, false);
export const deleteAttributes = (app: AppContext, req: RequestOf<'DeleteAttributes'>): Promise<ResultOf<'DeleteAttributes'>> => changeAttributes(app, req, true);

export async function listAttributes(app: AppContext, req: RequestOf<'ListAttributes'>): Promise<ResultOf<'ListAttributes'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  if (req.targetType !== TARGET_TYPE) throw invalidParameter(`targetType is required and must be '${TARGET_TYPE}'.`);
  if (req.attributeValue && !req.attributeName) throw invalidParameter('attributeValue requires attributeName.');
  const size = pageSize(req.maxResults);
  const rows = await app.store.read.listAttributes({
    clusterName: cluster.name,
    name: req.attributeName || undefined,
    value: req.attributeValue || undefined,
    limit: size + 1,
    afterKey: attributeKeyFrom(decodeToken(req.nextToken)),
  });
  // Instance ids are 32 hex characters, so the first '/' separates id and attribute name.
  const page = pageOf(rows, size, (r) => `${r.instanceId}/${r.name}`);
  return {
    attributes: page.items.map((r) => ({ attribute: r.value === undefined ? { name: r.name } : { name: r.name, value: r.value }, targetArn: r.instanceArn })),
    nextToken: page.nextToken,
  };
}

function attributeKeyFrom(token: string | undefined): { instanceId: string; name: string } | undefined {
  if (token === undefined) return undefined;
  const slash = token.indexOf('/');
  if (slash !== 32) throw invalidParameter('Invalid nextToken.');
  return { instanceId: token.slice(0, slash), name: token.slice(slash + 1) };
}
