import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Listener, LoadBalancer, TargetGroup, TargetGroupView } from '@berth/domain';
import { toJson, type Database, type ListenersTable, type LoadBalancersTable, type TargetGroupsTable } from '../schema.js';

/** Target groups, load balancers and listeners (ELBv2's model). */

type Db = Kysely<Database> | Transaction<Database>;

function rowToTargetGroup(row: Selectable<TargetGroupsTable>): TargetGroup {
  return {
    arn: row.arn,
    name: row.name,
    protocol: row.protocol,
    port: row.port,
    targetType: row.target_type,
    healthCheck: row.health_check,
    deregistrationDelaySeconds: row.deregistration_delay_seconds,
    tags: row.tags,
    createdAt: row.created_at,
  };
}

function rowToLoadBalancer(row: Selectable<LoadBalancersTable>): LoadBalancer {
  return { arn: row.arn, name: row.name, type: row.type, scheme: row.scheme, tags: row.tags, createdAt: row.created_at };
}

function rowToListener(row: Selectable<ListenersTable>): Listener {
  return { arn: row.arn, loadBalancerArn: row.load_balancer_arn, port: row.port, protocol: row.protocol, targetGroupArn: row.target_group_arn, createdAt: row.created_at };
}

/** Adds the load balancers whose listeners forward to each group, in one query. */
async function withLoadBalancers(db: Db, groups: TargetGroup[]): Promise<TargetGroupView[]> {
  if (groups.length === 0) return [];
  const rows = await db
    .selectFrom('listeners')
    .select(['target_group_arn', 'load_balancer_arn'])
    .distinct()
    .where(
      'target_group_arn',
      'in',
      groups.map((g) => g.arn),
    )
    .orderBy('load_balancer_arn')
    .execute();
  return groups.map((targetGroup) => ({ targetGroup, loadBalancerArns: rows.filter((r) => r.target_group_arn === targetGroup.arn).map((r) => r.load_balancer_arn) }));
}

