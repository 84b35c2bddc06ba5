import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ActivityStatusCode, ScalingActivity } from '@berth/domain';
import type { Database, ScalingActivitiesTable } from '../schema.js';

type Row = Selectable<ScalingActivitiesTable>;

function rowToActivity(row: Row): ScalingActivity {
  return {
    id: row.id,
    clusterName: row.cluster_name,
    serviceName: row.service_name,
    description: row.description,
    cause: row.cause,
    startTime: row.start_time,
    ...(row.end_time ? { endTime: row.end_time } : {}),
    statusCode: row.status_code as ActivityStatusCode,
    ...(row.status_message !== null ? { statusMessage: row.status_message } : {}),
  };
}

export async function insertScalingActivity(trx: Transaction<Database>, activity: ScalingActivity): Promise<void> {
  await trx
    .insertInto('scaling_activities')
    .values({
      id: activity.id,
      cluster_name: activity.clusterName,
      service_name: activity.serviceName,
      description: activity.description,
      cause: activity.cause,
      start_time: activity.startTime,
      end_time: activity.endTime ?? null,
      status_code: activity.statusCode,
      status_message: activity.statusMessage ?? null,
    })
    .execute();
}

/** Newest first; `before` pages on (start time, id) of the last activity returned. */
export async function listScalingActivities(
  db: Kysely<Database>,
  query: { clusterName?: string; serviceName?: string; before?: { startTime: Date; id: string }; limit: number },
): Promise<ScalingActivity[]> {
  let q = db.selectFrom('scaling_activities').selectAll();
  if (query.clusterName !== undefined) q = q.where('cluster_name', '=', query.clusterName);
  if (query.serviceName !== undefined) q = q.where('service_name', '=', query.serviceName);
  const { before } = query;
  if (before) q = q.where((eb) => eb.or([eb('start_time', '<', before.startTime), eb.and([eb('start_time', '=', before.startTime), eb('id', '<', before.id)])]));
  const rows = await q.orderBy('start_time', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(rowToActivity);
}

/** Activities are kept for a retention, as Application Auto Scaling keeps six weeks of them. */
export async function deleteScalingActivitiesBefore(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('scaling_activities').where('start_time', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
