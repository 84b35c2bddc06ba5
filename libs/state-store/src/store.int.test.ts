import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest } from './migrate.js';
import { findCluster, findClusterForUpdate, insertOrReactivateCluster } from './repositories/clusters.js';
import { findContainerInstanceById, insertContainerInstance } from './repositories/container-instances.js';
import { backends, type TestBackend } from './testing/backends.js';
import { createCluster, newInstance, t0 } from './testing/fixtures.js';

const tables = async (b: TestBackend) =>
  (
    await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(b.db)
  ).rows.map((r) => r.table_name);

describe.each(backends)('store on %s', (kind, start) => {
  let b: TestBackend;
  beforeAll(async () => {
    b = await start();
  });
  afterAll(() => b?.stop());
  beforeEach(() => b.reset());

  it('opens migrated', async () => {
    expect(b.store.kind).toBe(kind);
    expect(await tables(b)).toEqual(
      expect.arrayContaining(['clusters', 'container_instances', 'instance_attributes', 'kysely_migration']),
    );
    expect(await migrateToLatest(b.db)).toEqual([]);
  });

  it('migrates down step by step and up again', async () => {
    const all = ['0001_clusters_and_instances', '0002_task_definitions_and_tasks', '0003_services', '0004_security', '0005_autoscaling', '0006_secrets', '0007_load_balancing'];
    expect(await migrateDown(b.db)).toEqual(['0007_load_balancing']);
    expect(await tables(b)).not.toContain('target_groups');
    expect(await tables(b)).not.toContain('listeners');
    expect(await tables(b)).toContain('secrets');
    expect(await migrateDown(b.db)).toEqual(['0006_secrets']);
    expect(await tables(b)).not.toContain('secrets');
    expect(await tables(b)).toContain('service_metrics');
    expect(await migrateDown(b.db)).toEqual(['0005_autoscaling']);
    expect(await tables(b)).not.toContain('scalable_targets');
    expect(await tables(b)).not.toContain('service_metrics');
    expect(await tables(b)).toContain('audit_events');
    expect(await migrateDown(b.db)).toEqual(['0004_security']);
    expect(await tables(b)).not.toContain('access_keys');
    expect(await tables(b)).not.toContain('audit_events');
    expect(await migrateDown(b.db)).toEqual(['0003_services']);
    expect(await tables(b)).not.toContain('services');
    expect(await tables(b)).toContain('tasks');
    expect(await migrateDown(b.db)).toEqual(['0002_task_definitions_and_tasks']);
    expect(await tables(b)).not.toContain('tasks');
    expect(await migrateDown(b.db)).toEqual(['0001_clusters_and_instances']);
    expect(await tables(b)).not.toContain('clusters');
    expect(await migrateToLatest(b.db)).toEqual(all);
    expect(await tables(b)).toEqual(
      expect.arrayContaining(['clusters', 'container_instances', 'instance_attributes', 'task_definitions', 'tasks', 'run_task_tokens', 'services', 'deployments', 'service_events', 'access_keys', 'join_tokens', 'audit_events', 'scalable_targets', 'scaling_policies', 'scheduled_actions', 'scaling_activities', 'service_metrics']),
    );
  });

  it('keeps data across close and reopen', async () => {
    await createCluster(b.db, 'kept');
    await b.db.transaction().execute((trx) => insertContainerInstance(trx, newInstance('kept', { id: 'a'.repeat(32) })));
    await b.reopen();
    expect((await findCluster(b.db, 'kept'))?.createdAt).toEqual(t0);
    expect((await findContainerInstanceById(b.db, 'a'.repeat(32)))?.clusterName).toBe('kept');
  });

  it('writes nothing from a transaction that throws', async () => {
    const attempt = b.db.transaction().execute(async (trx) => {
      await insertOrReactivateCluster(trx, { name: 'ghost', arn: 'arn:ghost', tags: [], now: t0 });
      await insertContainerInstance(trx, newInstance('ghost'));
      throw new Error('boom');
    });
    await expect(attempt).rejects.toThrow('boom');
    expect(await findCluster(b.db, 'ghost')).toBeUndefined();
    expect(await b.db.selectFrom('container_instances').select('id').execute()).toEqual([]);
  });

  it('rolls back a failed statement without poisoning later work', async () => {
    await createCluster(b.db, 'dup');
    const attempt = b.db.transaction().execute(async (trx) => {
      await trx.insertInto('clusters').values({ name: 'dup', arn: 'x', status: 'ACTIVE', tags: '[]', created_at: t0, updated_at: t0 }).execute();
    });
    await expect(attempt).rejects.toMatchObject({ code: '23505' });
    expect((await findCluster(b.db, 'dup'))?.arn).not.toBe('x');
  });

  it('serializes transactions that lock the same row', async () => {
    await createCluster(b.db, 'busy');
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        b.db.transaction().execute(async (trx) => {
          const cluster = await findClusterForUpdate(trx, 'busy');
          const tags = [...cluster!.tags, { key: `k${i}`, value: 'v' }];
          await trx.updateTable('clusters').set({ tags: JSON.stringify(tags) }).where('name', '=', 'busy').execute();
        }),
      ),
    );
    expect((await findCluster(b.db, 'busy'))?.tags).toHaveLength(5);
  });

  it('rolls back to a savepoint', async () => {
    const trx = await b.db.startTransaction().execute();
    await insertOrReactivateCluster(trx, { name: 'kept', arn: 'arn:kept', tags: [], now: t0 });
    const sp = await trx.savepoint('before_ghost').execute();
    await insertOrReactivateCluster(sp, { name: 'ghost', arn: 'arn:ghost', tags: [], now: t0 });
    const back = await sp.rollbackToSavepoint('before_ghost').execute();
    await back.commit().execute();
    expect(await findCluster(b.db, 'kept')).toBeDefined();
    expect(await findCluster(b.db, 'ghost')).toBeUndefined();
  });

  it('reads bigint columns as numbers', async () => {
    await createCluster(b.db, 'c');
    const inst = await b.db.transaction().execute((trx) => insertContainerInstance(trx, newInstance('c')));
    expect(inst.version).toBe(1);
    expect(inst.lastReportSequence).toBe(0);
    const { rows } = await sql<{ n: unknown }>`select count(*) as n from clusters`.execute(b.db);
    expect(rows[0]?.n).toBe(1);
  });
});
