import { AWSCURRENT, AWSPREVIOUS, EcsError, arnSuffix, checkSecretName, secretArn, secretsValidation, validateTags, type StoredSecret } from '@berth/domain';
import type { RequestOf, ResultOf } from '@berth/ecs-api';
import type { AppContext } from '../context.js';
import { decodeToken, pageOf, pageSize } from '../pagination.js';
import { uuidFrom } from '../scaling/activities.js';
import { findSecretById, markedForDeletion, secretNotFound } from './lookup.js';

/**
 * Secrets Manager's operations on the secret store. A secret keeps its current value (AWSCURRENT)
 * and the one before it (AWSPREVIOUS); values are sealed with the server key before they are
 * stored and opened only for GetSecretValue and for tasks that start.
 */

const MAX_SECRET_BYTES = 65_536;
const MAX_DESCRIPTION = 2048;
const DEFAULT_RECOVERY_DAYS = 30;

function checkSecretString(req: { secretString?: string; secretBinary?: string }): string {
  if (req.secretBinary !== undefined) throw secretsValidation('SecretBinary is not supported by Berth: store the value as SecretString (base64-encode binary data).');
  if (req.secretString === undefined) throw secretsValidation('SecretString is required: Berth keeps text secrets.');
  const bytes = Buffer.byteLength(req.secretString);
  if (bytes > MAX_SECRET_BYTES) throw secretsValidation(`SecretString must be at most ${MAX_SECRET_BYTES} bytes; got ${bytes}.`);
  return req.secretString;
}

function checkDescription(description: string | undefined): string {
  if ((description ?? '').length > MAX_DESCRIPTION) throw secretsValidation(`Description must be at most ${MAX_DESCRIPTION} characters.`);
  return description ?? '';
}

/** A version id: the caller's ClientRequestToken (32–64 characters, as AWS requires) or a new UUID. */
function versionIdFor(app: AppContext, token: string | undefined): string {
  if (token === undefined) return uuidFrom(app.ids.newId());
  if (!/^[A-Za-z0-9-]{32,64}$/.test(token)) throw secretsValidation('ClientRequestToken must be 32 to 64 letters, digits and hyphens.');
  return token;
}

export async function createSecret(app: AppContext, req: RequestOf<'CreateSecret'>): Promise<ResultOf<'CreateSecret'>> {
  const name = checkSecretName(req.name);
  const value = checkSecretString(req);
  const description = checkDescription(req.description);
  const tags = validateTags(req.tags);
  const versionId = versionIdFor(app, req.clientRequestToken);
  const secret = await app.store.transaction(async (tx) => {
    const existing = await tx.findSecretForUpdate('secret', name);
    if (existing?.deletionDate) throw new EcsError('InvalidRequestException', `You can't create this secret because a secret with the name ${name} is already scheduled for deletion.`);
    if (existing) throw new EcsError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
    const now = app.now();
    const created: StoredSecret = {
      kind: 'secret',
      name,
      arn: secretArn(app.scope, name, arnSuffix(app.ids.randomBytes(6))),
      description,
      current: { versionId, sealedValue: app.secrets.seal(value), createdAt: now },
      version: 1,
      tags,
      createdAt: now,
      changedAt: now,
    };
    await tx.saveSecret(created);
    return created;
  });
  return { secret };
}

/** A new current value; the old one becomes AWSPREVIOUS and the one before that is gone. A token already used for the current value changes nothing. */
export async function putSecretValue(app: AppContext, req: RequestOf<'PutSecretValue'>): Promise<ResultOf<'PutSecretValue'>> {
  const value = checkSecretString(req);
  if (req.versionStages && req.versionStages.some((stage) => stage !== AWSCURRENT)) {
    throw secretsValidation(`VersionStages may only be ${AWSCURRENT}: Berth keeps the current and the previous value.`);
  }
  const secretId = requireSecretId(req.secretId);
  const found = await findSecretById(app.store.read, secretId);
  if (!found) throw secretNotFound();
  const versionId = versionIdFor(app, req.clientRequestToken);
  const secret = await app.store.transaction(async (tx) => {
    const current = await tx.findSecretForUpdate('secret', found.name);
    if (!current) throw secretNotFound();
    if (current.deletionDate) throw markedForDeletion();
    if (current.current.versionId === versionId || current.previous?.versionId === versionId) {
      if (current.current.versionId === versionId && app.secrets.open(current.current.sealedValue) === value) return current;
      throw new EcsError('ResourceExistsException', "You can't modify an existing version, you can only create a new version.");
    }
    const now = app.now();
    const next: StoredSecret = { ...current, current: { versionId, sealedValue: app.secrets.seal(value), createdAt: now }, previous: current.current, version: current.version + 1, changedAt: now };
    await tx.saveSecret(next);
    return next;
  });
  return { secret };
}

