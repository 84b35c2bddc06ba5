import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Which background work this process leads. Several control-plane replicas share one PostgreSQL;
 * each loop (service reconciler, liveness, cleanup) acts only on what its replica leads, so
 * exactly one replica drives a cluster. On PostgreSQL a lead is a session advisory lock held on a
 * connection of its own: when the leading process dies its connection closes and PostgreSQL frees
 * the lock at once, so another replica takes over on its next pass. Embedded PGlite has one
 * process, which leads everything.
 */
export interface Leadership {
  /**
   * Once per pass of a loop, before `lead`: checks that the lock connection is still alive; when
   * it is not, every lead is given up (PostgreSQL has freed the locks) and reported by `onLost`.
   */
  refresh(): Promise<void>;
  /** Whether this process leads `key`, taking the lead when nobody holds it. False when the store cannot be reached. */
  lead(key: string): Promise<boolean>;
  /** Gives up the lead of `key` (e.g. the cluster was deleted). */
  release(key: string): Promise<void>;
  held(): readonly string[];
  /** Called with the keys given up when the lock connection was lost. */
  onLost(handler: (keys: readonly string[]) => void): void;
  close(): Promise<void>;
}

export function localLeadership(): Leadership {
  const held = new Set<string>();
  return {
    refresh: async () => undefined,
    lead: async (key) => {
      held.add(key);
      return true;
    },
    release: async (key) => {
      held.delete(key);
    },
    held: () => [...held].sort(),
    onLost: () => undefined,
    close: async () => {
      held.clear();
    },
  };
}

/** The first int of every Berth advisory lock ('Bert'), so other users of the database keep theirs. */
const LOCK_CLASS = 0x42657274;
const CONNECT_TIMEOUT_MS = 5_000;
const QUERY_TIMEOUT_MS = 5_000;

/** The second int of a key's lock: the first 4 bytes of its SHA-256. Two keys sharing it are led by one replica, which is harmless. */
export function lockIdOf(key: string): number {
  return createHash('sha256').update(key).digest().readInt32BE(0);
}

export function postgresLeadership(databaseUrl: string, log: (message: string) => void): Leadership {
  const held = new Set<string>();
  const lostHandlers: ((keys: readonly string[]) => void)[] = [];
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let closed = false;

  const drop = (why: string) => {
    const lost = [...held].sort();
    held.clear();
    const old = client;
    client = undefined;
    void old?.end().catch(() => undefined);
    if (lost.length > 0) {
      log(`state store: lost the lock connection (${why}); no longer leading ${lost.join(', ')}`);
      for (const handler of lostHandlers) handler(lost);
    }
  };

  const connection = (): Promise<pg.Client> => {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const next = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: QUERY_TIMEOUT_MS });
      next.on('error', (err) => {
        if (client === next) drop(err.message);
      });
      next.on('end', () => {
        if (client === next) drop('connection ended');
      });
      try {
        await next.connect();
      } catch (err) {
        void next.end().catch(() => undefined);
        throw err;
      }
      if (closed) {
        await next.end().catch(() => undefined);
        throw new Error('leadership closed');
      }
      client = next;
      return next;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  return {
    refresh: async () => {
      if (!client) return;
      try {
        await client.query('select 1');
      } catch (err) {
        drop((err as Error).message);
      }
    },
    lead: async (key) => {
      if (closed) return false;
      if (held.has(key)) return true;
      try {
        const c = await connection();
        const result = await c.query<{ locked: boolean }>('select pg_try_advisory_lock($1::int, $2::int) as locked', [LOCK_CLASS, lockIdOf(key)]);
        if (!result.rows[0]?.locked) return false;
        held.add(key);
        return true;
      } catch (err) {
        if (client) drop((err as Error).message);
        return false;
      }
    },
    release: async (key) => {
      if (!held.delete(key) || !client) return;
      await client.query('select pg_advisory_unlock($1::int, $2::int)', [LOCK_CLASS, lockIdOf(key)]).catch(() => undefined);
    },
    held: () => [...held].sort(),
    onLost: (handler) => {
      lostHandlers.push(handler);
    },
    close: async () => {
      closed = true;
      held.clear();
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
