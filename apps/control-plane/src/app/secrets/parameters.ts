import { EcsError, checkParameterName, parameterArn, parameterCandidates, parameterTypes, ssmValidation, validateTags, type ParameterType, type StoredSecret } from '@berth/domain';
import type { RequestOf, ResultOf } from '@berth/ecs-api';
import type { AppContext } from '../context.js';
import { decodeToken, pageOf } from '../pagination.js';
import { matchParameter, parameterNotFound } from './lookup.js';

/**
 * SSM Parameter Store's operations on the secret store. Every value is sealed with the server key,
 * whatever its type; a SecureString is opened only when the caller asks WithDecryption.
 */

const tiers = ['Standard', 'Advanced', 'Intelligent-Tiering'];
const MAX_GET_PARAMETERS = 10;

export async function putParameter(app: AppContext, req: RequestOf<'PutParameter'>): Promise<ResultOf<'PutParameter'>> {
  const name = checkParameterName(req.name);
  const type = req.type === undefined || req.type === '' ? undefined : checkType(req.type);
  const value = req.value ?? '';
  if (value === '') throw ssmValidation("1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1.");
  if (req.tier !== undefined && req.tier !== '' && !tiers.includes(req.tier)) throw ssmValidation(`Tier must be one of ${tiers.join(', ')}; got '${req.tier}'.`);
  const max = req.tier === 'Advanced' ? 8192 : 4096;
  if (value.length > max) throw ssmValidation(`${req.tier === 'Advanced' ? 'Advanced' : 'Standard'} tier parameters support a maximum parameter value of ${max} characters; got ${value.length}.`);
  if (req.allowedPattern && !matchesPattern(req.allowedPattern, value)) {
    throw ssmValidation(`Parameter value, cannot be validated against allowedPattern: ${req.allowedPattern}`);
  }
  if ((req.description ?? '').length > 1024) throw ssmValidation('Description must be at most 1024 characters.');
  const tags = validateTags(req.tags);
  if (req.overwrite && tags.length > 0) throw ssmValidation('Invalid request: tags and overwrite can\'t be used together. To create a parameter with tags, please remove overwrite flag.');
  const parameter = await app.store.transaction(async (tx) => {
    const existing = await tx.findSecretForUpdate('parameter', name);
    if (existing && !req.overwrite) throw new EcsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
    const now = app.now();
    const version = (existing?.version ?? 0) + 1;
    const saved: StoredSecret = {
      kind: 'parameter',
      name,
      arn: parameterArn(app.scope, name),
      description: req.description ?? existing?.description ?? '',
      parameterType: type ?? existing?.parameterType ?? 'String',
      current: { versionId: String(version), sealedValue: app.secrets.seal(value), createdAt: now },
      version,
      tags: existing?.tags ?? tags,
      createdAt: existing?.createdAt ?? now,
      changedAt: now,
    };
    await tx.saveSecret(saved);
    return saved;
  });
  return { parameter };
}

export async function getParameter(app: AppContext, req: RequestOf<'GetParameter'>): Promise<ResultOf<'GetParameter'>> {
  if (!req.name) throw ssmValidation('Name is required.');
  const parameter = matchParameter(await app.store.read.findSecrets('parameter', { names: parameterCandidates(req.name) }), req.name);
  if (!parameter) throw parameterNotFound(req.name);
  return { parameter, value: valueOf(app, parameter, req.withDecryption ?? false) };
}

export async function getParameters(app: AppContext, req: RequestOf<'GetParameters'>): Promise<ResultOf<'GetParameters'>> {
  const names = req.names ?? [];
  if (names.length === 0) throw ssmValidation('Names is required.');
  if (names.length > MAX_GET_PARAMETERS) throw ssmValidation(`Names may list at most ${MAX_GET_PARAMETERS} parameters; got ${names.length}.`);
  const found = await app.store.read.findSecrets('parameter', { names: names.flatMap(parameterCandidates) });
  const parameters: { parameter: StoredSecret; value: string }[] = [];
  const invalidParameters: string[] = [];
  for (const name of new Set(names)) {
    const parameter = matchParameter(found, name);
    if (parameter) parameters.push({ parameter, value: valueOf(app, parameter, req.withDecryption ?? false) });
    else invalidParameters.push(name);
  }
  return { parameters, invalidParameters };
}

export async function deleteParameter(app: AppContext, req: RequestOf<'DeleteParameter'>): Promise<ResultOf<'DeleteParameter'>> {
  if (!req.name) throw ssmValidation('Name is required.');
  const name = req.name;
  await app.store.transaction(async (tx) => {
    for (const candidate of parameterCandidates(name)) if (await tx.deleteSecret('parameter', candidate)) return;
    throw parameterNotFound(name);
  });
  return {};
}

export async function describeParameters(app: AppContext, req: RequestOf<'DescribeParameters'>): Promise<ResultOf<'DescribeParameters'>> {
  const size = req.maxResults ?? 10;
  if (!Number.isInteger(size) || size < 1 || size > 50) throw ssmValidation(`MaxResults must be from 1 to 50; got ${size}.`);
  const after = decodeToken(req.nextToken);
  const rows = await app.store.read.listSecrets('parameter', { limit: size + 1, ...(after !== undefined ? { afterName: after } : {}) });
  const { items, nextToken } = pageOf(rows, size, (p) => p.name);
  return { parameters: items, ...(nextToken ? { nextToken } : {}) };
}

function checkType(type: string): ParameterType {
  if (!(parameterTypes as readonly string[]).includes(type)) throw ssmValidation(`Type must be one of ${parameterTypes.join(', ')}; got '${type}'.`);
  return type as ParameterType;
}

/** A SecureString read without decryption shows its sealed form, as SSM shows ciphertext. */
function valueOf(app: AppContext, parameter: StoredSecret, withDecryption: boolean): string {
  if (parameter.parameterType === 'SecureString' && !withDecryption) return parameter.current.sealedValue;
  return app.secrets.open(parameter.current.sealedValue);
}

function matchesPattern(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    throw ssmValidation(`AllowedPattern '${pattern.slice(0, 64)}' is not a valid regular expression.`);
  }
}
