import { sql, type Kysely } from 'kysely';

/** Task definitions (revisions never repeat), tasks with their reservations, RunTask client tokens. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('task_definition_families')
    .addColumn('family', 'text', (c) => c.primaryKey())
    .addColumn('last_revision', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('task_definitions')
    .addColumn('family', 'text', (c) => c.notNull().references('task_definition_families.family'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('ACTIVE', 'INACTIVE')`))
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deregistered_at', 'timestamptz')
    .addPrimaryKeyConstraint('task_definitions_pkey', ['family', 'revision'])
    .execute();
  await db.schema.createIndex('task_definitions_status_family').on('task_definitions').columns(['status', 'family', 'revision']).execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'char(32)', (c) => c.primaryKey())
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('cluster_name', 'text', (c) => c.notNull().references('clusters.name'))
    .addColumn('container_instance_id', 'char(32)', (c) => c.notNull().references('container_instances.id'))
    .addColumn('task_definition_arn', 'text', (c) => c.notNull())
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('desired_status', 'text', (c) => c.notNull().check(sql`desired_status in ('RUNNING', 'STOPPED')`))
    .addColumn('last_status', 'text', (c) =>
      c.notNull().check(sql`last_status in ('PROVISIONING', 'PENDING', 'RUNNING', 'STOPPING', 'STOPPED')`),
    )
    .addColumn('started_by', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('group', 'text', (c) => c.notNull())
    .addColumn('overrides', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('cpu', 'integer', (c) => c.notNull())
    .addColumn('memory', 'integer', (c) => c.notNull())
    .addColumn('reserved_ports', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('reserved_ports_udp', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('containers', 'jsonb', (c) => c.notNull())
    .addColumn('stop_code', 'text')
    .addColumn('stopped_reason', 'text')
    .addColumn('health_status', 'text', (c) => c.notNull().defaultTo('UNKNOWN'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz')
    .addColumn('stopping_at', 'timestamptz')
    .addColumn('stopped_at', 'timestamptz')
    .addColumn('pull_started_at', 'timestamptz')
    .addColumn('pull_stopped_at', 'timestamptz')
    .addColumn('execution_stopped_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('tasks_cluster_desired').on('tasks').columns(['cluster_name', 'desired_status', 'created_at']).execute();
  await db.schema.createIndex('tasks_instance_last').on('tasks').columns(['container_instance_id', 'last_status']).execute();

  await db.schema
    .createTable('run_task_tokens')
    .addColumn('cluster_name', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_task_tokens_pkey', ['cluster_name', 'token'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('run_task_tokens').execute();
  await db.schema.dropTable('tasks').execute();
  await db.schema.dropTable('task_definitions').execute();
  await db.schema.dropTable('task_definition_families').execute();
}
