import { AWSCURRENT, AWSPREVIOUS } from './secret.js';

/**
 * What a container definition's `secrets[].valueFrom` (and `repositoryCredentials.credentialsParameter`)
 * points at, as ECS reads it:
 * - a Secrets Manager ARN, whole or partial (without AWS's 6-character suffix), optionally with
 *   `:<json-key>:<version-stage>:<version-id>` after it (any of the three may be empty);
 * - an SSM parameter ARN, `arn:aws:ssm:<region>:<account>:parameter/<name>`;
 * - anything else is the name of an SSM parameter.
 */
export type SecretReference =
  | { readonly kind: 'secret'; readonly secretId: string; readonly jsonKey?: string; readonly versionStage?: string; readonly versionId?: string }
  | { readonly kind: 'parameter'; readonly name: string };

export type Parsed<T> = { readonly ok: T } | { readonly problem: string };

const secretsManagerArn = /^arn:aws[a-z-]*:secretsmanager:([^:]*):([^:]*):secret:(.+)$/;
const ssmArn = /^arn:aws[a-z-]*:ssm:([^:]*):([^:]*):parameter(\/.+)$/;

export function parseValueFrom(valueFrom: string): Parsed<SecretReference> {
  const value = valueFrom.trim();
  if (value === '') return { problem: 'must name a secret or parameter' };
  const asm = secretsManagerArn.exec(value);
  if (asm) {
    const [name, jsonKey, versionStage, versionId, ...rest] = asm[3]!.split(':');
    if (rest.length > 0 || !name) return { problem: `'${value}' is not a Secrets Manager ARN: expected arn:aws:secretsmanager:<region>:<account>:secret:<name>[:<json-key>:<version-stage>:<version-id>]` };
    if (versionStage && versionId) return { problem: `'${value}' gives both a version stage and a version id: give one` };
    return {
      ok: {
        kind: 'secret',
        secretId: value.split(':').slice(0, 7).join(':'),
        ...(jsonKey ? { jsonKey } : {}),
        ...(versionStage ? { versionStage } : {}),
        ...(versionId ? { versionId } : {}),
      },
    };
  }
  if (value.startsWith('arn:')) {
    const ssm = ssmArn.exec(value);
    if (!ssm) return { problem: `'${value}' is neither a Secrets Manager secret ARN nor an SSM parameter ARN` };
    return { ok: { kind: 'parameter', name: ssm[3]! } };
  }
  if (!/^[A-Za-z0-9_./-]{1,1011}$/.test(value)) return { problem: `'${value.slice(0, 64)}' is not an SSM parameter name` };
  return { ok: { kind: 'parameter', name: value } };
}

/**
 * The names an SSM reference may mean. An ARN's path loses the name's leading slash:
 * `parameter/db/password` is `/db/password`, and `parameter/token` is `token` or `/token`.
 */
export function parameterNamesOf(name: string): string[] {
  if (!name.startsWith('/')) return [name];
  const bare = name.slice(1);
  return bare.includes('/') ? [name] : [bare, name];
}

/** The names an SSM parameter name or ARN may mean, in the order they are tried (GetParameter's `Name`, a `valueFrom`). */
export function parameterCandidates(nameOrArn: string): string[] {
  const value = nameOrArn.trim();
  const arn = ssmArn.exec(value);
  return arn ? parameterNamesOf(arn[3]!) : [value];
}

/** How a Secrets Manager SecretId (a name, a whole ARN or one without the suffix) is looked up. */
export function secretLookupOf(secretId: string): { readonly arn?: string; readonly name: string } {
  const asm = secretsManagerArn.exec(secretId);
  if (!asm) return { name: secretId };
  const name = asm[3]!.split(':')[0]!;
  return { arn: secretId.split(':').slice(0, 7).join(':'), name };
}

export interface SecretVersionsPlain {
  readonly current: { readonly versionId: string; readonly value: string };
  readonly previous?: { readonly versionId: string; readonly value: string };
}

/** The value a reference asks for out of a secret's versions, or why there is none (ECS's words). */
export function pickSecretValue(versions: SecretVersionsPlain, ref: { readonly jsonKey?: string; readonly versionStage?: string; readonly versionId?: string }): Parsed<string> {
  const version = chooseVersion(versions, ref);
  if (!version) {
    const asked = ref.versionId ? `version id ${ref.versionId}` : `version stage ${ref.versionStage}`;
    return { problem: `ResourceNotFoundException: Secrets Manager can't find the specified secret value for ${asked}.` };
  }
  if (!ref.jsonKey) return { ok: version.value };
  let parsed: unknown;
  try {
    parsed = JSON.parse(version.value);
  } catch {
    return { problem: `retrieved secret from Secrets Manager did not contain json key ${ref.jsonKey}: the secret's value is not JSON` };
  }
  const member = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>)[ref.jsonKey] : undefined;
  if (member === undefined || member === null) return { problem: `retrieved secret from Secrets Manager did not contain json key ${ref.jsonKey}` };
  return { ok: typeof member === 'string' ? member : JSON.stringify(member) };
}

function chooseVersion(versions: SecretVersionsPlain, ref: { readonly versionStage?: string; readonly versionId?: string }) {
  if (ref.versionId) return [versions.current, versions.previous].find((v) => v?.versionId === ref.versionId);
  const stage = ref.versionStage ?? AWSCURRENT;
  if (stage === AWSCURRENT) return versions.current;
  if (stage === AWSPREVIOUS) return versions.previous;
  return undefined;
}

/** Why a task could not start for want of a secret, as ECS's stoppedReason puts it. */
export function secretsFailureReason(detail: string): string {
  return `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ${detail}`;
}
export const missingSecretDetail = (secretId: string) =>
  `unable to retrieve secret from asm: failed to fetch secret ${secretId} from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret.`;
export const missingParametersDetail = (names: readonly string[]) => `unable to retrieve secrets from ssm: invalid parameters: ${names.join(', ')}`;
