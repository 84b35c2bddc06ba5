import { sql, type Kysely } from 'kysely';

/** Services, their deployments and their event log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('services')
    .addColumn('cluster_name', 'text', (c) => c.notNull().references('clusters.name'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('ACTIVE', 'DRAINING', 'INACTIVE')`))
    .addColumn('desired_count', 'integer', (c) => c.notNull())
    .addColumn('scheduling_strategy', 'text', (c) => c.notNull().check(sql`scheduling_strategy in ('REPLICA', 'DAEMON')`))
    .addColumn('task_definition_arn', 'text', (c) => c.notNull())
    .addColumn('deployment_configuration', 'jsonb', (c) => c.notNull())
    .addColumn('placement_constraints', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('placement_strategy', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('health_check_grace_period_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('client_token', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('services_pkey', ['cluster_name', 'name'])
    .execute();

  await db.schema
    .createTable('deployments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cluster_name', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('PRIMARY', 'ACTIVE', 'INACTIVE')`))
    .addColumn('task_definition_arn', 'text', (c) => c.notNull())
    .addColumn('desired_count', 'integer', (c) => c.notNull())
    .addColumn('rollout_state', 'text', (c) => c.notNull().check(sql`rollout_state in ('IN_PROGRESS', 'COMPLETED', 'FAILED')`))
    .addColumn('rollout_state_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('failed_tasks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('launch_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_launch_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint('deployments_service_fkey', ['cluster_name', 'service_name'], 'services', ['cluster_name', 'name'])
    .execute();
  await db.schema.createIndex('deployments_service').on('deployments').columns(['cluster_name', 'service_name', 'created_at']).execute();

  await db.schema
    .createTable('service_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('cluster_name', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_events_service').on('service_events').columns(['cluster_name', 'service_name', 'id']).execute();
  await db.schema.createIndex('tasks_cluster_group').on('tasks').columns(['cluster_name', 'group', 'last_status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tasks_cluster_group').execute();
  await db.schema.dropTable('service_events').execute();
  await db.schema.dropTable('deployments').execute();
  await db.schema.dropTable('services').execute();
}
