import type { Tag } from '../tags.js';

/**
 * The two kinds of stored value, as AWS names them: a Secrets Manager secret (a name, a current
 * value and the one before it) and a Systems Manager parameter (a name, a type and a numbered value).
 */
export type SecretKind = 'secret' | 'parameter';

/** SSM's parameter types: SecureString is the one meant for secrets; Berth seals every value alike. */
export const parameterTypes = ['String', 'StringList', 'SecureString'] as const;
export type ParameterType = (typeof parameterTypes)[number];

/** A value as the store keeps it: sealed with the server key, never in plain text. */
export interface SealedVersion {
  readonly versionId: string;
  readonly sealedValue: string;
  readonly createdAt: Date;
}

export interface StoredSecret {
  readonly kind: SecretKind;
  /** The secret's name, or the parameter's (with its leading `/` when it is in a hierarchy). */
  readonly name: string;
  readonly arn: string;
  readonly description: string;
  /** Parameters only. */
  readonly parameterType?: ParameterType;
  /** The value that is AWSCURRENT (a parameter's only value). */
  readonly current: SealedVersion;
  /** Secrets only: the value that is AWSPREVIOUS, once a second value was put. */
  readonly previous?: SealedVersion;
  /** How many values were put: a parameter's Version. */
  readonly version: number;
  readonly tags: readonly Tag[];
  readonly createdAt: Date;
  readonly changedAt: Date;
  /** Secrets only: when a DeleteSecret with a recovery window removes it for good. */
  readonly deletionDate?: Date;
}

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';
