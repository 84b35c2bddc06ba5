import { sql, type Kysely } from 'kysely';

/**
 * The secret store: Secrets Manager secrets and SSM parameters in one table, told apart by kind
 * (their names are separate namespaces). Values are sealed with the server key before they get here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('secrets')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('secret', 'parameter')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('parameter_type', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('sealed_value', 'text', (c) => c.notNull())
    .addColumn('value_created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('previous_version_id', 'text')
    .addColumn('previous_sealed_value', 'text')
    .addColumn('previous_created_at', 'timestamptz')
    .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deletion_date', 'timestamptz')
    .addPrimaryKeyConstraint('secrets_pkey', ['kind', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('secrets').execute();
}
