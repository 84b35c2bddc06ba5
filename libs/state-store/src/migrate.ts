import { Migrator, type Kysely, type MigrationProvider, type MigrationResultSet } from 'kysely';
import { migrations } from './migrations/index.js';

const provider: MigrationProvider = { getMigrations: () => Promise.resolve({ ...migrations }) };

// Migrator takes Kysely<any>: it only touches its own bookkeeping tables.
function migrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({ db, provider });
}

function unwrap(direction: string, { error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Migrating ${direction} failed${failed ? ` in ${failed}` : ''}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}

/**
 * Applies every migration not yet applied, in one transaction under kysely's migration lock, so
 * control-plane replicas starting together migrate once. Returns the names applied.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  return unwrap('to latest', await migrator(db).migrateToLatest());
}

/** Reverts the newest applied migration (tests and manual rollbacks). Returns its name, if any. */
export async function migrateDown<DB>(db: Kysely<DB>): Promise<string[]> {
  return unwrap('down', await migrator(db).migrateDown());
}
