import type { Kysely, Selectable, Transaction } from 'kysely';
import type { JoinToken } from '@berth/domain';
import type { Database, JoinTokensTable } from '../schema.js';

function joinTokenRowToJoinToken(row: Selectable<JoinTokensTable>): JoinToken {
  return {
    id: row.id,
    secretHash: row.secret_hash,
    clusterName: row.cluster_name,
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    ...(row.max_uses !== null ? { maxUses: row.max_uses } : {}),
    uses: row.uses,
    ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
  };
}

export async function insertJoinToken(trx: Transaction<Database>, token: JoinToken): Promise<void> {
  await trx
    .insertInto('join_tokens')
    .values({
      id: token.id,
      secret_hash: token.secretHash,
      cluster_name: token.clusterName,
      created_at: token.createdAt,
      created_by: token.createdBy,
      expires_at: token.expiresAt,
      max_uses: token.maxUses ?? null,
      uses: token.uses,
      revoked_at: token.revokedAt ?? null,
    })
    .execute();
}

const tokenWithId = (db: Kysely<Database>, id: string) => db.selectFrom('join_tokens').selectAll().where('id', '=', id);

export async function findJoinToken(db: Kysely<Database>, id: string): Promise<JoinToken | undefined> {
  const row = await tokenWithId(db, id).executeTakeFirst();
  return row ? joinTokenRowToJoinToken(row) : undefined;
}

/** Locks the token: two hosts registering with it at once count their uses one after the other. */
export async function findJoinTokenForUpdate(trx: Transaction<Database>, id: string): Promise<JoinToken | undefined> {
  const row = await tokenWithId(trx, id).forUpdate().executeTakeFirst();
  return row ? joinTokenRowToJoinToken(row) : undefined;
}

/** A share lock: hosts registering with a token that has no use limit do not wait for each other. */
export async function findJoinTokenForShare(trx: Transaction<Database>, id: string): Promise<JoinToken | undefined> {
  const row = await tokenWithId(trx, id).forShare().executeTakeFirst();
  return row ? joinTokenRowToJoinToken(row) : undefined;
}

export async function countJoinTokenUse(trx: Transaction<Database>, id: string): Promise<void> {
  await trx.updateTable('join_tokens').set((eb) => ({ uses: eb('uses', '+', 1) })).where('id', '=', id).execute();
}

export async function revokeJoinToken(trx: Transaction<Database>, id: string, now: Date): Promise<JoinToken | undefined> {
  const row = await trx
    .updateTable('join_tokens')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? joinTokenRowToJoinToken(row) : undefined;
}

/** A cluster's tokens, newest first (revoked and expired ones too, until cleanup forgets them). */
export async function listJoinTokens(db: Kysely<Database>, clusterName: string): Promise<JoinToken[]> {
  const rows = await db.selectFrom('join_tokens').selectAll().where('cluster_name', '=', clusterName).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(joinTokenRowToJoinToken);
}

export async function deleteJoinTokensExpiredBefore(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('join_tokens').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
