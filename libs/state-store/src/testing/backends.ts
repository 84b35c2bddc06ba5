import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { startThrowawayPostgres } from '@berth/test-support';
import { openStore, type Store } from '../open-store.js';
import type { Database } from '../schema.js';

/**
 * One backend for one test file: integration suites run `describe.each(backends)` so every
 * repository is proven on PostgreSQL and PGlite alike. Start it in `beforeAll` — cold starts take
 * seconds — and `reset()` between tests.
 */
export interface TestBackend {
  readonly store: Store;
  readonly db: Kysely<Database>;
  /** Closes the store and opens it again on the same database (or PGlite directory). */
  reopen(): Promise<void>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

type Kind = Store['kind'];

export const backends: [Kind, () => Promise<TestBackend>][] = [
  ['postgres', startPostgresBackend],
  ['pglite', startPgliteBackend],
];

async function startPostgresBackend(): Promise<TestBackend> {
  const server = await startThrowawayPostgres();
  return backend(() => openStore({ databaseUrl: server.url }), () => server.stop());
}

async function startPgliteBackend(): Promise<TestBackend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'berth-pglite-'));
  return backend(
    () => openStore({ dataDir }),
    () => rm(dataDir, { recursive: true, force: true }),
  );
}

async function backend(open: () => Promise<Store>, cleanUp: () => Promise<void>): Promise<TestBackend> {
  let store = await open();
  return {
    get store() {
      return store;
    },
    get db() {
      return store.db;
    },
    async reopen() {
      await store.close();
      store = await open();
    },
    async reset() {
      await sql`truncate service_events, deployments, services, run_task_tokens, tasks, task_definitions, task_definition_families, instance_attributes, container_instances, clusters`.execute(store.db);
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
