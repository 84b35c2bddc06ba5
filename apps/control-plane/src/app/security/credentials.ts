import { createHash, timingSafeEqual } from 'node:crypto';
import { DEFAULT_LAUNCH_RATE, EcsError, accessKeyIdFrom, accessKeyIdPattern, secretPattern, type AccessKey, type CredentialRole, type LaunchRate } from '@berth/domain';
import type { Caller } from '../caller.js';
import type { AppContext } from '../context.js';

/** What a request carries to prove who sent it. */
export interface Credential {
  readonly accessKeyId: string;
  readonly secret: string;
}

/** A new key pair: the stored half (secret sealed) and the secret, shown once. */
export interface IssuedKey {
  readonly key: AccessKey;
  readonly secret: string;
}

export function newAccessKey(
  app: Pick<AppContext, 'ids' | 'secrets' | 'now'>,
  fields: { role: CredentialRole; clusters?: readonly string[]; instanceId?: string; description?: string; launchRate?: LaunchRate },
): IssuedKey {
  const secret = app.ids.randomBytes(30).toString('base64url');
  const key: AccessKey = {
    accessKeyId: accessKeyIdFrom(app.ids.randomBytes(16), fields.instanceId ? 'agent' : 'api'),
    sealedSecret: app.secrets.seal(secret),
    role: fields.role,
    ...(fields.clusters ? { clusters: [...fields.clusters] } : {}),
    ...(fields.instanceId ? { instanceId: fields.instanceId } : {}),
    description: fields.description ?? '',
    ...(fields.launchRate ? { launchRate: fields.launchRate } : {}),
    createdAt: app.now(),
  };
  return { key, secret };
}

/** `Bearer <id>:<secret>`, the `authorization` metadata every call carries. */
export function parseBearer(header: string | undefined): Credential | undefined {
  const m = header === undefined ? null : /^Bearer ([A-Z0-9]{20}):([A-Za-z0-9_-]{40})$/.exec(header.trim());
  return m ? { accessKeyId: m[1]!, secret: m[2]! } : undefined;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

interface Cached {
  readonly caller: Caller;
  /** The secret itself (SigV4 derives its signing key from it) and its digest (bearer calls compare that). */
  readonly secret: string;
  readonly secretDigest: Buffer;
  readonly until: number;
}

/**
 * Verified credentials, kept for a few seconds so a call does not cost a database read and a
 * decryption. A deleted key stops working here at once, and on other replicas within `ttlMs`.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Cached>();

  constructor(private readonly ttlMs = 10_000) {}

  get(accessKeyId: string, now: number): Cached | undefined {
    const entry = this.entries.get(accessKeyId);
    if (entry && entry.until > now) return entry;
    this.entries.delete(accessKeyId);
    return undefined;
  }

  set(accessKeyId: string, caller: Caller, secret: string, now: number, expiresAt?: Date): Cached {
    if (this.entries.size > 10_000) this.entries.clear();
    const entry = { caller, secret, secretDigest: digest(secret), until: Math.min(now + this.ttlMs, expiresAt?.getTime() ?? Infinity) };
    this.entries.set(accessKeyId, entry);
    return entry;
  }

  forget(accessKeyId: string): void {
    this.entries.delete(accessKeyId);
  }

  /** The instance was deregistered: none of its credentials is trusted from the cache any more. */
  forgetInstance(instanceId: string): void {
    for (const [id, entry] of this.entries) if (entry.caller.instanceId === instanceId) this.entries.delete(id);
  }
}

const missing = () =>
  new EcsError('MissingAuthenticationTokenException', 'The request carries no credential. Send `authorization: Bearer <access key id>:<secret access key>` (berth reads them from its credentials file).');
const unrecognized = () => new EcsError('UnrecognizedClientException', 'The security token included in the request is invalid.');

type CredentialDeps = Pick<AppContext, 'store' | 'secrets' | 'credentials' | 'now' | 'log'>;

/**
 * The live key behind an access key id, with its secret opened (from the cache when it was looked
 * up in the last seconds), or UnrecognizedClient for an unknown or expired key.
 */
export async function keyHolder(app: CredentialDeps, accessKeyId: string): Promise<{ caller: Caller; secret: string; secretDigest: Buffer }> {
  if (!accessKeyIdPattern.test(accessKeyId)) throw unrecognized();
  const now = app.now().getTime();
  const cached = app.credentials.get(accessKeyId, now);
  if (cached) return cached;
  const key = await app.store.read.findAccessKey(accessKeyId);
  if (!key || (key.expiresAt && key.expiresAt.getTime() <= now)) throw unrecognized();
  let secret: string;
  try {
    secret = app.secrets.open(key.sealedSecret);
  } catch {
    // Sealed with another server key (start refuses a key that opens none): the caller is told only what a wrong secret is told.
    app.log.error('an access key secret does not open with the server key; it was sealed with another key', { accessKeyId: key.accessKeyId });
    throw unrecognized();
  }
  const caller: Caller = {
    name: key.accessKeyId,
    role: key.role,
    ...(key.clusters ? { clusters: key.clusters } : {}),
    ...(key.instanceId ? { instanceId: key.instanceId } : {}),
    launchRate: key.launchRate ?? DEFAULT_LAUNCH_RATE,
  };
  return app.credentials.set(key.accessKeyId, caller, secret, now, key.expiresAt);
}

/**
 * The caller a bearer credential proves, or an error: MissingAuthenticationToken without one,
 * UnrecognizedClient for an unknown or expired key or a wrong secret (the same answer for all
 * three, so the answer does not tell which keys exist). Secrets are compared in constant time.
 */
export async function authenticate(app: CredentialDeps, credential: Credential | undefined): Promise<Caller> {
  if (!credential) throw missing();
  if (!secretPattern.test(credential.secret)) throw unrecognized();
  const holder = await keyHolder(app, credential.accessKeyId);
  if (!timingSafeEqual(holder.secretDigest, digest(credential.secret))) throw unrecognized();
  return holder.caller;
}
