import { sql, type Kysely } from 'kysely';

/**
 * Service auto scaling: scalable targets (one per service), their policies and scheduled actions,
 * the activities they caused, and the service metrics the evaluation loop reads — one row per
 * service, period and control-plane replica, pruned after a retention.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scalable_targets')
    .addColumn('cluster_name', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('min_capacity', 'integer', (c) => c.notNull())
    .addColumn('max_capacity', 'integer', (c) => c.notNull())
    .addColumn('suspended_state', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('scalable_targets_pk', ['cluster_name', 'service_name'])
    .addForeignKeyConstraint('scalable_targets_service', ['cluster_name', 'service_name'], 'services', ['cluster_name', 'name'], (fk) => fk.onDelete('cascade'))
    .addCheckConstraint('scalable_targets_bounds', sql`0 <= min_capacity and min_capacity <= max_capacity`)
    .execute();

  await db.schema
    .createTable('scaling_policies')
    .addColumn('cluster_name', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('policy_type', 'text', (c) => c.notNull().check(sql`policy_type in ('TargetTrackingScaling', 'StepScaling')`))
    .addColumn('configuration', 'jsonb', (c) => c.notNull())
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('scaling_policies_pk', ['cluster_name', 'service_name', 'name'])
    .addForeignKeyConstraint('scaling_policies_target', ['cluster_name', 'service_name'], 'scalable_targets', ['cluster_name', 'service_name'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('scheduled_actions')
    .addColumn('cluster_name', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('start_time', 'timestamptz')
    .addColumn('end_time', 'timestamptz')
    .addColumn('min_capacity', 'integer')
    .addColumn('max_capacity', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('next_run_at', 'timestamptz')
    .addPrimaryKeyConstraint('scheduled_actions_pk', ['cluster_name', 'service_name', 'name'])
    .addForeignKeyConstraint('scheduled_actions_target', ['cluster_name', 'service_name'], 'scalable_targets', ['cluster_name', 'service_name'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('scheduled_actions_due').on('scheduled_actions').column('next_run_at').execute();

  await db.schema
    .createTable('scaling_activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cluster_name', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('start_time', 'timestamptz', (c) => c.notNull())
    .addColumn('end_time', 'timestamptz')
    .addColumn('status_code', 'text', (c) => c.notNull())
    .addColumn('status_message', 'text')
    .execute();
  await db.schema.createIndex('scaling_activities_service').on('scaling_activities').columns(['cluster_name', 'service_name', 'start_time']).execute();

  await db.schema
    .createTable('service_metrics')
    .addColumn('cluster_name', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('period_start', 'timestamptz', (c) => c.notNull())
    .addColumn('replica', 'text', (c) => c.notNull())
    .addColumn('tasks', 'integer', (c) => c.notNull())
    .addColumn('cpu_used', 'double precision', (c) => c.notNull())
    .addColumn('cpu_reserved', 'double precision', (c) => c.notNull())
    .addColumn('memory_used', 'double precision', (c) => c.notNull())
    .addColumn('memory_reserved', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_metrics_pk', ['cluster_name', 'service_name', 'period_start', 'replica'])
    .execute();
  await db.schema.createIndex('service_metrics_period').on('service_metrics').column('period_start').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('service_metrics').execute();
  await db.schema.dropTable('scaling_activities').execute();
  await db.schema.dropTable('scheduled_actions').execute();
  await db.schema.dropTable('scaling_policies').execute();
  await db.schema.dropTable('scalable_targets').execute();
}
