import { clusterArn, type AccessKey, type ArnScope, type JoinToken } from '@berth/domain';
import { compact, instant, type JsonObject } from './json.js';

/** An access key as ListAccessKeys shows it; the secret only once, in CreateAccessKey's answer. */
export function encodeAccessKey(key: AccessKey, secret?: string): JsonObject {
  return compact({
    accessKeyId: key.accessKeyId,
    secretAccessKey: secret,
    role: key.role,
    clusters: key.clusters ? [...key.clusters] : undefined,
    description: key.description || undefined,
    status: 'Active',
    createDate: instant(key.createdAt),
    runTaskBurst: key.launchRate?.burst,
    runTaskPerSecond: key.launchRate?.perSecond,
  });
}

export type JoinTokenStatus = 'ACTIVE' | 'EXPIRED' | 'EXHAUSTED' | 'REVOKED';

/** A join token; the token itself only once, in CreateJoinToken's answer. */
export function encodeJoinToken(token: JoinToken & { readonly status: JoinTokenStatus }, scope: ArnScope, secretToken?: string): JsonObject {
  return compact({
    joinTokenId: token.id,
    token: secretToken,
    clusterArn: clusterArn(scope, token.clusterName),
    createdAt: instant(token.createdAt),
    createdBy: token.createdBy,
    expiresAt: instant(token.expiresAt),
    maxUses: token.maxUses,
    uses: token.uses,
    revokedAt: instant(token.revokedAt),
    status: token.status,
  });
}

export interface AuditEventView {
  readonly id: string;
  readonly at: Date;
  readonly principal: string;
  readonly operation: string;
  readonly clusterName?: string;
  readonly target: string;
  readonly result: string;
}

export function encodeAuditEvent(event: AuditEventView, scope: ArnScope): JsonObject {
  return compact({
    id: event.id,
    at: instant(event.at),
    principal: event.principal,
    operation: event.operation,
    clusterArn: event.clusterName ? clusterArn(scope, event.clusterName) : undefined,
    target: event.target || undefined,
    result: event.result,
  });
}
