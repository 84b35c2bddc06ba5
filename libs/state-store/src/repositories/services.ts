import { sql, type Kysely, type Transaction } from 'kysely';
import type { Service, ServiceStatus } from '@berth/domain';
import { toJson, type Database, type ServiceRow } from '../schema.js';

export function serviceRowToService(row: ServiceRow): Service {
  return {
    clusterName: row.cluster_name,
    name: row.name,
    arn: row.arn,
    status: row.status,
    desiredCount: row.desired_count,
    schedulingStrategy: row.scheduling_strategy,
    taskDefinitionArn: row.task_definition_arn,
    deploymentConfiguration: row.deployment_configuration,
    placementConstraints: row.placement_constraints,
    placementStrategy: row.placement_strategy,
    healthCheckGracePeriodSeconds: row.health_check_grace_period_seconds,
    ...(row.client_token ? { clientToken: row.client_token } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** Inserts a service, or replaces an INACTIVE one of the same name (ECS lets a deleted name be reused). */
export async function insertService(trx: Transaction<Database>, service: Omit<Service, 'version'>): Promise<Service> {
  const values = {
    cluster_name: service.clusterName,
    name: service.name,
    arn: service.arn,
    status: service.status,
    desired_count: service.desiredCount,
    scheduling_strategy: service.schedulingStrategy,
    task_definition_arn: service.taskDefinitionArn,
    deployment_configuration: toJson(service.deploymentConfiguration),
    placement_constraints: toJson(service.placementConstraints),
    placement_strategy: toJson(service.placementStrategy),
    health_check_grace_period_seconds: service.healthCheckGracePeriodSeconds,
    client_token: service.clientToken ?? null,
    created_at: service.createdAt,
    updated_at: service.updatedAt,
  };
  await trx.deleteFrom('deployments').where('cluster_name', '=', service.clusterName).where('service_name', '=', service.name).execute();
  await trx.deleteFrom('service_events').where('cluster_name', '=', service.clusterName).where('service_name', '=', service.name).execute();
  const row = await trx
    .insertInto('services')
    .values(values)
    .onConflict((oc) => oc.columns(['cluster_name', 'name']).doUpdateSet({ ...values, version: sql`services.version + 1` }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return serviceRowToService(row);
}

const serviceNamed = (db: Kysely<Database>, clusterName: string, name: string) =>
  db.selectFrom('services').selectAll().where('cluster_name', '=', clusterName).where('name', '=', name);

export async function findService(db: Kysely<Database>, clusterName: string, name: string): Promise<Service | undefined> {
  const row = await serviceNamed(db, clusterName, name).executeTakeFirst();
  return row ? serviceRowToService(row) : undefined;
}

/** Locks the service row: API updates and reconcile passes of one service serialize behind this. */
export async function findServiceForUpdate(trx: Transaction<Database>, clusterName: string, name: string): Promise<Service | undefined> {
  const row = await serviceNamed(trx, clusterName, name).forUpdate().executeTakeFirst();
  return row ? serviceRowToService(row) : undefined;
}

export interface ServicePatch {
  readonly status?: ServiceStatus;
  readonly desiredCount?: number;
  readonly taskDefinitionArn?: string;
  readonly deploymentConfiguration?: Service['deploymentConfiguration'];
  readonly placementConstraints?: Service['placementConstraints'];
  readonly placementStrategy?: Service['placementStrategy'];
  readonly healthCheckGracePeriodSeconds?: number;
}

export async function updateService(trx: Transaction<Database>, clusterName: string, name: string, patch: ServicePatch, now: Date): Promise<Service> {
  const row = await trx
    .updateTable('services')
    .set({
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.desiredCount !== undefined ? { desired_count: patch.desiredCount } : {}),
      ...(patch.taskDefinitionArn ? { task_definition_arn: patch.taskDefinitionArn } : {}),
      ...(patch.deploymentConfiguration ? { deployment_configuration: toJson(patch.deploymentConfiguration) } : {}),
      ...(patch.placementConstraints ? { placement_constraints: toJson(patch.placementConstraints) } : {}),
      ...(patch.placementStrategy ? { placement_strategy: toJson(patch.placementStrategy) } : {}),
      ...(patch.healthCheckGracePeriodSeconds !== undefined ? { health_check_grace_period_seconds: patch.healthCheckGracePeriodSeconds } : {}),
      updated_at: now,
      version: sql`version + 1`,
    })
    .where('cluster_name', '=', clusterName)
    .where('name', '=', name)
    .returningAll()
    .executeTakeFirstOrThrow();
  return serviceRowToService(row);
}

export async function listServices(
  db: Kysely<Database>,
  query: { clusterName: string; schedulingStrategy?: string; limit: number; afterName?: string },
): Promise<Service[]> {
  let q = db.selectFrom('services').selectAll().where('cluster_name', '=', query.clusterName).where('status', '!=', 'INACTIVE');
  if (query.schedulingStrategy) q = q.where('scheduling_strategy', '=', query.schedulingStrategy as Service['schedulingStrategy']);
  if (query.afterName) q = q.where('name', '>', query.afterName);
  const rows = await q.orderBy('name').limit(query.limit).execute();
  return rows.map(serviceRowToService);
}

/** Services the reconciler must look at: every one not yet INACTIVE, across clusters. */
export async function listLiveServices(db: Kysely<Database>): Promise<{ clusterName: string; name: string }[]> {
  const rows = await db.selectFrom('services').select(['cluster_name', 'name']).where('status', '!=', 'INACTIVE').orderBy('cluster_name').orderBy('name').execute();
  return rows.map((r) => ({ clusterName: r.cluster_name, name: r.name }));
}
