import type { Kysely, Transaction } from 'kysely';
import type { TaskDefinition, TaskDefinitionInput, TaskDefinitionStatus } from '@berth/domain';
import { toJson, type Database, type TaskDefinitionRow } from '../schema.js';

export function taskDefinitionRowToTaskDefinition(row: TaskDefinitionRow): TaskDefinition {
  return {
    ...row.definition,
    arn: row.arn,
    revision: row.revision,
    status: row.status,
    registeredAt: row.registered_at,
    ...(row.deregistered_at ? { deregisteredAt: row.deregistered_at } : {}),
  };
}

/**
 * Registers the next revision of a family. The family row is the counter, bumped atomically, so
 * revisions never repeat — not even after the newest one is deregistered.
 */
export async function insertTaskDefinition(
  trx: Transaction<Database>,
  input: { definition: TaskDefinitionInput; arnFor: (revision: number) => string; now: Date },
): Promise<TaskDefinition> {
  const { last_revision: revision } = await trx
    .insertInto('task_definition_families')
    .values({ family: input.definition.family, last_revision: 1 })
    .onConflict((oc) => oc.column('family').doUpdateSet((eb) => ({ last_revision: eb('task_definition_families.last_revision', '+', 1) })))
    .returning('last_revision')
    .executeTakeFirstOrThrow();
  const row = await trx
    .insertInto('task_definitions')
    .values({
      family: input.definition.family,
      revision,
      arn: input.arnFor(revision),
      status: 'ACTIVE',
      definition: toJson(input.definition),
      registered_at: input.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return taskDefinitionRowToTaskDefinition(row);
}

/** A revision, or with no revision the family's latest ACTIVE one (as ECS resolves `family`). */
export async function findTaskDefinition(
  db: Kysely<Database>,
  family: string,
  revision?: number,
): Promise<TaskDefinition | undefined> {
  let query = db.selectFrom('task_definitions').selectAll().where('family', '=', family);
  query = revision === undefined ? query.where('status', '=', 'ACTIVE').orderBy('revision', 'desc').limit(1) : query.where('revision', '=', revision);
  const row = await query.executeTakeFirst();
  return row ? taskDefinitionRowToTaskDefinition(row) : undefined;
}

export interface ListTaskDefinitionsQuery {
  readonly familyPrefix?: string;
  readonly status: TaskDefinitionStatus;
  readonly sort: 'ASC' | 'DESC';
  readonly limit: number;
  /** The (family, revision) after which to continue, in the chosen order. */
  readonly after?: { family: string; revision: number };
}

export async function listTaskDefinitions(db: Kysely<Database>, query: ListTaskDefinitionsQuery): Promise<TaskDefinition[]> {
  const asc = query.sort === 'ASC';
  let q = db.selectFrom('task_definitions').selectAll().where('status', '=', query.status);
  if (query.familyPrefix) q = q.where('family', 'like', `${escapeLike(query.familyPrefix)}%`);
  if (query.after) {
    const { family, revision } = query.after;
    q = q.where((eb) =>
      asc
        ? eb.or([eb('family', '>', family), eb.and([eb('family', '=', family), eb('revision', '>', revision)])])
        : eb.or([eb('family', '<', family), eb.and([eb('family', '=', family), eb('revision', '<', revision)])]),
    );
  }
  const rows = await q
    .orderBy('family', asc ? 'asc' : 'desc')
    .orderBy('revision', asc ? 'asc' : 'desc')
    .limit(query.limit)
    .execute();
  return rows.map(taskDefinitionRowToTaskDefinition);
}

/**
 * Families by the status of their revisions: ACTIVE — has an ACTIVE revision; INACTIVE — has
 * only INACTIVE ones; ALL — every family.
 */
export async function listTaskDefinitionFamilies(
  db: Kysely<Database>,
  query: { familyPrefix?: string; status: TaskDefinitionStatus | 'ALL'; limit: number; afterFamily?: string },
): Promise<string[]> {
  let q = db.selectFrom('task_definitions').select('family').groupBy('family');
  if (query.familyPrefix) q = q.where('family', 'like', `${escapeLike(query.familyPrefix)}%`);
  if (query.afterFamily) q = q.where('family', '>', query.afterFamily);
  if (query.status === 'ACTIVE') q = q.having((eb) => eb.fn.count('family').filterWhere('status', '=', 'ACTIVE'), '>', 0);
  if (query.status === 'INACTIVE') q = q.having((eb) => eb.fn.count('family').filterWhere('status', '=', 'ACTIVE'), '=', 0);
  const rows = await q.orderBy('family').limit(query.limit).execute();
  return rows.map((r) => r.family);
}

export async function deregisterTaskDefinition(
  trx: Transaction<Database>,
  family: string,
  revision: number,
  now: Date,
): Promise<TaskDefinition | undefined> {
  const row = await trx
    .updateTable('task_definitions')
    .set({ status: 'INACTIVE', deregistered_at: now })
    .where('family', '=', family)
    .where('revision', '=', revision)
    .where('status', '=', 'ACTIVE')
    .returningAll()
    .executeTakeFirst();
  if (row) return taskDefinitionRowToTaskDefinition(row);
  const existing = await trx.selectFrom('task_definitions').selectAll().where('family', '=', family).where('revision', '=', revision).executeTakeFirst();
  return existing ? taskDefinitionRowToTaskDefinition(existing) : undefined;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
