import type { Kysely, Transaction } from 'kysely';
import type { Deployment, ServiceEvent } from '@berth/domain';
import type { Database, DeploymentRow } from '../schema.js';

export function deploymentRowToDeployment(row: DeploymentRow): Deployment {
  return {
    id: row.id,
    clusterName: row.cluster_name,
    serviceName: row.service_name,
    status: row.status,
    taskDefinitionArn: row.task_definition_arn,
    desiredCount: row.desired_count,
    rolloutState: row.rollout_state,
    rolloutStateReason: row.rollout_state_reason,
    failedTasks: row.failed_tasks,
    launchFailures: row.launch_failures,
    ...(row.next_launch_at ? { nextLaunchAt: row.next_launch_at } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A service's deployments, newest first (the PRIMARY one leads). */
export async function listDeployments(db: Kysely<Database>, clusterName: string, serviceName: string): Promise<Deployment[]> {
  const rows = await db
    .selectFrom('deployments')
    .selectAll()
    .where('cluster_name', '=', clusterName)
    .where('service_name', '=', serviceName)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(deploymentRowToDeployment);
}

/** Writes deployments as the reconciler left them (insert or update by id). */
export async function saveDeployments(trx: Transaction<Database>, deployments: readonly Deployment[]): Promise<void> {
  for (const d of deployments) {
    const values = {
      id: d.id,
      cluster_name: d.clusterName,
      service_name: d.serviceName,
      status: d.status,
      task_definition_arn: d.taskDefinitionArn,
      desired_count: d.desiredCount,
      rollout_state: d.rolloutState,
      rollout_state_reason: d.rolloutStateReason,
      failed_tasks: d.failedTasks,
      launch_failures: d.launchFailures,
      next_launch_at: d.nextLaunchAt ?? null,
      created_at: d.createdAt,
      updated_at: d.updatedAt,
    };
    await trx
      .insertInto('deployments')
      .values(values)
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  }
}

/** ECS keeps the newest 100 events of a service. */
export const SERVICE_EVENTS_KEPT = 100;

export async function appendServiceEvents(
  trx: Transaction<Database>,
  clusterName: string,
  serviceName: string,
  messages: readonly string[],
  now: Date,
): Promise<void> {
  if (messages.length === 0) return;
  await trx
    .insertInto('service_events')
    .values(messages.map((message) => ({ cluster_name: clusterName, service_name: serviceName, created_at: now, message })))
    .execute();
  const keepFrom = await trx
    .selectFrom('service_events')
    .select('id')
    .where('cluster_name', '=', clusterName)
    .where('service_name', '=', serviceName)
    .orderBy('id', 'desc')
    .offset(SERVICE_EVENTS_KEPT - 1)
    .limit(1)
    .executeTakeFirst();
  if (keepFrom) {
    await trx.deleteFrom('service_events').where('cluster_name', '=', clusterName).where('service_name', '=', serviceName).where('id', '<', keepFrom.id).execute();
  }
}

/** Newest first, as DescribeServices shows them. */
export async function listServiceEvents(db: Kysely<Database>, clusterName: string, serviceName: string, limit = SERVICE_EVENTS_KEPT): Promise<ServiceEvent[]> {
  const rows = await db
    .selectFrom('service_events')
    .selectAll()
    .where('cluster_name', '=', clusterName)
    .where('service_name', '=', serviceName)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: String(r.id), createdAt: r.created_at, message: r.message }));
}
