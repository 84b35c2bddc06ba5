import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { startThrowawayPostgres } from '@berth/test-support';
import { openDatabase, type Store } from '../open-store.js';
import type { Database } from '../schema.js';

/**
 * One backend for one test file: integration suites run `describe.each(backends)` so every
 * repository (and every application function above the store) is proven on PostgreSQL and PGlite
 * alike. Start it in `beforeAll` — cold starts take seconds — and `reset()` between tests.
 */
export interface StoreBackend {
  readonly store: Store;
  /** Closes the store and opens it again on the same database (or PGlite directory). */
  reopen(): Promise<void>;
  /** Empties every table. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** The same, with the kysely handle: for this library's repository tests. */
export interface TestBackend extends StoreBackend {
  readonly db: Kysely<Database>;
}

type Kind = Store['kind'];

export const backends: [Kind, () => Promise<TestBackend>][] = [
  ['postgres', startPostgresBackend],
  ['pglite', startPgliteBackend],
];

async function startPostgresBackend(): Promise<TestBackend> {
  const server = await startThrowawayPostgres();
  return backend(() => openDatabase({ databaseUrl: server.url }), () => server.stop());
}

async function startPgliteBackend(): Promise<TestBackend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'berth-pglite-'));
  return backend(
    () => openDatabase({ dataDir }),
    () => rm(dataDir, { recursive: true, force: true }),
  );
}

async function backend(open: () => Promise<{ store: Store; db: Kysely<Database> }>, cleanUp: () => Promise<void>): Promise<TestBackend> {
  let { store, db } = await open();
  return {
    get store() {
      return store;
    },
    get db() {
      return db;
    },
    async reopen() {
      await store.close();
      ({ store, db } = await open());
    },
    async reset() {
      await sql`truncate listeners, load_balancers, target_groups, secrets, service_metrics, scaling_activities, scheduled_actions, scaling_policies, scalable_targets, audit_events, join_tokens, access_keys, service_events, deployments, services, run_task_tokens, tasks, task_definitions, task_definition_families, instance_attributes, container_instances, clusters`.execute(db);
    },
    async stop() {
      try {
        await store.close();
      } finally {
        await cleanUp();
      }
    },
  };
}
