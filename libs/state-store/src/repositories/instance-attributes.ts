import type { Kysely, Transaction } from 'kysely';
import type { InstanceAttribute } from '@berth/domain';
import type { AttributeSource, Database, InstanceAttributeRow } from '../schema.js';

export function attributeRowToAttribute(row: InstanceAttributeRow): InstanceAttribute {
  return row.value === null ? { name: row.name } : { name: row.name, value: row.value };
}

/** Attributes of many instances in one query, grouped by instance id, ordered by name. */
export async function loadAttributes(
  db: Kysely<Database>,
  instanceIds: readonly string[],
): Promise<Map<string, InstanceAttributeRow[]>> {
  const byInstance = new Map<string, InstanceAttributeRow[]>();
  if (instanceIds.length === 0) return byInstance;
  const rows = await db
    .selectFrom('instance_attributes')
    .selectAll()
    .where('instance_id', 'in', [...instanceIds])
    .orderBy('instance_id')
    .orderBy('name')
    .execute();
  for (const row of rows) {
    const list = byInstance.get(row.instance_id);
    if (list) list.push(row);
    else byInstance.set(row.instance_id, [row]);
  }
  return byInstance;
}

/**
 * The agent's attributes are whatever it reported last: registration replaces the whole set. A
 * name held by a custom attribute is taken over by the agent (last writer wins, as for puts).
 */
export async function replaceAgentAttributes(
  trx: Transaction<Database>,
  instanceId: string,
  attrs: readonly InstanceAttribute[],
): Promise<void> {
  await trx.deleteFrom('instance_attributes').where('instance_id', '=', instanceId).where('source', '=', 'agent').execute();
  await upsert(trx, instanceId, attrs, 'agent');
}

/** Attributes the agent reports after registration (e.g. `berth.agent.data-dir`): insert or overwrite by name. */
export async function putAgentAttributes(
  trx: Transaction<Database>,
  instanceId: string,
  attrs: readonly InstanceAttribute[],
): Promise<void> {
  await upsert(trx, instanceId, attrs, 'agent');
  await bumpInstanceVersion(trx, instanceId);
}

/** PutAttributes: insert or overwrite by name. The limit check is the caller's (domain `mergeCustomAttributes`). */
export async function putCustomAttributes(
  trx: Transaction<Database>,
  instanceId: string,
  attrs: readonly InstanceAttribute[],
): Promise<void> {
  await upsert(trx, instanceId, attrs, 'custom');
  await bumpInstanceVersion(trx, instanceId);
}

/** DeleteAttributes: removes custom attributes only; returns the names that existed. */
export async function deleteCustomAttributes(
  trx: Transaction<Database>,
  instanceId: string,
  names: readonly string[],
): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await trx
    .deleteFrom('instance_attributes')
    .where('instance_id', '=', instanceId)
    .where('source', '=', 'custom')
    .where('name', 'in', [...names])
    .returning('name')
    .execute();
  if (rows.length > 0) await bumpInstanceVersion(trx, instanceId);
  return rows.map((r) => r.name);
}

/**
 * An instance's version moves whenever anything placement reads of it does, its attributes
 * included, so a cached copy is known stale by its version alone. (Registration replaces the
 * agent's attributes in the statement that bumps the version.)
 */
async function bumpInstanceVersion(trx: Transaction<Database>, instanceId: string): Promise<void> {
  await trx
    .updateTable('container_instances')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', instanceId)
    .execute();
}

async function upsert(
  trx: Transaction<Database>,
  instanceId: string,
  attrs: readonly InstanceAttribute[],
  source: AttributeSource,
): Promise<void> {
  // One row per name (the last wins): ON CONFLICT may not touch a row twice in one statement.
  const byName = new Map(attrs.map((a) => [a.name, a]));
  if (byName.size === 0) return;
  await trx
    .insertInto('instance_attributes')
    .values([...byName.values()].map((a) => ({ instance_id: instanceId, name: a.name, value: a.value ?? null, source })))
    .onConflict((oc) =>
      oc.columns(['instance_id', 'name']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), source: eb.ref('excluded.source') })),
    )
    .execute();
}

/** Where a ListAttributes page ended. */
export interface AttributeKey {
  readonly instanceId: string;
  readonly name: string;
}

export interface ListAttributesQuery {
  readonly clusterName: string;
  readonly name?: string;
  /** Matches only attributes with exactly this value (ECS requires `name` with it; not enforced here). */
  readonly value?: string;
  readonly limit: number;
  readonly afterKey?: AttributeKey;
}

export interface ListedAttribute {
  readonly instanceId: string;
  readonly instanceArn: string;
  readonly name: string;
  readonly value?: string;
}

/**
 * ListAttributes for container instances: agent and custom attributes alike (ECS returns both) of
 * the cluster's ACTIVE and DRAINING instances, ordered by (instance id, name) — the key of the
 * last item is the next-page token.
 */
export async function listAttributes(db: Kysely<Database>, query: ListAttributesQuery): Promise<ListedAttribute[]> {
  let q = db
    .selectFrom('instance_attributes as a')
    .innerJoin('container_instances as ci', 'ci.id', 'a.instance_id')
    .select(['a.instance_id', 'ci.arn', 'a.name', 'a.value'])
    .where('ci.cluster_name', '=', query.clusterName)
    .where('ci.status', '!=', 'INACTIVE')
    .orderBy('a.instance_id')
    .orderBy('a.name')
    .limit(query.limit);
  if (query.name !== undefined) q = q.where('a.name', '=', query.name);
  if (query.value !== undefined) q = q.where('a.value', '=', query.value);
  if (query.afterKey) {
    const { instanceId, name } = query.afterKey;
    q = q.where((eb) => eb(eb.refTuple('a.instance_id', 'a.name'), '>', eb.tuple(instanceId, name)));
  }
  const rows = await q.execute();
  return rows.map((r) => ({
    instanceId: r.instance_id,
    instanceArn: r.arn,
    name: r.name,
    ...(r.value === null ? {} : { value: r.value }),
  }));
}
