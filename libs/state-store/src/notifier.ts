import { EventEmitter } from 'node:events';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

/**
 * Tells every control-plane process that something changed (e.g. "the desired tasks of instance X
 * changed"), so the one holding that agent's session pushes them. On PostgreSQL this is
 * LISTEN/NOTIFY over a dedicated connection (reconnected if it drops); on embedded PGlite there is
 * only one process, so an in-process emitter does.
 */
export interface Notifier {
  publish(channel: string, payload: string): Promise<void>;
  subscribe(channel: string, handler: (payload: string) => void): Promise<void>;
  close(): Promise<void>;
}

const channelPattern = /^[a-z_][a-z0-9_]{0,62}$/;

function checkChannel(channel: string): string {
  if (!channelPattern.test(channel)) throw new Error(`invalid notification channel '${channel}'`);
  return channel;
}

export function localNotifier(): Notifier {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: async (channel, payload) => {
      emitter.emit(checkChannel(channel), payload);
    },
    subscribe: async (channel, handler) => {
      emitter.on(checkChannel(channel), handler);
    },
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}

/** How long to wait before re-opening a LISTEN connection that dropped. */
const RELISTEN_DELAY_MS = 1_000;

export function postgresNotifier(db: Kysely<Database>, databaseUrl: string, log: (message: string) => void): Notifier {
  const handlers = new Map<string, ((payload: string) => void)[]>();
  let client: pg.Client | undefined;
  let closed = false;
  let connecting: Promise<void> | undefined;

  const connect = (): Promise<void> => {
    connecting ??= (async () => {
      const next = new pg.Client({ connectionString: databaseUrl });
      next.on('notification', (n) => {
        for (const handler of handlers.get(n.channel) ?? []) handler(n.payload ?? '');
      });
      next.on('error', (err) => {
        log(`state store: LISTEN connection failed (${err.message}); reconnecting`);
        void next.end().catch(() => undefined);
        if (client === next) client = undefined;
        if (!closed) setTimeout(() => void connect().catch(() => undefined), RELISTEN_DELAY_MS).unref();
      });
      await next.connect();
      for (const channel of handlers.keys()) await next.query(`LISTEN ${channel}`);
      client = next;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  return {
    publish: async (channel, payload) => {
      await sql`select pg_notify(${checkChannel(channel)}, ${payload})`.execute(db);
    },
    subscribe: async (channel, handler) => {
      const known = handlers.has(checkChannel(channel));
      handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
      if (!client) await connect();
      else if (!known) await client.query(`LISTEN ${channel}`);
    },
    close: async () => {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}
