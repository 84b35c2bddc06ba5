import type { Kysely, Selectable, Transaction } from 'kysely';
import type { SecretKind, StoredSecret } from '@berth/domain';
import { toJson, type Database, type SecretsTable } from '../schema.js';

/** Secrets Manager secrets and SSM parameters, sealed values only. */

function rowToSecret(row: Selectable<SecretsTable>): StoredSecret {
  return {
    kind: row.kind,
    name: row.name,
    arn: row.arn,
    description: row.description,
    ...(row.parameter_type ? { parameterType: row.parameter_type } : {}),
    current: { versionId: row.version_id, sealedValue: row.sealed_value, createdAt: row.value_created_at },
    ...(row.previous_version_id !== null && row.previous_sealed_value !== null && row.previous_created_at !== null
      ? { previous: { versionId: row.previous_version_id, sealedValue: row.previous_sealed_value, createdAt: row.previous_created_at } }
      : {}),
    version: row.version,
    tags: row.tags,
    createdAt: row.created_at,
    changedAt: row.changed_at,
    ...(row.deletion_date ? { deletionDate: row.deletion_date } : {}),
  };
}

/** Inserts a new one or replaces the stored one of the same kind and name. */
export async function saveSecret(trx: Transaction<Database>, secret: StoredSecret): Promise<void> {
  const values = {
    arn: secret.arn,
    description: secret.description,
    parameter_type: secret.parameterType ?? null,
    version: secret.version,
    version_id: secret.current.versionId,
    sealed_value: secret.current.sealedValue,
    value_created_at: secret.current.createdAt,
    previous_version_id: secret.previous?.versionId ?? null,
    previous_sealed_value: secret.previous?.sealedValue ?? null,
    previous_created_at: secret.previous?.createdAt ?? null,
    tags: toJson(secret.tags),
    created_at: secret.createdAt,
    changed_at: secret.changedAt,
    deletion_date: secret.deletionDate ?? null,
  };
  await trx
    .insertInto('secrets')
    .values({ kind: secret.kind, name: secret.name, ...values })
    .onConflict((oc) => oc.columns(['kind', 'name']).doUpdateSet(values))
    .execute();
}

export async function findSecretForUpdate(trx: Transaction<Database>, kind: SecretKind, name: string): Promise<StoredSecret | undefined> {
  const row = await trx.selectFrom('secrets').selectAll().where('kind', '=', kind).where('name', '=', name).forUpdate().executeTakeFirst();
  return row ? rowToSecret(row) : undefined;
}

/** Those of `kind` whose name is one of `names` or whose ARN is one of `arns`, in one query. */
export async function findSecrets(db: Kysely<Database>, kind: SecretKind, query: { names?: readonly string[]; arns?: readonly string[] }): Promise<StoredSecret[]> {
  const names = [...new Set(query.names ?? [])];
  const arns = [...new Set(query.arns ?? [])];
  if (names.length === 0 && arns.length === 0) return [];
  const rows = await db
    .selectFrom('secrets')
    .selectAll()
    .where('kind', '=', kind)
    .where((eb) => eb.or([...(names.length > 0 ? [eb('name', 'in', names)] : []), ...(arns.length > 0 ? [eb('arn', 'in', arns)] : [])]))
    .execute();
  return rows.map(rowToSecret);
}

/** By name, paged after a name. */
export async function listSecrets(db: Kysely<Database>, kind: SecretKind, query: { limit: number; afterName?: string; includeScheduledForDeletion?: boolean }): Promise<StoredSecret[]> {
  let q = db.selectFrom('secrets').selectAll().where('kind', '=', kind).orderBy('name').limit(query.limit);
  if (query.afterName !== undefined) q = q.where('name', '>', query.afterName);
  if (!query.includeScheduledForDeletion) q = q.where('deletion_date', 'is', null);
  return (await q.execute()).map(rowToSecret);
}

export async function deleteSecret(trx: Transaction<Database>, kind: SecretKind, name: string): Promise<boolean> {
  const result = await trx.deleteFrom('secrets').where('kind', '=', kind).where('name', '=', name).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Removes for good the secrets whose recovery window ended before `at`. */
export async function deleteSecretsScheduledBefore(db: Kysely<Database>, at: Date): Promise<number> {
  const result = await db.deleteFrom('secrets').where('kind', '=', 'secret').where('deletion_date', '<=', at).executeTakeFirst();
  return Number(result.numDeletedRows);
}
