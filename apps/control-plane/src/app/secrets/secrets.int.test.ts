import { beforeEach, describe, expect, it } from 'vitest';
import { storeBackends, type StoreBackend } from '@berth/state-store/testing';
import type { Caller } from '../caller.js';
import { desiredTasksFor } from '../agents/desired-tasks.js';
import { refusal, useAppHarness, type AppHarness } from '../testing/app-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON, checked by the assertions
const caller = (role: Caller['role'], clusters?: string[]): Caller => ({ name: `AKIA${role}`, role, ...(clusters ? { clusters } : {}), launchRate: { burst: 10, perSecond: 10 } });

describe.each(storeBackends)('the secret store on %s', (_kind, start) => {
  const current = useAppHarness(start);
  let h: AppHarness;
  let backend: StoreBackend;
  beforeEach(() => {
    ({ h, backend } = current);
  });

  it('keeps a current and a previous value, sealed in the store, and pages ListSecrets', async () => {
    const created = (await h.call('CreateSecret', { name: 'db', secretString: 'one', tags: [{ key: 'team', value: 'web' }] })) as Json;
    const second = (await h.call('PutSecretValue', { secretId: created.arn, secretString: 'two' })) as Json;
    await h.call('PutSecretValue', { secretId: 'db', secretString: 'three' });
    const stored = (await backend.store.read.findSecrets('secret', { names: ['db'] }))[0]!;
    expect(JSON.stringify(stored)).not.toMatch(/"(one|two|three)"/);
    expect(((await h.call('GetSecretValue', { secretId: 'db' })) as Json).secretString).toBe('three');
    expect(((await h.call('GetSecretValue', { secretId: 'db', versionStage: 'AWSPREVIOUS' })) as Json).secretString).toBe('two');
    expect(((await h.call('GetSecretValue', { secretId: 'db', versionId: second.versionId })) as Json).secretString).toBe('two');
    expect(await refusal(h.call('GetSecretValue', { secretId: 'db', versionId: created.versionId }))).toMatchObject({ name: 'ResourceNotFoundException' });

    for (const name of ['b', 'c']) await h.call('CreateSecret', { name, secretString: 'x' });
    const first = (await h.call('ListSecrets', { maxResults: 2 })) as Json;
    expect(first.secretList.map((s: Json) => s.name)).toEqual(['b', 'c']);
    expect(((await h.call('ListSecrets', { nextToken: first.nextToken })) as Json).secretList.map((s: Json) => s.name)).toEqual(['db']);
  });

  it('schedules a deletion, refuses the value meanwhile, restores, and force-deletes', async () => {
    await h.call('CreateSecret', { name: 'db', secretString: 'v' });
    const deleted = (await h.call('DeleteSecret', { secretId: 'db', recoveryWindowInDays: 7 })) as Json;
    expect(deleted.deletionDate).toBe(h.app.now().getTime() / 1000 + 7 * 86_400);
    expect(await refusal(h.call('GetSecretValue', { secretId: 'db' }))).toMatchObject({ name: 'InvalidRequestException' });
    expect(await refusal(h.call('CreateSecret', { name: 'db', secretString: 'v' }))).toMatchObject({ name: 'InvalidRequestException' });
    expect(((await h.call('ListSecrets', {})) as Json).secretList).toEqual([]);
    await h.call('RestoreSecret', { secretId: 'db' });
    expect(((await h.call('GetSecretValue', { secretId: 'db' })) as Json).secretString).toBe('v');
    await h.call('DeleteSecret', { secretId: 'db', forceDeleteWithoutRecovery: true });
    expect(await refusal(h.call('DescribeSecret', { secretId: 'db' }))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it.each<[string, object, string]>([
    ['no value', { name: 'x' }, 'SecretString is required'],
    ['a binary value', { name: 'x', secretBinary: 'AAAA' }, 'SecretBinary is not supported'],
    ['too large a value', { name: 'x', secretString: 'v'.repeat(65_537) }, 'at most 65536 bytes'],
    ['a short token', { name: 'x', secretString: 'v', clientRequestToken: 'short' }, 'ClientRequestToken must be 32 to 64'],
  ])('refuses CreateSecret with %s, storing nothing', async (_case, request, message) => {
    expect((await refusal(h.call('CreateSecret', request))).message).toContain(message);
    expect(await backend.store.read.listSecrets('secret', { limit: 10, includeScheduledForDeletion: true })).toEqual([]);
  });

  it('versions parameters, opens a SecureString only with decryption, and refuses bad ones', async () => {
    await h.call('PutParameter', { name: '/app/key', value: 'v1', type: 'SecureString' });
    expect(((await h.call('PutParameter', { name: '/app/key', value: 'v2', overwrite: true })) as Json).version).toBe(2);
    const sealed = ((await h.call('GetParameter', { name: '/app/key' })) as Json).parameter;
    expect(sealed).toMatchObject({ type: 'SecureString', version: 2 });
    expect(sealed.value).not.toBe('v2');
    expect(((await h.call('GetParameter', { name: 'arn:aws:ssm:local:000000000000:parameter/app/key', withDecryption: true })) as Json).parameter.value).toBe('v2');
    expect(await refusal(h.call('PutParameter', { name: '/app/key', value: 'v3' }))).toMatchObject({ name: 'ParameterAlreadyExists' });
    expect(await refusal(h.call('PutParameter', { name: '/x', value: 'abc', allowedPattern: '^[0-9]+$' }))).toMatchObject({ name: 'ValidationException' });
    expect(await refusal(h.call('PutParameter', { name: '/x', value: 'v', type: 'Secret' }))).toMatchObject({ name: 'ValidationException', message: expect.stringContaining("got 'Secret'") });
    expect(await refusal(h.call('GetParameters', { names: Array.from({ length: 11 }, (_, i) => `/p${i}`) }))).toMatchObject({ name: 'ValidationException' });
    await h.call('DeleteParameter', { name: '/app/key' });
    expect(await refusal(h.call('DeleteParameter', { name: '/app/key' }))).toMatchObject({ name: 'ParameterNotFound' });
  });

  it('lets read-only callers describe but not read values, and no cluster-limited credential change or read them', async () => {
    await h.call('CreateSecret', { name: 'db', secretString: 'v' });
    expect(await h.call('DescribeSecret', { secretId: 'db' }, caller('read-only'))).toMatchObject({ name: 'db' });
    expect(await refusal(h.call('GetSecretValue', { secretId: 'db' }, caller('read-only')))).toMatchObject({ name: 'AccessDeniedException' });
    expect(await refusal(h.call('GetSecretValue', { secretId: 'db' }, caller('operator', ['c'])))).toMatchObject({ name: 'AccessDeniedException' });
    expect(await refusal(h.call('PutParameter', { name: 'p', value: 'v' }, caller('operator', ['c'])))).toMatchObject({ name: 'AccessDeniedException' });
  });

  it('resolves a starting task’s secrets into its desired set, and gives a missing one as the reason it fails', async () => {
    const host = await h.addInstance('c');
    await h.call('CreateSecret', { name: 'db', secretString: JSON.stringify({ password: 'pw' }) });
    await h.call('PutParameter', { name: 'token', value: 't', type: 'SecureString' });
    await h.call('CreateSecret', { name: 'hub', secretString: JSON.stringify({ username: 'u', password: 'p' }) });
    const container = (secrets: object[], more: object = {}) => ({ name: 'web', image: 'web', memory: 64, secrets, ...more });
    await h.call('RegisterTaskDefinition', {
      family: 'ok',
      containerDefinitions: [
        container(
          [
            { name: 'PW', valueFrom: 'arn:aws:secretsmanager:local:000000000000:secret:db:password::' },
            { name: 'TOKEN', valueFrom: 'token' },
            // An ARN's path drops the name's leading slash: `parameter/token` may name `token`.
            { name: 'BY_ARN', valueFrom: 'arn:aws:ssm:local:000000000000:parameter/token' },
          ],
          {
            repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:local:000000000000:secret:hub' },
          },
        ),
      ],
    });
    await h.call('RegisterTaskDefinition', { family: 'bad', containerDefinitions: [container([{ name: 'X', valueFrom: '/nowhere' }])] });
    await h.call('RunTask', { cluster: 'c', taskDefinition: 'ok' });
    await h.call('RunTask', { cluster: 'c', taskDefinition: 'bad' });
    const set = await desiredTasksFor(h.app, host.id);
    const byFamily = new Map(set.tasks.map((t) => [t.definition.family, t.secrets]));
    expect(byFamily.get('ok')).toEqual({
      environment: new Map([['web', [{ name: 'PW', value: 'pw' }, { name: 'TOKEN', value: 't' }, { name: 'BY_ARN', value: 't' }]]]),
      registryAuth: new Map([['web', { username: 'u', password: 'p' }]]),
    });
    expect(byFamily.get('bad')?.startError).toBe('ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: invalid parameters: /nowhere');
  });
});
