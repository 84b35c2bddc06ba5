import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** One mutating call as the audit log keeps it. */
export interface AuditEvent {
  readonly id?: string;
  readonly at: Date;
  /** The access key id, or the container instance an agent credential acts as. */
  readonly principal: string;
  readonly operation: string;
  readonly clusterName?: string;
  /** What was acted on, as the request named it (bounded). */
  readonly target: string;
  /** `OK`, or the ECS error name it failed with. */
  readonly result: string;
}

export async function appendAuditEvent(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({ at: event.at, principal: event.principal, operation: event.operation, cluster_name: event.clusterName ?? null, target: event.target, result: event.result })
    .execute();
}

export interface ListAuditEventsQuery {
  readonly clusterName?: string;
  readonly principal?: string;
  readonly since?: Date;
  readonly limit: number;
  /** Newest first; the id of the last event of the previous page. */
  readonly beforeId?: string;
}

export async function listAuditEvents(db: Kysely<Database>, query: ListAuditEventsQuery): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (query.clusterName) q = q.where('cluster_name', '=', query.clusterName);
  if (query.principal) q = q.where('principal', '=', query.principal);
  if (query.since) q = q.where('at', '>=', query.since);
  if (query.beforeId) q = q.where('id', '<', Number(query.beforeId));
  const rows = await q.execute();
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at,
    principal: r.principal,
    operation: r.operation,
    ...(r.cluster_name ? { clusterName: r.cluster_name } : {}),
    target: r.target,
    result: r.result,
  }));
}

/** Bounded retention: events older than `before` are forgotten. */
export async function deleteAuditEventsBefore(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('audit_events').where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
