import type { AppContext } from './context.js';
import { AUDIT_RETENTION_MS } from './security/audit.js';
import { CLIENT_TOKEN_LIFETIME_MS } from './tasks/client-token.js';

/** Stopped tasks stay describable this long (ECS: at least an hour). */
export const STOPPED_TASK_RETENTION_MS = 3 * 3600_000;
/** Expired join tokens stay listed (as EXPIRED) this long, so an operator can see why a host was refused. */
export const EXPIRED_JOIN_TOKEN_RETENTION_MS = 24 * 3600_000;

/** Scaling activities stay describable this long, as Application Auto Scaling keeps six weeks of them. */
export const SCALING_ACTIVITY_RETENTION_MS = 42 * 24 * 3600_000;
/** Service metrics are read back at most this far (the longest alarm Berth evaluates is well inside it). */
export const SERVICE_METRICS_RETENTION_MS = 3600_000;

export interface Forgotten {
  readonly stoppedTasks: number;
  readonly accessKeys: number;
  readonly joinTokens: number;
  readonly auditEvents: number;
  readonly scalingActivities: number;
  readonly serviceMetrics: number;
  readonly secrets: number;
}

/**
 * Forgets what is past its use: stopped tasks after their retention, expired client tokens,
 * access keys past their expiry (an agent's replaced credentials), join tokens a day after they
 * expired, audit events older than AUDIT_RETENTION_MS, scaling activities after six weeks and
 * service metrics after an hour, and secrets whose recovery window (DeleteSecret) ended — so every
 * table stays the size of what is live.
 */
export async function forgetExpired(app: AppContext): Promise<Forgotten> {
  const now = app.now().getTime();
  const before = (ms: number) => new Date(now - ms);
  const stoppedTasks = await app.store.read.deleteStoppedTasksBefore(before(STOPPED_TASK_RETENTION_MS));
  await app.store.read.deleteRunTaskTokensBefore(before(CLIENT_TOKEN_LIFETIME_MS));
  const accessKeys = await app.store.read.deleteExpiredAccessKeys(new Date(now));
  const joinTokens = await app.store.read.deleteJoinTokensExpiredBefore(before(EXPIRED_JOIN_TOKEN_RETENTION_MS));
  const auditEvents = await app.store.read.deleteAuditEventsBefore(before(AUDIT_RETENTION_MS));
  const scalingActivities = await app.store.read.deleteScalingActivitiesBefore(before(SCALING_ACTIVITY_RETENTION_MS));
  const serviceMetrics = await app.store.read.deleteServiceMetricsBefore(before(SERVICE_METRICS_RETENTION_MS));
  const secrets = await app.store.read.deleteSecretsScheduledBefore(new Date(now));
  return { stoppedTasks, accessKeys, joinTokens, auditEvents, scalingActivities, serviceMetrics, secrets };
}
