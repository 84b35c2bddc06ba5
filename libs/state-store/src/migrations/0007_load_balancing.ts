import { sql, type Kysely } from 'kysely';

/**
 * Load balancing: target groups, load balancers and their listeners (ELBv2's model). A listener
 * belongs to its load balancer (gone with it) and forwards to one target group, which cannot be
 * deleted while a listener uses it; one port per load balancer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('target_groups')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('health_check', 'jsonb', (c) => c.notNull())
    .addColumn('deregistration_delay_seconds', 'integer', (c) => c.notNull())
    .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('load_balancers')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('listeners')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('load_balancer_arn', 'text', (c) => c.notNull().references('load_balancers.arn').onDelete('cascade'))
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('target_group_arn', 'text', (c) => c.notNull().references('target_groups.arn').onDelete('restrict'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('listeners_port_per_load_balancer', ['load_balancer_arn', 'port'])
    .execute();
  await db.schema.createIndex('listeners_by_target_group').on('listeners').column('target_group_arn').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('listeners').execute();
  await db.schema.dropTable('load_balancers').execute();
  await db.schema.dropTable('target_groups').execute();
}
