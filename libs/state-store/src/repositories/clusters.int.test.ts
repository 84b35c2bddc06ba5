import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../testing/backends.js';
import { at, createCluster, newInstance, t0 } from '../testing/fixtures.js';
import {
  describeClusterCounts,
  findCluster,
  findClusterForUpdate,
  insertOrReactivateCluster,
  listClusters,
  markClusterInactive,
} from './clusters.js';
import { insertContainerInstance } from './container-instances.js';

describe.each(backends)('clusters on %s', (_kind, start) => {
  let b: TestBackend;
  beforeAll(async () => {
    b = await start();
  });
  afterAll(() => b?.stop());
  beforeEach(() => b.reset());

  const create = (name: string, tags: { key: string; value: string }[], now: Date) =>
    b.db.transaction().execute((trx) => insertOrReactivateCluster(trx, { name, arn: `arn:${name}`, tags, now }));

  it('creates a cluster', async () => {
    const created = await create('web', [{ key: 'team', value: 'a' }], t0);
    expect(created).toEqual({ name: 'web', arn: 'arn:web', status: 'ACTIVE', createdAt: t0, tags: [{ key: 'team', value: 'a' }], settings: [] });
    expect(await findCluster(b.db, 'web')).toEqual(created);
    expect(await findCluster(b.db, 'nope')).toBeUndefined();
  });

  it('returns an ACTIVE cluster unchanged when created again', async () => {
    const first = await create('web', [{ key: 'team', value: 'a' }], t0);
    const again = await create('web', [{ key: 'team', value: 'b' }], at(60));
    expect(again).toEqual(first);
  });

  it('reactivates an INACTIVE cluster as a fresh one', async () => {
    await create('web', [{ key: 'team', value: 'a' }], t0);
    const deleted = await b.db.transaction().execute((trx) => markClusterInactive(trx, 'web', at(10)));
    expect(deleted?.status).toBe('INACTIVE');
    expect((await findCluster(b.db, 'web'))?.status).toBe('INACTIVE');

    const again = await create('web', [{ key: 'team', value: 'b' }], at(60));
    expect(again).toEqual({ name: 'web', arn: 'arn:web', status: 'ACTIVE', createdAt: at(60), tags: [{ key: 'team', value: 'b' }], settings: [] });
  });

  it('marks nothing inactive for an unknown name', async () => {
    expect(await b.db.transaction().execute((trx) => markClusterInactive(trx, 'nope', t0))).toBeUndefined();
  });

  it('finds a cluster for update inside a transaction', async () => {
    await create('web', [], t0);
    const locked = await b.db.transaction().execute((trx) => findClusterForUpdate(trx, 'web'));
    expect(locked?.name).toBe('web');
    expect(await b.db.transaction().execute((trx) => findClusterForUpdate(trx, 'nope'))).toBeUndefined();
  });

  it('lists by name, pages with afterName and filters ACTIVE', async () => {
    for (const name of ['charlie', 'alpha', 'delta', 'bravo']) await create(name, [], t0);
    await b.db.transaction().execute((trx) => markClusterInactive(trx, 'delta', t0));
    const names = async (q: Parameters<typeof listClusters>[1]) => (await listClusters(b.db, q)).map((c) => c.name);

    expect(await names({ limit: 10 })).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
    expect(await names({ limit: 2 })).toEqual(['alpha', 'bravo']);
    expect(await names({ limit: 2, afterName: 'bravo' })).toEqual(['charlie', 'delta']);
    expect(await names({ limit: 2, afterName: 'delta' })).toEqual([]);
    expect(await names({ limit: 10, status: 'ACTIVE' })).toEqual(['alpha', 'bravo', 'charlie']);
    expect(await names({ limit: 10, status: 'ACTIVE', afterName: 'alpha' })).toEqual(['bravo', 'charlie']);
    expect(await names({ limit: 1, names: ['delta', 'charlie', 'nope'] })).toEqual(['charlie']);
    expect(await names({ limit: 10, names: ['delta', 'charlie'], afterName: 'charlie' })).toEqual(['delta']);
    expect(await names({ limit: 10, names: [] })).toEqual([]);
  });

  it('counts live instances and their tasks per cluster', async () => {
    await createCluster(b.db, 'busy');
    await createCluster(b.db, 'idle');
    const ids = await b.db.transaction().execute(async (trx) => {
      const active = await insertContainerInstance(trx, newInstance('busy'));
      const draining = await insertContainerInstance(trx, newInstance('busy'));
      const gone = await insertContainerInstance(trx, newInstance('busy'));
      return { active: active.id, draining: draining.id, gone: gone.id };
    });
    const set = (id: string, values: { status?: 'DRAINING' | 'INACTIVE'; running: number; pending: number }) =>
      b.db
        .updateTable('container_instances')
        .set({ ...(values.status ? { status: values.status } : {}), running_tasks_count: values.running, pending_tasks_count: values.pending })
        .where('id', '=', id)
        .execute();
    await set(ids.active, { running: 2, pending: 1 });
    await set(ids.draining, { status: 'DRAINING', running: 1, pending: 0 });
    await set(ids.gone, { status: 'INACTIVE', running: 5, pending: 5 });

    const counts = await describeClusterCounts(b.db, ['busy', 'idle', 'missing']);
    expect(Object.fromEntries(counts)).toEqual({
      busy: { registeredContainerInstancesCount: 2, runningTasksCount: 3, pendingTasksCount: 1, activeServicesCount: 0 },
      idle: { registeredContainerInstancesCount: 0, runningTasksCount: 0, pendingTasksCount: 0, activeServicesCount: 0 },
      missing: { registeredContainerInstancesCount: 0, runningTasksCount: 0, pendingTasksCount: 0, activeServicesCount: 0 },
    });
    expect((await describeClusterCounts(b.db, [])).size).toBe(0);
  });
});
