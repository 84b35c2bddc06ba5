import type { Kysely, Transaction } from 'kysely';
import type { AccessKey } from '@berth/domain';
import type { AccessKeysTable, Database } from '../schema.js';
import type { Selectable } from 'kysely';

function accessKeyRowToAccessKey(row: Selectable<AccessKeysTable>): AccessKey {
  return {
    accessKeyId: row.access_key_id,
    sealedSecret: row.sealed_secret,
    role: row.role,
    ...(row.clusters ? { clusters: row.clusters } : {}),
    ...(row.instance_id ? { instanceId: row.instance_id } : {}),
    description: row.description,
    ...(row.run_task_burst !== null && row.run_task_per_second !== null ? { launchRate: { burst: row.run_task_burst, perSecond: row.run_task_per_second } } : {}),
    createdAt: row.created_at,
    ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
  };
}

export async function insertAccessKey(trx: Transaction<Database>, key: AccessKey): Promise<void> {
  await trx
    .insertInto('access_keys')
    .values({
      access_key_id: key.accessKeyId,
      sealed_secret: key.sealedSecret,
      role: key.role,
      clusters: key.clusters ? JSON.stringify(key.clusters) : null,
      instance_id: key.instanceId ?? null,
      description: key.description,
      run_task_burst: key.launchRate?.burst ?? null,
      run_task_per_second: key.launchRate?.perSecond ?? null,
      created_at: key.createdAt,
      expires_at: key.expiresAt ?? null,
    })
    .execute();
}

export async function findAccessKey(db: Kysely<Database>, accessKeyId: string): Promise<AccessKey | undefined> {
  const row = await db.selectFrom('access_keys').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();
  return row ? accessKeyRowToAccessKey(row) : undefined;
}

/** API keys (not agents'), by id, paged after an id. */
export async function listAccessKeys(db: Kysely<Database>, query: { limit: number; afterId?: string }): Promise<AccessKey[]> {
  let q = db.selectFrom('access_keys').selectAll().where('role', '!=', 'agent').orderBy('access_key_id').limit(query.limit);
  if (query.afterId) q = q.where('access_key_id', '>', query.afterId);
  return (await q.execute()).map(accessKeyRowToAccessKey);
}

/** How many API keys exist: none means the control plane has yet to make its first admin key. */
export async function countApiKeys(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('access_keys').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '!=', 'agent').executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteAccessKey(trx: Transaction<Database>, accessKeyId: string): Promise<boolean> {
  const result = await trx.deleteFrom('access_keys').where('access_key_id', '=', accessKeyId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Revokes every credential of an instance (deregistration). */
export async function deleteInstanceCredentials(trx: Transaction<Database>, instanceId: string): Promise<number> {
  const result = await trx.deleteFrom('access_keys').where('instance_id', '=', instanceId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The instance's other credentials stop working at `at` (a new one replaced them). */
export async function expireInstanceCredentials(trx: Transaction<Database>, instanceId: string, exceptId: string, at: Date): Promise<void> {
  await trx
    .updateTable('access_keys')
    .set({ expires_at: at })
    .where('instance_id', '=', instanceId)
    .where('access_key_id', '!=', exceptId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .execute();
}

export async function deleteExpiredAccessKeys(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('access_keys').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
