import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { ScheduledAction } from '@berth/domain';
import type { Database, ScheduledActionsTable } from '../schema.js';

type Row = Selectable<ScheduledActionsTable>;

function rowToScheduledAction(row: Row): ScheduledAction {
  return {
    clusterName: row.cluster_name,
    serviceName: row.service_name,
    name: row.name,
    arn: row.arn,
    schedule: row.schedule,
    timezone: row.timezone,
    ...(row.start_time ? { startTime: row.start_time } : {}),
    ...(row.end_time ? { endTime: row.end_time } : {}),
    ...(row.min_capacity !== null ? { minCapacity: row.min_capacity } : {}),
    ...(row.max_capacity !== null ? { maxCapacity: row.max_capacity } : {}),
    createdAt: row.created_at,
    ...(row.next_run_at ? { nextRunAt: row.next_run_at } : {}),
  };
}

/** Creates a scheduled action, or replaces the one of that name (its ARN and creation time stay). */
export async function saveScheduledAction(trx: Transaction<Database>, action: ScheduledAction): Promise<ScheduledAction> {
  const changeable = {
    schedule: action.schedule,
    timezone: action.timezone,
    start_time: action.startTime ?? null,
    end_time: action.endTime ?? null,
    min_capacity: action.minCapacity ?? null,
    max_capacity: action.maxCapacity ?? null,
    next_run_at: action.nextRunAt ?? null,
  };
  const row = await trx
    .insertInto('scheduled_actions')
    .values({ cluster_name: action.clusterName, service_name: action.serviceName, name: action.name, arn: action.arn, created_at: action.createdAt, ...changeable })
    .onConflict((oc) => oc.columns(['cluster_name', 'service_name', 'name']).doUpdateSet(changeable))
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowToScheduledAction(row);
}

export async function listScheduledActions(
  db: Kysely<Database>,
  query: { clusterName?: string; serviceName?: string; names?: readonly string[]; after?: { clusterName: string; serviceName: string; name: string }; limit?: number } = {},
): Promise<ScheduledAction[]> {
  let q = db.selectFrom('scheduled_actions').selectAll();
  if (query.clusterName !== undefined) q = q.where('cluster_name', '=', query.clusterName);
  if (query.serviceName !== undefined) q = q.where('service_name', '=', query.serviceName);
  if (query.names) {
    if (query.names.length === 0) return [];
    q = q.where('name', 'in', [...query.names]);
  }
  const { after } = query;
  // A row comparison: the rows after (cluster, service, name) in that order.
  if (after) q = q.where(sql<boolean>`(cluster_name, service_name, name) > (${after.clusterName}, ${after.serviceName}, ${after.name})`);
  q = q.orderBy('cluster_name').orderBy('service_name').orderBy('name');
  if (query.limit !== undefined) q = q.limit(query.limit);
  return (await q.execute()).map(rowToScheduledAction);
}

/** Actions whose next run is at or before `now`, oldest first. */
export async function listDueScheduledActions(db: Kysely<Database>, now: Date, limit = 100): Promise<ScheduledAction[]> {
  const rows = await db.selectFrom('scheduled_actions').selectAll().where('next_run_at', '<=', now).orderBy('next_run_at').limit(limit).execute();
  return rows.map(rowToScheduledAction);
}

/** Moves an action to its next run (null: it will not run again). */
export async function setScheduledActionNextRun(trx: Transaction<Database>, key: { clusterName: string; serviceName: string; name: string }, nextRunAt: Date | undefined): Promise<void> {
  await trx
    .updateTable('scheduled_actions')
    .set({ next_run_at: nextRunAt ?? null })
    .where('cluster_name', '=', key.clusterName)
    .where('service_name', '=', key.serviceName)
    .where('name', '=', key.name)
    .execute();
}

export async function deleteScheduledAction(trx: Transaction<Database>, clusterName: string, serviceName: string, name: string): Promise<boolean> {
  const result = await trx.deleteFrom('scheduled_actions').where('cluster_name', '=', clusterName).where('service_name', '=', serviceName).where('name', '=', name).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
