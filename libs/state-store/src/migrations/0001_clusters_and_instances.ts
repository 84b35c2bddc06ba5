import { sql, type Kysely } from 'kysely';

/** Clusters, container instances and their attributes (issue: clusters and instance registration). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clusters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('ACTIVE', 'INACTIVE')`))
    .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('container_instances')
    .addColumn('id', 'char(32)', (c) => c.primaryKey())
    .addColumn('cluster_name', 'text', (c) => c.notNull().references('clusters.name'))
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('ACTIVE', 'DRAINING', 'INACTIVE')`))
    .addColumn('status_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('agent_connected', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('registered_cpu', 'integer', (c) => c.notNull())
    .addColumn('registered_memory', 'integer', (c) => c.notNull())
    .addColumn('registered_ports', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('registered_ports_udp', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('reserved_cpu', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reserved_memory', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reserved_ports', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('reserved_ports_udp', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('agent_version', 'text', (c) => c.notNull())
    .addColumn('docker_version', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_heartbeat_at', 'timestamptz')
    .addColumn('connected_at', 'timestamptz')
    .addColumn('disconnected_at', 'timestamptz')
    .addColumn('running_tasks_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pending_tasks_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(1))
    .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('last_report_sequence', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createIndex('container_instances_cluster_status')
    .on('container_instances')
    .columns(['cluster_name', 'status'])
    .execute();

  await db.schema
    .createTable('instance_attributes')
    .addColumn('instance_id', 'char(32)', (c) => c.notNull().references('container_instances.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('agent', 'custom')`))
    .addPrimaryKeyConstraint('instance_attributes_pkey', ['instance_id', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('instance_attributes').execute();
  await db.schema.dropTable('container_instances').execute();
  await db.schema.dropTable('clusters').execute();
}