/** False when a target group of that name exists (nothing is written). */
export async function insertTargetGroup(trx: Transaction<Database>, tg: TargetGroup): Promise<boolean> {
  const result = await trx
    .insertInto('target_groups')
    .values({
      arn: tg.arn,
      name: tg.name,
      protocol: tg.protocol,
      port: tg.port,
      target_type: tg.targetType,
      health_check: toJson(tg.healthCheck),
      deregistration_delay_seconds: tg.deregistrationDelaySeconds,
      tags: toJson(tg.tags),
      created_at: tg.createdAt,
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('arn')
    .executeTakeFirst();
  return result !== undefined;
}

/** Writes what may change: the health check and the deregistration delay. */
export async function updateTargetGroup(trx: Transaction<Database>, tg: TargetGroup): Promise<void> {
  await trx
    .updateTable('target_groups')
    .set({ health_check: toJson(tg.healthCheck), deregistration_delay_seconds: tg.deregistrationDelaySeconds })
    .where('arn', '=', tg.arn)
    .execute();
}

export async function findTargetGroupForUpdate(trx: Transaction<Database>, arn: string): Promise<TargetGroup | undefined> {
  const row = await trx.selectFrom('target_groups').selectAll().where('arn', '=', arn).forUpdate().executeTakeFirst();
  return row ? rowToTargetGroup(row) : undefined;
}

/** Those named by ARN or by name, in name order. */
export async function findTargetGroups(db: Kysely<Database>, query: { arns?: readonly string[]; names?: readonly string[] }): Promise<TargetGroupView[]> {
  const arns = [...new Set(query.arns ?? [])];
  const names = [...new Set(query.names ?? [])];
  if (arns.length === 0 && names.length === 0) return [];
  const rows = await db
    .selectFrom('target_groups')
    .selectAll()
    .where((eb) => eb.or([...(arns.length > 0 ? [eb('arn', 'in', arns)] : []), ...(names.length > 0 ? [eb('name', 'in', names)] : [])]))
    .orderBy('name')
    .execute();
  return withLoadBalancers(db, rows.map(rowToTargetGroup));
}

/** By name, paged after a name; only those a load balancer's listeners forward to when it is given. */
export async function listTargetGroups(db: Kysely<Database>, query: { limit: number; afterName?: string; loadBalancerArn?: string }): Promise<TargetGroupView[]> {
  let q = db.selectFrom('target_groups').selectAll().orderBy('name').limit(query.limit);
  if (query.afterName !== undefined) q = q.where('name', '>', query.afterName);
  if (query.loadBalancerArn !== undefined) {
    const lb = query.loadBalancerArn;
    q = q.where('arn', 'in', db.selectFrom('listeners').select('target_group_arn').where('load_balancer_arn', '=', lb));
  }
  return withLoadBalancers(db, (await q.execute()).map(rowToTargetGroup));
}

export async function deleteTargetGroup(trx: Transaction<Database>, arn: string): Promise<boolean> {
  const result = await trx.deleteFrom('target_groups').where('arn', '=', arn).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** False when a load balancer of that name exists (nothing is written). */
export async function insertLoadBalancer(trx: Transaction<Database>, lb: LoadBalancer): Promise<boolean> {
  const result = await trx
    .insertInto('load_balancers')
    .values({ arn: lb.arn, name: lb.name, type: lb.type, scheme: lb.scheme, tags: toJson(lb.tags), created_at: lb.createdAt })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('arn')
    .executeTakeFirst();
  return result !== undefined;
}

export async function findLoadBalancerForUpdate(trx: Transaction<Database>, arn: string): Promise<LoadBalancer | undefined> {
  const row = await trx.selectFrom('load_balancers').selectAll().where('arn', '=', arn).forUpdate().executeTakeFirst();
  return row ? rowToLoadBalancer(row) : undefined;
}

export async function findLoadBalancers(db: Kysely<Database>, query: { arns?: readonly string[]; names?: readonly string[] }): Promise<LoadBalancer[]> {
  const arns = [...new Set(query.arns ?? [])];
  const names = [...new Set(query.names ?? [])];
  if (arns.length === 0 && names.length === 0) return [];
  const rows = await db
    .selectFrom('load_balancers')
    .selectAll()
    .where((eb) => eb.or([...(arns.length > 0 ? [eb('arn', 'in', arns)] : []), ...(names.length > 0 ? [eb('name', 'in', names)] : [])]))
    .orderBy('name')
    .execute();
  return rows.map(rowToLoadBalancer);
}

export async function listLoadBalancers(db: Kysely<Database>, query: { limit: number; afterName?: string }): Promise<LoadBalancer[]> {
  let q = db.selectFrom('load_balancers').selectAll().orderBy('name').limit(query.limit);
  if (query.afterName !== undefined) q = q.where('name', '>', query.afterName);
  return (await q.execute()).map(rowToLoadBalancer);
}

/** Deletes the load balancer and its listeners with it. */
export async function deleteLoadBalancer(trx: Transaction<Database>, arn: string): Promise<boolean> {
  const result = await trx.deleteFrom('load_balancers').where('arn', '=', arn).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** False when the load balancer already listens on that port (nothing is written). */
export async function insertListener(trx: Transaction<Database>, listener: Listener): Promise<boolean> {
  const result = await trx
    .insertInto('listeners')
    .values({
      arn: listener.arn,
      load_balancer_arn: listener.loadBalancerArn,
      port: listener.port,
      protocol: listener.protocol,
      target_group_arn: listener.targetGroupArn,
      created_at: listener.createdAt,
    })
    .onConflict((oc) => oc.columns(['load_balancer_arn', 'port']).doNothing())
    .returning('arn')
    .executeTakeFirst();
  return result !== undefined;
}

/** Listeners of a load balancer, or forwarding to a target group, or named by ARN; by load balancer and port. */
export async function findListeners(db: Db, query: { loadBalancerArn?: string; targetGroupArn?: string; arns?: readonly string[] }): Promise<Listener[]> {
  if (query.loadBalancerArn === undefined && query.targetGroupArn === undefined && (query.arns ?? []).length === 0) return [];
  let q = db.selectFrom('listeners').selectAll().orderBy('load_balancer_arn').orderBy('port');
  if (query.loadBalancerArn !== undefined) q = q.where('load_balancer_arn', '=', query.loadBalancerArn);
  if (query.targetGroupArn !== undefined) q = q.where('target_group_arn', '=', query.targetGroupArn);
  if (query.arns && query.arns.length > 0) q = q.where('arn', 'in', [...query.arns]);
  return (await q.execute()).map(rowToListener);
}

export async function deleteListener(trx: Transaction<Database>, arn: string): Promise<boolean> {
  const result = await trx.deleteFrom('listeners').where('arn', '=', arn).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
