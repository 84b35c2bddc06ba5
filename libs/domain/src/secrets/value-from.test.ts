import { describe, expect, it } from 'vitest';
import { parameterCandidates, parameterNamesOf, parseValueFrom, pickSecretValue, secretLookupOf } from './value-from.js';
import { registryAuthFromSecret } from './registry-credentials.js';
import { arnSuffix, checkParameterName, checkSecretName, parameterArn, secretArn } from './names.js';

const asm = 'arn:aws:secretsmanager:us-east-1:123456789012:secret';

describe('parseValueFrom', () => {
  it.each([
    [`${asm}:db-AbCdEf`, { kind: 'secret', secretId: `${asm}:db-AbCdEf` }],
    [`${asm}:db`, { kind: 'secret', secretId: `${asm}:db` }],
    [`${asm}:db:password::`, { kind: 'secret', secretId: `${asm}:db`, jsonKey: 'password' }],
    [`${asm}:db:password:AWSPREVIOUS:`, { kind: 'secret', secretId: `${asm}:db`, jsonKey: 'password', versionStage: 'AWSPREVIOUS' }],
    [`${asm}:db:::0a1b`, { kind: 'secret', secretId: `${asm}:db`, versionId: '0a1b' }],
    ['arn:aws:ssm:us-east-1:123456789012:parameter/db/password', { kind: 'parameter', name: '/db/password' }],
    ['arn:aws:ssm:us-east-1:123456789012:parameter/token', { kind: 'parameter', name: '/token' }],
    ['token', { kind: 'parameter', name: 'token' }],
    ['/app/prod/key', { kind: 'parameter', name: '/app/prod/key' }],
  ])('%s', (valueFrom, expected) => {
    expect(parseValueFrom(valueFrom)).toEqual({ ok: expected });
  });

  it.each([
    ['', 'must name a secret or parameter'],
    [`${asm}:db:k:AWSCURRENT:id`, 'gives both a version stage and a version id'],
    [`${asm}:db:a:b:c:d`, 'is not a Secrets Manager ARN'],
    ['arn:aws:s3:::bucket/key', 'neither a Secrets Manager secret ARN nor an SSM parameter ARN'],
    ['has space', 'is not an SSM parameter name'],
  ])('refuses %j', (valueFrom, problem) => {
    const parsed = parseValueFrom(valueFrom);
    expect('problem' in parsed && parsed.problem).toContain(problem);
  });
});

describe('lookups', () => {
  it.each([
    ['/db/password', ['/db/password']],
    ['/token', ['token', '/token']],
    ['token', ['token']],
  ])('parameter %s may be %j', (name, names) => expect(parameterNamesOf(name)).toEqual(names));

  it.each([
    ['arn:aws:ssm:r:1:parameter/token', ['token', '/token']],
    ['arn:aws:ssm:r:1:parameter/db/password', ['/db/password']],
    ['/token', ['/token']],
    [' token ', ['token']],
  ])('a parameter reference %j tries %j', (reference, names) => expect(parameterCandidates(reference)).toEqual(names));

  it.each([
    ['db', { name: 'db' }],
    [`${asm}:db-AbCdEf`, { arn: `${asm}:db-AbCdEf`, name: 'db-AbCdEf' }],
    [`${asm}:db:key::`, { arn: `${asm}:db`, name: 'db' }],
  ])('secret id %s', (id, lookup) => expect(secretLookupOf(id)).toEqual(lookup));
});

describe('pickSecretValue', () => {
  const versions = { current: { versionId: 'v2', value: '{"user":"app","password":"s3cret","port":5432}' }, previous: { versionId: 'v1', value: 'old' } };
  it.each([
    [{}, { ok: versions.current.value }],
    [{ jsonKey: 'password' }, { ok: 's3cret' }],
    [{ jsonKey: 'port' }, { ok: '5432' }],
    [{ versionStage: 'AWSPREVIOUS' }, { ok: 'old' }],
    [{ versionId: 'v1' }, { ok: 'old' }],
    [{ versionId: 'v2', jsonKey: 'user' }, { ok: 'app' }],
  ])('%j', (ref, expected) => expect(pickSecretValue(versions, ref)).toEqual(expected));

  it.each([
    [{ jsonKey: 'missing' }, 'did not contain json key missing'],
    [{ versionStage: 'AWSPENDING' }, 'version stage AWSPENDING'],
    [{ versionId: 'v9' }, 'version id v9'],
  ])('refuses %j', (ref, problem) => {
    const picked = pickSecretValue(versions, ref);
    expect('problem' in picked && picked.problem).toContain(problem);
  });

  it('refuses a JSON key of a value that is not JSON, and a previous stage that does not exist', () => {
    expect(pickSecretValue({ current: { versionId: 'v', value: 'plain' } }, { jsonKey: 'k' })).toMatchObject({ problem: expect.stringContaining('not JSON') });
    expect(pickSecretValue({ current: { versionId: 'v', value: 'plain' } }, { versionStage: 'AWSPREVIOUS' })).toMatchObject({ problem: expect.stringContaining('AWSPREVIOUS') });
  });
});

describe('names and ARNs', () => {
  const scope = { region: 'local', account: '000000000000' };
  it('builds ARNs in AWS shapes', () => {
    expect(secretArn(scope, 'db/main', 'AbCdEf')).toBe('arn:aws:secretsmanager:local:000000000000:secret:db/main-AbCdEf');
    expect(parameterArn(scope, '/db/password')).toBe('arn:aws:ssm:local:000000000000:parameter/db/password');
    expect(parameterArn(scope, 'token')).toBe('arn:aws:ssm:local:000000000000:parameter/token');
    expect(arnSuffix(new Uint8Array([0, 1, 2, 25, 26, 61]))).toBe('ABCZa9');
  });

  it.each([['db'], ['team/db_main+x=y.z@w-1']])('accepts secret name %s', (name) => expect(checkSecretName(name)).toBe(name));
  it.each([
    [undefined, 'Name is required'],
    ['has space', 'not a valid secret name'],
    ['x'.repeat(513), 'not a valid secret name'],
  ])('refuses secret name %j', (name, message) => expect(() => checkSecretName(name)).toThrow(message));

  it.each([['token'], ['/app/prod/key'], ['a.b-c_d']])('accepts parameter name %s', (name) => expect(checkParameterName(name)).toBe(name));
  it.each([
    ['', 'Name is required'],
    ['app/key', "must be fully qualified, starting with '/'"],
    ['/aws/key', 'reserved'],
    ['ssmthing', 'reserved'],
    ['bad name', 'is not valid'],
    [`/${Array.from({ length: 16 }, () => 'a').join('/')}`, 'more than 15 levels'],
  ])('refuses parameter name %j', (name, message) => expect(() => checkParameterName(name)).toThrow(message));
});

describe('registryAuthFromSecret', () => {
  it('reads {"username","password"}', () => expect(registryAuthFromSecret('{"username":"u","password":"p"}')).toEqual({ ok: { username: 'u', password: 'p' } }));
  it.each([['not json'], ['{"username":"u"}'], ['{"username":"","password":"p"}'], ['"text"']])('refuses %j', (value) => {
    expect(registryAuthFromSecret(value)).toHaveProperty('problem');
  });
});
