import type { Transaction } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../schema.js';
import { backends, type TestBackend } from '../testing/backends.js';
import { at, createCluster, newInstance } from '../testing/fixtures.js';
import { deregisterContainerInstance, findContainerInstanceById, insertContainerInstance } from './container-instances.js';
import { deleteCustomAttributes, listAttributes, putCustomAttributes, replaceAgentAttributes } from './instance-attributes.js';

describe.each(backends)('instance attributes on %s', (_kind, start) => {
  let b: TestBackend;
  beforeAll(async () => {
    b = await start();
  });
  afterAll(() => b?.stop());
  beforeEach(async () => {
    await b.reset();
    await createCluster(b.db, 'web');
    await createCluster(b.db, 'batch');
  });

  const inTrx = <T>(fn: (trx: Transaction<Database>) => Promise<T>) => b.db.transaction().execute(fn);
  const insert = (cluster: string, id: string) =>
    inTrx((trx) => insertContainerInstance(trx, newInstance(cluster, { id, agentAttributes: [{ name: 'ecs.os-type', value: 'linux' }] })));
  const attrs = async (id: string) => {
    const i = await findContainerInstanceById(b.db, id);
    return { agent: i?.agentAttributes, custom: i?.customAttributes };
  };
  const A = 'a'.repeat(32);
  const B = 'b'.repeat(32);
  const C = 'c'.repeat(32);

  it('puts custom attributes, overwriting by name', async () => {
    await insert('web', A);
    await inTrx((trx) => putCustomAttributes(trx, A, [{ name: 'stack', value: 'dev' }, { name: 'gpu' }]));
    await inTrx((trx) => putCustomAttributes(trx, A, [{ name: 'stack', value: 'prod' }, { name: 'stack', value: 'prod2' }]));
    expect(await attrs(A)).toEqual({
      agent: [{ name: 'ecs.os-type', value: 'linux' }],
      custom: [{ name: 'gpu' }, { name: 'stack', value: 'prod2' }],
    });
    await inTrx((trx) => putCustomAttributes(trx, A, []));
  });

  it('deletes custom attributes only', async () => {
    await insert('web', A);
    await inTrx((trx) => putCustomAttributes(trx, A, [{ name: 'stack', value: 'dev' }, { name: 'gpu' }]));
    const deleted = await inTrx((trx) => deleteCustomAttributes(trx, A, ['stack', 'ecs.os-type', 'missing']));
    expect(deleted).toEqual(['stack']);
    expect(await attrs(A)).toEqual({ agent: [{ name: 'ecs.os-type', value: 'linux' }], custom: [{ name: 'gpu' }] });
    expect(await inTrx((trx) => deleteCustomAttributes(trx, A, []))).toEqual([]);
  });

  it('replaces the agent attributes and keeps custom ones', async () => {
    await insert('web', A);
    await inTrx((trx) => putCustomAttributes(trx, A, [{ name: 'stack', value: 'dev' }]));
    await inTrx((trx) => replaceAgentAttributes(trx, A, [{ name: 'ecs.os-family', value: 'LINUX' }, { name: 'ecs.capability.x' }]));
    expect(await attrs(A)).toEqual({
      agent: [{ name: 'ecs.capability.x' }, { name: 'ecs.os-family', value: 'LINUX' }],
      custom: [{ name: 'stack', value: 'dev' }],
    });
    await inTrx((trx) => replaceAgentAttributes(trx, A, []));
    expect(await attrs(A)).toEqual({ agent: [], custom: [{ name: 'stack', value: 'dev' }] });
  });

  it('goes with its instance when the row is deleted', async () => {
    await insert('web', A);
    await b.db.deleteFrom('container_instances').where('id', '=', A).execute();
    expect(await b.db.selectFrom('instance_attributes').selectAll().execute()).toEqual([]);
  });

  it('lists agent and custom attributes of live instances, filtered and paged', async () => {
    await insert('web', B);
    await insert('web', A);
    await insert('web', C);
    await insert('batch', 'd'.repeat(32));
    await inTrx(async (trx) => {
      await putCustomAttributes(trx, A, [{ name: 'stack', value: 'prod' }, { name: 'gpu' }]);
      await putCustomAttributes(trx, B, [{ name: 'stack', value: 'dev' }]);
      await putCustomAttributes(trx, C, [{ name: 'stack', value: 'prod' }]);
      await deregisterContainerInstance(trx, C, at(1));
    });
    const list = async (q: Partial<Parameters<typeof listAttributes>[1]>) =>
      (await listAttributes(b.db, { clusterName: 'web', limit: 100, ...q })).map((r) => [r.instanceId[0], r.name, r.value]);

    expect(await list({})).toEqual([
      ['a', 'ecs.os-type', 'linux'],
      ['a', 'gpu', undefined],
      ['a', 'stack', 'prod'],
      ['b', 'ecs.os-type', 'linux'],
      ['b', 'stack', 'dev'],
    ]);
    expect(await list({ name: 'stack' })).toEqual([
      ['a', 'stack', 'prod'],
      ['b', 'stack', 'dev'],
    ]);
    expect(await list({ name: 'stack', value: 'prod' })).toEqual([['a', 'stack', 'prod']]);
    expect(await list({ limit: 2 })).toEqual([
      ['a', 'ecs.os-type', 'linux'],
      ['a', 'gpu', undefined],
    ]);
    expect(await list({ limit: 2, afterKey: { instanceId: A, name: 'gpu' } })).toEqual([
      ['a', 'stack', 'prod'],
      ['b', 'ecs.os-type', 'linux'],
    ]);
    const [first] = await listAttributes(b.db, { clusterName: 'web', limit: 1 });
    expect(first).toEqual({ instanceId: A, instanceArn: newInstance('web', { id: A }).arn, name: 'ecs.os-type', value: 'linux' });
    expect('value' in (await listAttributes(b.db, { clusterName: 'web', limit: 1, name: 'gpu' }))[0]!).toBe(false);
  });
});
