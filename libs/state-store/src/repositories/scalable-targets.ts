import type { Kysely, Transaction } from 'kysely';
import type { ScalableTarget, SuspendedState } from '@berth/domain';
import { toJson, type Database, type ScalableTargetsTable } from '../schema.js';
import type { Selectable } from 'kysely';

type Row = Selectable<ScalableTargetsTable>;

function rowToScalableTarget(row: Row): ScalableTarget {
  return {
    clusterName: row.cluster_name,
    serviceName: row.service_name,
    arn: row.arn,
    minCapacity: row.min_capacity,
    maxCapacity: row.max_capacity,
    suspendedState: row.suspended_state,
    createdAt: row.created_at,
  };
}

/** Registers a service's target, or updates the bounds and suspension of the one it has (its ARN and creation time stay). */
export async function saveScalableTarget(trx: Transaction<Database>, target: ScalableTarget): Promise<ScalableTarget> {
  const row = await trx
    .insertInto('scalable_targets')
    .values({
      cluster_name: target.clusterName,
      service_name: target.serviceName,
      arn: target.arn,
      min_capacity: target.minCapacity,
      max_capacity: target.maxCapacity,
      suspended_state: toJson(target.suspendedState),
      created_at: target.createdAt,
    })
    .onConflict((oc) =>
      oc.columns(['cluster_name', 'service_name']).doUpdateSet({
        min_capacity: target.minCapacity,
        max_capacity: target.maxCapacity,
        suspended_state: toJson(target.suspendedState satisfies SuspendedState),
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowToScalableTarget(row);
}

const targetOf = (db: Kysely<Database>, clusterName: string, serviceName: string) =>
  db.selectFrom('scalable_targets').selectAll().where('cluster_name', '=', clusterName).where('service_name', '=', serviceName);

export async function findScalableTarget(db: Kysely<Database>, clusterName: string, serviceName: string): Promise<ScalableTarget | undefined> {
  const row = await targetOf(db, clusterName, serviceName).executeTakeFirst();
  return row ? rowToScalableTarget(row) : undefined;
}

/** Locks the target: the evaluation loop and API changes to one service's scaling serialize behind it. */
export async function findScalableTargetForUpdate(trx: Transaction<Database>, clusterName: string, serviceName: string): Promise<ScalableTarget | undefined> {
  const row = await targetOf(trx, clusterName, serviceName).forUpdate().executeTakeFirst();
  return row ? rowToScalableTarget(row) : undefined;
}

/** Targets in (cluster, service) order, optionally only those named, and only after a key (paging). */
export async function listScalableTargets(
  db: Kysely<Database>,
  query: { services?: readonly { clusterName: string; serviceName: string }[]; after?: { clusterName: string; serviceName: string }; limit?: number } = {},
): Promise<ScalableTarget[]> {
  let q = db.selectFrom('scalable_targets').selectAll();
  const { services, after } = query;
  if (services) {
    if (services.length === 0) return [];
    q = q.where((eb) => eb.or(services.map((s) => eb.and([eb('cluster_name', '=', s.clusterName), eb('service_name', '=', s.serviceName)]))));
  }
  if (after) q = q.where((eb) => eb.or([eb('cluster_name', '>', after.clusterName), eb.and([eb('cluster_name', '=', after.clusterName), eb('service_name', '>', after.serviceName)])]));
  q = q.orderBy('cluster_name').orderBy('service_name');
  if (query.limit !== undefined) q = q.limit(query.limit);
  return (await q.execute()).map(rowToScalableTarget);
}

/** Deregisters a target; its policies and scheduled actions go with it. False when there was none. */
export async function deleteScalableTarget(trx: Transaction<Database>, clusterName: string, serviceName: string): Promise<boolean> {
  const result = await trx.deleteFrom('scalable_targets').where('cluster_name', '=', clusterName).where('service_name', '=', serviceName).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
