import type { Kysely, Transaction } from 'kysely';
import { toJson, type Database, type RunTaskTokensTable } from '../schema.js';

/** The task ARNs and failures the first request with a token produced. */
export type RunTaskTokenResponse = RunTaskTokensTable['response']['__select__'];

/** RunTask idempotency: the first result for (cluster, clientToken), and the request it answered. */
export async function findRunTaskToken(
  db: Kysely<Database>,
  clusterName: string,
  token: string,
  notBefore: Date,
): Promise<{ requestHash: string; response: RunTaskTokenResponse } | undefined> {
  const row = await db
    .selectFrom('run_task_tokens')
    .select(['request_hash', 'response'])
    .where('cluster_name', '=', clusterName)
    .where('token', '=', token)
    .where('created_at', '>=', notBefore)
    .executeTakeFirst();
  return row ? { requestHash: row.request_hash, response: row.response } : undefined;
}

export async function saveRunTaskToken(
  trx: Transaction<Database>,
  input: { clusterName: string; token: string; requestHash: string; response: RunTaskTokenResponse; now: Date },
): Promise<void> {
  await trx
    .insertInto('run_task_tokens')
    .values({
      cluster_name: input.clusterName,
      token: input.token,
      request_hash: input.requestHash,
      response: toJson(input.response),
      created_at: input.now,
    })
    .onConflict((oc) =>
      oc.columns(['cluster_name', 'token']).doUpdateSet({
        request_hash: input.requestHash,
        response: toJson(input.response),
        created_at: input.now,
      }),
    )
    .execute();
}

export async function deleteRunTaskTokensBefore(db: Kysely<Database>, before: Date): Promise<void> {
  await db.deleteFrom('run_task_tokens').where('created_at', '<', before).execute();
}
