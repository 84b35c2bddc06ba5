import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../testing/backends.js';
import { at, createCluster, t0 } from '../testing/fixtures.js';

describe.each(backends)('RunTask client tokens on %s', (_kind, start) => {
  let b: TestBackend;
  beforeAll(async () => {
    b = await start();
  });
  afterAll(() => b?.stop());
  beforeEach(async () => {
    await b.reset();
    await createCluster(b.db, 'c');
    await createCluster(b.db, 'd');
  });

  const response = { taskArns: ['arn:t1'], failures: [{ arn: 'arn:i', reason: 'RESOURCE:MEMORY', detail: 'x' }] };
  const save = (clusterName: string, token: string, now = t0, requestHash = 'h1') =>
    b.store.transaction((tx) => tx.saveRunTaskToken({ clusterName, token, requestHash, response, now }));

  it('keeps the first answer to a token per cluster, while it is young enough', async () => {
    await save('c', 'tok');
    expect(await b.store.read.findRunTaskToken('c', 'tok', at(-1))).toEqual({ requestHash: 'h1', response });
    expect(await b.store.read.findRunTaskToken('d', 'tok', at(-1))).toBeUndefined();
    expect(await b.store.read.findRunTaskToken('c', 'tok', at(1))).toBeUndefined();
  });

  it('saving a token again replaces it (the previous one expired)', async () => {
    await save('c', 'tok');
    await save('c', 'tok', at(100), 'h2');
    expect((await b.store.read.findRunTaskToken('c', 'tok', at(50)))!.requestHash).toBe('h2');
  });

  it('forgets tokens older than the cut-off', async () => {
    await save('c', 'old', at(-100));
    await save('c', 'new', at(0));
    await b.store.read.deleteRunTaskTokensBefore(at(-10));
    expect(await b.store.read.findRunTaskToken('c', 'old', at(-1000))).toBeUndefined();
    expect(await b.store.read.findRunTaskToken('c', 'new', at(-1000))).toBeDefined();
  });
});
