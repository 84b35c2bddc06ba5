import { EcsError } from '../errors.js';
import type { ArnScope } from '../arn.js';

/** Secrets Manager's name rules: 1–512 characters of letters, digits and `/_+=.@-`. */
const secretNamePattern = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** SSM's: 1–1011 characters of letters, digits and `_.-/`; a name with `/` starts with one. */
const parameterNamePattern = /^[A-Za-z0-9_./-]{1,1011}$/;

export const secretsValidation = (message: string): EcsError => new EcsError('InvalidParameterException', message);
export const ssmValidation = (message: string): EcsError => new EcsError('ValidationException', message);

export function checkSecretName(name: string | undefined, field = 'Name'): string {
  if (name === undefined || name === '') throw secretsValidation(`${field} is required.`);
  if (!secretNamePattern.test(name)) {
    throw secretsValidation(`${field} '${name.slice(0, 64)}' is not a valid secret name: use 1 to 512 letters, digits and /_+=.@- characters.`);
  }
  if (name.startsWith('arn:')) throw secretsValidation(`${field} must be a name, not an ARN.`);
  return name;
}

export function checkParameterName(name: string | undefined, field = 'Name'): string {
  if (name === undefined || name === '') throw ssmValidation(`${field} is required.`);
  if (!parameterNamePattern.test(name)) {
    throw ssmValidation(`Parameter name '${name.slice(0, 64)}' (${field}) is not valid: use 1 to 1011 letters, digits and _.-/ characters.`);
  }
  if (name.includes('/') && !name.startsWith('/')) throw ssmValidation(`Parameter name '${name}' (${field}): a name in a hierarchy must be fully qualified, starting with '/'.`);
  if (/^\/?(aws|ssm)/i.test(name)) throw ssmValidation(`Parameter name '${name}' (${field}): names beginning with aws or ssm are reserved.`);
  if (name.split('/').length - 1 > 15) throw ssmValidation(`Parameter name '${name}' (${field}) has more than 15 levels.`);
  return name;
}

/** `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>`, the suffix AWS adds to every secret's ARN. */
export const secretArn = (scope: ArnScope, name: string, suffix: string) => `arn:aws:secretsmanager:${scope.region}:${scope.account}:secret:${name}-${suffix}`;

/** `arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>`. */
export const parameterArn = (scope: ArnScope, name: string) => `arn:aws:ssm:${scope.region}:${scope.account}:parameter/${name.replace(/^\//, '')}`;

/** Six characters of letters and digits from random bytes, the shape of AWS's ARN suffix. */
export function arnSuffix(random: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...random.slice(0, 6)].map((b) => alphabet[b % alphabet.length]).join('');
}
