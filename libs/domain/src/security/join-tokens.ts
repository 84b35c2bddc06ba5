/**
 * A join token lets new hosts register into one cluster: `berth-join.<id>.<secret>`. Only a hash
 * of the secret is stored; a host that presents it gets its own credential, and from then on uses
 * that — the token alone never becomes an identity.
 */
export interface JoinToken {
  readonly id: string;
  readonly secretHash: string;
  readonly clusterName: string;
  readonly createdAt: Date;
  /** The access key that created it. */
  readonly createdBy: string;
  readonly expiresAt: Date;
  /** Absent: any number of hosts until it expires. */
  readonly maxUses?: number;
  readonly uses: number;
  readonly revokedAt?: Date;
}

export const JOIN_TOKEN_PREFIX = 'berth-join';
const tokenPattern = /^berth-join\.([a-f0-9]{16})\.([A-Za-z0-9_-]{43})$/;

export function joinTokenString(id: string, secret: string): string {
  return `${JOIN_TOKEN_PREFIX}.${id}.${secret}`;
}

export function parseJoinToken(value: string): { id: string; secret: string } | undefined {
  const m = tokenPattern.exec(value.trim());
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

/** Why a join token cannot register a host now, if it cannot — in words an operator can act on. */
export function joinTokenRefusal(token: JoinToken, now: Date): string | undefined {
  if (token.revokedAt) return `join token ${token.id} was revoked; create a new one with berth create-join-token --cluster ${token.clusterName}`;
  if (now.getTime() >= token.expiresAt.getTime()) return `join token ${token.id} expired at ${token.expiresAt.toISOString()}; create a new one with berth create-join-token --cluster ${token.clusterName}`;
  if (token.maxUses !== undefined && token.uses >= token.maxUses) {
    return `join token ${token.id} was already used ${token.uses} of ${token.maxUses} times; create a new one with berth create-join-token --cluster ${token.clusterName}`;
  }
  return undefined;
}