export async function getSecretValue(app: AppContext, req: RequestOf<'GetSecretValue'>): Promise<ResultOf<'GetSecretValue'>> {
  const secret = await findSecretById(app.store.read, requireSecretId(req.secretId));
  if (!secret) throw secretNotFound();
  if (secret.deletionDate) throw markedForDeletion();
  if (req.versionId && req.versionStage) throw secretsValidation('Give VersionId or VersionStage, not both.');
  const versions = [
    { stage: AWSCURRENT, version: secret.current },
    ...(secret.previous ? [{ stage: AWSPREVIOUS, version: secret.previous }] : []),
  ];
  const chosen = versions.find((v) => (req.versionId ? v.version.versionId === req.versionId : v.stage === (req.versionStage || AWSCURRENT)));
  if (!chosen) {
    throw new EcsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for ${req.versionId ? `VersionId: ${req.versionId}` : `staging label: ${req.versionStage}`}`);
  }
  return { secret, versionId: chosen.version.versionId, stage: chosen.stage, value: app.secrets.open(chosen.version.sealedValue), createdAt: chosen.version.createdAt };
}

export async function describeSecret(app: AppContext, req: RequestOf<'DescribeSecret'>): Promise<ResultOf<'DescribeSecret'>> {
  const secret = await findSecretById(app.store.read, requireSecretId(req.secretId));
  if (!secret) throw secretNotFound();
  return { secret };
}

export async function listSecrets(app: AppContext, req: RequestOf<'ListSecrets'>): Promise<ResultOf<'ListSecrets'>> {
  const size = pageSize(req.maxResults);
  const after = decodeToken(req.nextToken);
  const rows = await app.store.read.listSecrets('secret', { limit: size + 1, ...(after !== undefined ? { afterName: after } : {}), includeScheduledForDeletion: req.includePlannedDeletion ?? false });
  const { items, nextToken } = pageOf(rows, size, (s) => s.name);
  return { secrets: items, ...(nextToken ? { nextToken } : {}) };
}

/** Schedules the secret's removal after a recovery window (7–30 days, 30 by default), or removes it now. */
export async function deleteSecret(app: AppContext, req: RequestOf<'DeleteSecret'>): Promise<ResultOf<'DeleteSecret'>> {
  if (req.forceDeleteWithoutRecovery && req.recoveryWindowInDays !== undefined) {
    throw secretsValidation("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  }
  const days = req.recoveryWindowInDays ?? DEFAULT_RECOVERY_DAYS;
  if (!Number.isInteger(days) || days < 7 || days > 30) throw secretsValidation(`RecoveryWindowInDays must be from 7 to 30; got ${days}.`);
  const found = await findSecretById(app.store.read, requireSecretId(req.secretId));
  if (!found) throw secretNotFound();
  return app.store.transaction(async (tx) => {
    const secret = await tx.findSecretForUpdate('secret', found.name);
    if (!secret) throw secretNotFound();
    const now = app.now();
    if (req.forceDeleteWithoutRecovery) {
      await tx.deleteSecret('secret', secret.name);
      return { secret, deletionDate: now };
    }
    if (secret.deletionDate) return { secret, deletionDate: secret.deletionDate };
    const deletionDate = new Date(now.getTime() + days * 86_400_000);
    await tx.saveSecret({ ...secret, deletionDate });
    return { secret, deletionDate };
  });
}

export async function restoreSecret(app: AppContext, req: RequestOf<'RestoreSecret'>): Promise<ResultOf<'RestoreSecret'>> {
  const found = await findSecretById(app.store.read, requireSecretId(req.secretId));
  if (!found) throw secretNotFound();
  const secret = await app.store.transaction(async (tx) => {
    const current = await tx.findSecretForUpdate('secret', found.name);
    if (!current) throw secretNotFound();
    const { deletionDate: _removed, ...restored } = current;
    await tx.saveSecret({ ...restored, changedAt: app.now() });
    return restored;
  });
  return { secret };
}

function requireSecretId(secretId: string | undefined): string {
  if (!secretId) throw secretsValidation('SecretId is required.');
  if (secretId.length > 2048) throw secretsValidation('SecretId must be at most 2048 characters.');
  return secretId;
}
