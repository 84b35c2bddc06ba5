import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Kysely, PostgresDialect, sql, type Dialect } from 'kysely';
import pg from 'pg';
import { storeAccess, type StoreAccess } from './access.js';
import { PGliteDialect } from './dialect/pglite.js';
import { migrateToLatest } from './migrate.js';
import { localLeadership, postgresLeadership, type Leadership } from './leadership.js';
import { localNotifier, postgresNotifier, type Notifier } from './notifier.js';
import type { Database } from './schema.js';

const CONNECT_TIMEOUT_MS = 5_000;
const QUERY_TIMEOUT_MS = 30_000;

/** PostgreSQL type oid of int8/bigint (also what count(*) and sum(int) return). */
const INT8_OID = 20;

export interface OpenStoreOptions {
  /** A PostgreSQL connection string. Without one, the store runs on embedded PGlite. */
  readonly databaseUrl?: string;
  /** Where PGlite keeps its files (ignored with `databaseUrl`). Default `.berth/data`. */
  readonly dataDir?: string;
  /** Where to say which backend opened and what was migrated; silent by default. */
  readonly log?: (message: string) => void;
}

/** An open, migrated database. The control plane holds one for its lifetime. */
export interface Store extends StoreAccess {
  readonly kind: 'postgres' | 'pglite';
  /** Change notifications between control-plane processes sharing this store. */
  readonly notifier: Notifier;
  /** Which background work this process leads (advisory locks on PostgreSQL; everything on PGlite). */
  readonly leadership: Leadership;
  /** Resolves when the database answers a trivial query (readiness). */
  ping(): Promise<void>;
  /** Ends the pool (or closes PGlite, flushing it to disk). */
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = '.berth/data';

/**
 * Opens the store and migrates it to the latest schema. PostgreSQL when given a URL — the shape
 * for production and for more than one control-plane replica — otherwise PGlite in `dataDir`, so
 * one command starts a working single-node system.
 */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  return (await openDatabase(opts)).store;
}

/** The store and its kysely handle: for this library's own tests, which call repositories directly. */
export async function openDatabase(opts: OpenStoreOptions = {}): Promise<{ store: Store; db: Kysely<Database> }> {
  const log = opts.log ?? (() => {});
  const { dialect, kind, where } = opts.databaseUrl
    ? { dialect: postgresDialect(opts.databaseUrl, log), kind: 'postgres' as const, where: redact(opts.databaseUrl) }
    : await pgliteDialect(resolve(opts.dataDir ?? DEFAULT_DATA_DIR));

  const db = new Kysely<Database>({ dialect });
  try {
    const applied = await migrateToLatest(db);
    log(`state store: ${kind} at ${where}${applied.length ? `, applied migrations ${applied.join(', ')}` : ', schema up to date'}`);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw err;
  }
  const notifier = opts.databaseUrl ? postgresNotifier(db, opts.databaseUrl, log) : localNotifier();
  const leadership = opts.databaseUrl ? postgresLeadership(opts.databaseUrl, log) : localLeadership();
  const store: Store = {
    ...storeAccess(db),
    kind,
    notifier,
    leadership,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      await leadership.close();
      await notifier.close();
      await db.destroy();
    },
  };
  return { store, db };
}

function postgresDialect(databaseUrl: string, log: (message: string) => void): Dialect {
  // Per-pool parsers, so this process's other pg users keep pg's defaults. Counts and versions
  // stay far below 2^53, so bigint → number is exact.
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, 'text', (value: string) => Number(value));
  // A database that is down answers at once (refused) or never (the network gone): never wait
  // forever for a connection or an answer, so callers hear "unavailable" instead of hanging.
  const pool = new pg.Pool({ connectionString: databaseUrl, types, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: QUERY_TIMEOUT_MS });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (err) => log(`state store: idle PostgreSQL connection failed: ${err.message}`));
  // Nor a checked-out one between two queries (a transaction doing its own work when the server
  // goes down): pg emits that on the client, where the pool listens only while it is idle. The
  // transaction's next query fails, and the pool drops the client when it comes back.
  const inUse = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => inUse.add(client));
  pool.on('release', (_err, client) => inUse.delete(client));
  pool.on('connect', (client) =>
    client.on('error', (err) => {
      if (inUse.has(client)) log(`state store: PostgreSQL connection in use failed: ${err.message}`);
    }),
  );
  return new PostgresDialect({ pool });
}

async function pgliteDialect(dataDir: string): Promise<{ dialect: Dialect; kind: 'pglite'; where: string }> {
  await mkdir(dataDir, { recursive: true });
  // Loaded only when needed: the wasm build is large and the PostgreSQL path never uses it.
  const { PGlite } = await import('@electric-sql/pglite');
  // PostgreSQL's default 128 MB of shared buffers sits in the WASM heap whether used or not; an
  // embedded store's working set is a fraction of that (measured: 16 MB takes ~110 MiB off RSS).
  const pglite = await PGlite.create({ dataDir, parsers: { [INT8_OID]: (value: string) => Number(value) }, postgresqlconf: ['shared_buffers=16MB'] });
  return { dialect: new PGliteDialect(pglite), kind: 'pglite', where: dataDir };
}

/** The URL without its password, for logs. */
function redact(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparsable database URL)';
  }
}
