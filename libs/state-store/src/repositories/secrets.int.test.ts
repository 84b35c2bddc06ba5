import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Transaction } from 'kysely';
import type { StoredSecret } from '@berth/domain';
import type { Database } from '../schema.js';
import { backends, type TestBackend } from '../testing/backends.js';
import { at, t0 } from '../testing/fixtures.js';
import { deleteSecret, deleteSecretsScheduledBefore, findSecretForUpdate, findSecrets, listSecrets, saveSecret } from './secrets.js';

const secret = (name: string, overrides: Partial<StoredSecret> = {}): StoredSecret => ({
  kind: 'secret',
  name,
  arn: `arn:aws:secretsmanager:local:000000000000:secret:${name}-AbCdEf`,
  description: '',
  current: { versionId: `v1-${name}`, sealedValue: `sealed-${name}`, createdAt: t0 },
  version: 1,
  tags: [],
  createdAt: t0,
  changedAt: t0,
  ...overrides,
});

const parameter = (name: string, overrides: Partial<StoredSecret> = {}): StoredSecret => ({
  ...secret(name),
  kind: 'parameter',
  arn: `arn:aws:ssm:local:000000000000:parameter/${name.replace(/^\//, '')}`,
  parameterType: 'SecureString',
  ...overrides,
});

describe.each(backends)('secret repositories on %s', (_kind, start) => {
  let b: TestBackend;
  beforeAll(async () => {
    b = await start();
  });
  afterAll(() => b?.stop());
  beforeEach(() => b.reset());

  const tx = <T>(fn: (trx: Transaction<Database>) => Promise<T>) => b.db.transaction().execute(fn);

  it('stores every field and reads it back; a second save replaces the first', async () => {
    const full = secret('db', {
      description: 'the database',
      previous: { versionId: 'v0', sealedValue: 'sealed-old', createdAt: at(-60) },
      version: 2,
      tags: [{ key: 'team', value: 'web' }],
      changedAt: at(10),
      deletionDate: at(86_400),
    });
    await tx((trx) => saveSecret(trx, secret('db')));
    await tx((trx) => saveSecret(trx, full));
    expect(await findSecrets(b.db, 'secret', { names: ['db'] })).toEqual([full]);
    expect(await tx((trx) => findSecretForUpdate(trx, 'secret', 'db'))).toEqual(full);
    expect(await tx((trx) => findSecretForUpdate(trx, 'secret', 'none'))).toBeUndefined();
  });

  it('keeps secrets and parameters apart though they share a name, and finds them by name or ARN in one call', async () => {
    await tx(async (trx) => {
      await saveSecret(trx, secret('shared'));
      await saveSecret(trx, parameter('shared'));
      await saveSecret(trx, secret('other'));
      await saveSecret(trx, parameter('/app/key', { parameterType: 'String' }));
    });
    expect((await findSecrets(b.db, 'parameter', { names: ['shared', '/app/key', 'missing'] })).map((s) => [s.name, s.parameterType]).sort()).toEqual([
      ['/app/key', 'String'],
      ['shared', 'SecureString'],
    ]);
    const byArn = await findSecrets(b.db, 'secret', { arns: [secret('other').arn], names: ['shared'] });
    expect(byArn.map((s) => s.name).sort()).toEqual(['other', 'shared']);
    expect(await findSecrets(b.db, 'secret', {})).toEqual([]);
  });

  it('refuses two of one kind with the same ARN, and leaves the first as it was', async () => {
    await tx((trx) => saveSecret(trx, secret('a')));
    await expect(tx((trx) => saveSecret(trx, secret('b', { arn: secret('a').arn })))).rejects.toThrow();
    expect((await findSecrets(b.db, 'secret', { arns: [secret('a').arn] })).map((s) => s.name)).toEqual(['a']);
  });

  it('lists by name in pages, without those scheduled for deletion unless asked', async () => {
    await tx(async (trx) => {
      for (const name of ['c', 'a', 'b']) await saveSecret(trx, secret(name));
      await saveSecret(trx, secret('d', { deletionDate: at(60) }));
      await saveSecret(trx, parameter('p'));
    });
    expect((await listSecrets(b.db, 'secret', { limit: 2 })).map((s) => s.name)).toEqual(['a', 'b']);
    expect((await listSecrets(b.db, 'secret', { limit: 10, afterName: 'b' })).map((s) => s.name)).toEqual(['c']);
    expect((await listSecrets(b.db, 'secret', { limit: 10, includeScheduledForDeletion: true })).map((s) => s.name)).toEqual(['a', 'b', 'c', 'd']);
    expect((await listSecrets(b.db, 'parameter', { limit: 10 })).map((s) => s.name)).toEqual(['p']);
  });

  it('deletes one, and purges the secrets whose recovery window has ended', async () => {
    await tx(async (trx) => {
      await saveSecret(trx, secret('due', { deletionDate: at(10) }));
      await saveSecret(trx, secret('later', { deletionDate: at(100) }));
      await saveSecret(trx, secret('kept'));
      await saveSecret(trx, parameter('p'));
    });
    expect(await deleteSecretsScheduledBefore(b.db, at(50))).toBe(1);
    expect(await tx((trx) => deleteSecret(trx, 'parameter', 'p'))).toBe(true);
    expect(await tx((trx) => deleteSecret(trx, 'parameter', 'p'))).toBe(false);
    expect((await listSecrets(b.db, 'secret', { limit: 10, includeScheduledForDeletion: true })).map((s) => s.name)).toEqual(['kept', 'later']);
    expect(await listSecrets(b.db, 'parameter', { limit: 10 })).toEqual([]);
  });
});
