import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from './testing/backends.js';
import { newInstance, t0 } from './testing/fixtures.js';

describe.each(backends)('store.read and store.transaction on %s', (_kind, start) => {
  let b: TestBackend;
  beforeAll(async () => {
    b = await start();
  });
  afterAll(() => b?.stop());
  beforeEach(() => b.reset());

  it('commits what a transaction wrote when it resolves, and returns its value', async () => {
    const name = await b.store.transaction(async (tx) => (await tx.insertOrReactivateCluster({ name: 'c', arn: 'arn:c', tags: [], now: t0 })).name);
    expect(name).toBe('c');
    expect(await b.store.read.findCluster('c')).toMatchObject({ status: 'ACTIVE' });
  });

  it('keeps nothing of a transaction that throws', async () => {
    const attempt = b.store.transaction(async (tx) => {
      await tx.insertOrReactivateCluster({ name: 'ghost', arn: 'arn:ghost', tags: [], now: t0 });
      await tx.insertContainerInstance(newInstance('ghost'));
      throw new Error('boom');
    });
    await expect(attempt).rejects.toThrow('boom');
    expect(await b.store.read.findCluster('ghost')).toBeUndefined();
  });

  it('refuses store.read inside a transaction (it would wait forever on PGlite and miss the writes on PostgreSQL)', async () => {
    await expect(b.store.transaction(() => b.store.read.findCluster('c'))).rejects.toThrow(/use the transaction/);
    expect(await b.store.read.findCluster('c')).toBeUndefined();
  });

  it('a read inside the transaction sees its own writes', async () => {
    const seen = await b.store.transaction(async (tx) => {
      await tx.insertOrReactivateCluster({ name: 'c', arn: 'arn:c', tags: [], now: t0 });
      return tx.findCluster('c');
    });
    expect(seen?.name).toBe('c');
  });

  it('answers a ping', async () => {
    await expect(b.store.ping()).resolves.toBeUndefined();
  });
});
