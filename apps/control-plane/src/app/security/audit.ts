import { EcsError, clusterNameFrom, invalidParameter, parseGoDuration } from '@berth/domain';
import { operations, type OperationName, type RequestOf, type ResultOf } from '@berth/ecs-api';
import type { Caller } from '../caller.js';
import type { AppContext } from '../context.js';

/** Audit events are kept this long (bounded retention; the cleanup loop forgets older ones). */
export const AUDIT_RETENTION_MS = 30 * 24 * 3600_000;
const MAX_TARGET = 256;

/** The members that name what a call acts on, in the order one is picked as its target. */
const targetMembers = ['task', 'service', 'serviceName', 'containerInstance', 'taskDefinition', 'family', 'accessKeyId', 'joinTokenId', 'clusterName', 'cluster', 'secretId', 'name'];

function targetOf(request: unknown): string {
  if (request === null || typeof request !== 'object') return '';
  const r = request as Record<string, unknown>;
  for (const m of targetMembers) if (typeof r[m] === 'string' && r[m] !== '') return (r[m] as string).slice(0, MAX_TARGET);
  for (const m of ['tasks', 'containerInstances', 'services']) if (Array.isArray(r[m]) && typeof r[m][0] === 'string') return String(r[m]).slice(0, MAX_TARGET);
  return '';
}

function clusterOf(name: OperationName, request: unknown): string | undefined {
  if (operations[name].scope === 'global' || operations[name].scope === 'account') return undefined;
  const r = (request ?? {}) as { cluster?: unknown; clusterName?: unknown };
  const ref = typeof r.cluster === 'string' ? r.cluster : typeof r.clusterName === 'string' ? r.clusterName : undefined;
  try {
    return clusterNameFrom(ref).slice(0, 255);
  } catch {
    return undefined;
  }
}

/**
 * Records a mutating call — who, what, on which cluster and target, and how it ended — as a JSON
 * log line and a row of the audit table. Recording never fails the call it records.
 */
export async function recordAudit(app: AppContext, caller: Caller, name: OperationName, request: unknown, error: unknown): Promise<void> {
  const result = error === undefined ? 'OK' : error instanceof EcsError ? error.errorName : 'ServerException';
  const clusterName = clusterOf(name, request);
  const event = { at: app.now(), principal: caller.name, operation: name, ...(clusterName ? { clusterName } : {}), target: targetOf(request), result };
  app.log.info('audit', { principal: event.principal, operation: name, cluster: clusterName, target: event.target, result });
  await app.store.read.appendAuditEvent(event).catch((e: unknown) => app.log.error('could not record an audit event', { operation: name, error: e }));
}

/** ListAuditEvents: newest first; a credential limited to clusters must name one of them. */
export async function listAuditEvents(app: AppContext, req: RequestOf<'ListAuditEvents'>, caller: Caller): Promise<ResultOf<'ListAuditEvents'>> {
  if (caller.clusters && !req.cluster) throw new EcsError('AccessDeniedException', `${caller.name} may list the audit events of its clusters only: name one with cluster.`);
  const size = req.maxResults === undefined || req.maxResults === 0 ? 100 : req.maxResults;
  if (size < 1 || size > 100) throw invalidParameter('maxResults must be between 1 and 100.');
  let since: Date | undefined;
  if (req.since) {
    const back = parseGoDuration(req.since);
    const at = back !== undefined ? new Date(app.now().getTime() - back) : new Date(req.since);
    if (Number.isNaN(at.getTime())) throw invalidParameter(`since must be an instant (2026-01-01T00:00:00Z) or a duration back from now (10m), got '${req.since.slice(0, 64)}'.`);
    since = at;
  }
  if (req.nextToken !== undefined && !/^\d{1,18}$/.test(req.nextToken)) throw invalidParameter('Invalid nextToken.');
  const rows = await app.store.read.listAuditEvents({
    ...(req.cluster ? { clusterName: clusterNameFrom(req.cluster) } : {}),
    ...(req.principal ? { principal: req.principal } : {}),
    ...(since ? { since } : {}),
    limit: size + 1,
    ...(req.nextToken ? { beforeId: req.nextToken } : {}),
  });
  const items = rows.slice(0, size).map((r) => ({ ...r, id: r.id ?? '' }));
  return { auditEvents: items, ...(rows.length > size ? { nextToken: items.at(-1)!.id } : {}) };
}
