import { createHash, timingSafeEqual } from 'node:crypto';
import { EcsError, invalidParameter, joinTokenRefusal, joinTokenString, parseGoDuration, parseJoinToken, type JoinToken } from '@berth/domain';
import type { JoinTokenStatus, RequestOf, ResultOf } from '@berth/ecs-api';
import type { StoreTx } from '@berth/state-store';
import type { Caller } from '../caller.js';
import type { AppContext } from '../context.js';
import { requireActiveCluster } from '../clusters.js';

const DEFAULT_TTL_MS = 3600_000;
const MAX_TTL_MS = 30 * 24 * 3600_000;
const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

function statusOf(token: JoinToken, now: Date): JoinTokenStatus {
  if (token.revokedAt) return 'REVOKED';
  if (now.getTime() >= token.expiresAt.getTime()) return 'EXPIRED';
  if (token.maxUses !== undefined && token.uses >= token.maxUses) return 'EXHAUSTED';
  return 'ACTIVE';
}

const withStatus = (token: JoinToken, now: Date) => ({ ...token, status: statusOf(token, now) });

/** CreateJoinToken: lets new hosts register into the cluster until it expires (default 1h) or is used up. */
export async function createJoinToken(app: AppContext, req: RequestOf<'CreateJoinToken'>, caller: Caller): Promise<ResultOf<'CreateJoinToken'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const ttlMs = req.ttl === undefined ? DEFAULT_TTL_MS : parseGoDuration(req.ttl);
  if (ttlMs === undefined || ttlMs < 1000 || ttlMs > MAX_TTL_MS) throw invalidParameter(`ttl must be a duration from 1s to 720h, such as 1h, got '${(req.ttl ?? '').slice(0, 32)}'.`);
  if (req.maxUses !== undefined && (req.maxUses < 1 || req.maxUses > 100_000)) throw invalidParameter('maxUses must be between 1 and 100000.');
  const now = app.now();
  const id = app.ids.randomBytes(8).toString('hex');
  const secret = app.ids.randomBytes(32).toString('base64url');
  const token: JoinToken = {
    id,
    secretHash: hash(secret),
    clusterName: cluster.name,
    createdAt: now,
    createdBy: caller.name,
    expiresAt: new Date(now.getTime() + ttlMs),
    ...(req.maxUses !== undefined ? { maxUses: req.maxUses } : {}),
    uses: 0,
  };
  await app.store.transaction((tx) => tx.insertJoinToken(token));
  return { joinToken: withStatus(token, now), token: joinTokenString(id, secret) };
}

export async function listJoinTokens(app: AppContext, req: RequestOf<'ListJoinTokens'>): Promise<ResultOf<'ListJoinTokens'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const now = app.now();
  return { joinTokens: (await app.store.read.listJoinTokens(cluster.name)).map((t) => withStatus(t, now)) };
}

export async function revokeJoinToken(app: AppContext, req: RequestOf<'RevokeJoinToken'>): Promise<ResultOf<'RevokeJoinToken'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const id = req.joinTokenId;
  if (!id) throw invalidParameter('joinTokenId is required.');
  const revoked = await app.store.transaction(async (tx) => {
    const token = await tx.findJoinTokenForUpdate(id);
    if (!token || token.clusterName !== cluster.name) throw new EcsError('ClientException', `No join token ${id.slice(0, 32)} in cluster '${cluster.name}'.`);
    return (await tx.revokeJoinToken(id, app.now()))!;
  });
  return { joinToken: withStatus(revoked, app.now()) };
}

const refused = (message: string) => new EcsError('AccessDeniedException', `Registration refused: ${message}.`);

const secretMatches = (token: JoinToken, secret: string) => timingSafeEqual(Buffer.from(token.secretHash), Buffer.from(hash(secret)));

/**
 * Before a Register is even decoded: is this a join token of ours? Read-only (its expiry and uses
 * are checked again where one use is counted); an unknown or forged token gets the answer a bad
 * access key gets (UnrecognizedClientException), so a caller without a real token learns nothing about its request.
 */
export async function recognizeJoinToken(app: AppContext, tokenText: string): Promise<void> {
  const parsed = parseJoinToken(tokenText);
  const token = parsed && (await app.store.read.findJoinToken(parsed.id));
  if (!parsed) throw new EcsError('UnrecognizedClientException', 'Registration refused: the join token is malformed (it looks like berth-join.<id>.<secret>).');
  if (!token || !secretMatches(token, parsed.secret)) throw new EcsError('UnrecognizedClientException', 'Registration refused: the join token is not valid.');
}

/**
 * A host presents a join token at Register: it must be one of ours, for this cluster, and still
 * usable. A token with a use limit is locked and its use counted inside the caller's transaction,
 * so two hosts racing for the last use cannot both win. One without a limit is only share-locked
 * (a revocation waits for the registration, not the other way round) and its use is counted by
 * the caller after commit (`countUseAfterCommit`), so a fleet of hosts joining at once with one
 * token does not queue on its row.
 */
export async function redeemJoinToken(tx: StoreTx, tokenText: string, clusterName: string, now: Date): Promise<{ token: JoinToken; countUseAfterCommit: boolean }> {
  const parsed = parseJoinToken(tokenText);
  if (!parsed) throw refused('the join token is malformed (it looks like berth-join.<id>.<secret>)');
  // Whether it has a limit never changes, so an unlocked read decides which lock to take.
  const limited = (await tx.findJoinToken(parsed.id))?.maxUses !== undefined;
  const token = limited ? await tx.findJoinTokenForUpdate(parsed.id) : await tx.findJoinTokenForShare(parsed.id);
  if (!token || !secretMatches(token, parsed.secret)) throw refused('the join token is not valid');
  if (token.clusterName !== clusterName) throw refused(`the join token is for cluster '${token.clusterName}', not '${clusterName}'`);
  const why = joinTokenRefusal(token, now);
  if (why) throw refused(why);
  if (limited) await tx.countJoinTokenUse(token.id);
  return { token, countUseAfterCommit: !limited };
}
