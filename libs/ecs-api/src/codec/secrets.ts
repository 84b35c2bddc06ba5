import { AWSCURRENT, AWSPREVIOUS, type StoredSecret } from '@berth/domain';
import { compact, encodeTags, instant, type JsonObject } from './json.js';

/**
 * The secret store's resources → Secrets Manager's and SSM's shapes, members in camelCase (the
 * JSON endpoint writes them in PascalCase). Values appear only where the caller asked for one.
 */

/** DescribeSecret and ListSecrets: which version carries which stage. */
function versionIdsToStages(s: StoredSecret): JsonObject {
  return { [s.current.versionId]: [AWSCURRENT], ...(s.previous ? { [s.previous.versionId]: [AWSPREVIOUS] } : {}) };
}

export function encodeSecretDescription(s: StoredSecret, extensions: boolean): JsonObject {
  return compact({
    arn: s.arn,
    name: s.name,
    description: s.description || undefined,
    lastChangedDate: instant(s.changedAt),
    deletedDate: instant(s.deletionDate),
    tags: encodeTags(s.tags),
    createdDate: instant(s.createdAt),
    // A map of lists has no proto form: the JSON endpoint answers it, gRPC lists the stages per version instead.
    ...(extensions
      ? { versions: [s.current, ...(s.previous ? [s.previous] : [])].map((v, i) => ({ versionId: v.versionId, versionStages: [i === 0 ? AWSCURRENT : AWSPREVIOUS], createdDate: instant(v.createdAt) })) }
      : { versionIdsToStages: versionIdsToStages(s) }),
  });
}

export function encodeListedSecret(s: StoredSecret, extensions: boolean): JsonObject {
  const { versionIdsToStages: stages, ...rest } = encodeSecretDescription(s, extensions);
  return compact({ ...rest, secretVersionsToStages: stages });
}

export interface SecretValueView {
  readonly secret: StoredSecret;
  readonly versionId: string;
  readonly stage: string;
  readonly value: string;
  readonly createdAt: Date;
}

export function encodeSecretValue(v: SecretValueView): JsonObject {
  return { arn: v.secret.arn, name: v.secret.name, versionId: v.versionId, secretString: v.value, versionStages: [v.stage], createdDate: instant(v.createdAt) };
}

/** A parameter with its value (GetParameter, GetParameters); a SecureString read without decryption shows its sealed form, as SSM shows the ciphertext. */
export function encodeParameter(p: StoredSecret, value: string): JsonObject {
  return compact({
    name: p.name,
    type: p.parameterType,
    value,
    version: p.version,
    lastModifiedDate: instant(p.changedAt),
    arn: p.arn,
    dataType: 'text',
  });
}

/** DescribeParameters: what a parameter is, without its value. */
export function encodeParameterMetadata(p: StoredSecret): JsonObject {
  return compact({
    name: p.name,
    type: p.parameterType,
    lastModifiedDate: instant(p.changedAt),
    description: p.description || undefined,
    version: p.version,
    tier: 'Standard',
    dataType: 'text',
  });
}
