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
  /**
   * Called each time listening resumes after the connection dropped (a PostgreSQL restart or
   * outage): notifications sent meanwhile are lost, so the caller resynchronises what it pushes.
   */
  onResumed(handler: () => void): void;
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
    onResumed: () => undefined,
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}

/** How long to wait before re-opening a LISTEN connection that dropped: doubling from 1 s to 15 s, for as long as it takes. */
const RELISTEN_FIRST_DELAY_MS = 1_000;
const RELISTEN_MAX_DELAY_MS = 15_000;

export function postgresNotifier(db: Kysely<Database>, databaseUrl: string, log: (message: string) => void): Notifier {
  const handlers = new Map<string, ((payload: string) => void)[]>();
  const resumed: (() => void)[] = [];
  let client: pg.Client | undefined;
  let closed = false;
  let connecting: Promise<void> | undefined;
  let dropped = false;

  const reconnect = (delay: number) => {
    if (closed) return;
    setTimeout(() => {
      // A subscribe may have connected meanwhile: never open a second LISTEN connection.
      (client ? Promise.resolve() : connect()).then(
        () => {
          if (!dropped) return;
          dropped = false;
          log('state store: LISTEN connection back');
          for (const handler of resumed) handler();
        },
        (err: Error) => {
          log(`state store: LISTEN connection still failing (${err.message}); retrying in ${Math.min(delay * 2, RELISTEN_MAX_DELAY_MS) / 1000}s`);
          reconnect(Math.min(delay * 2, RELISTEN_MAX_DELAY_MS));
        },
      );
    }, delay).unref();
  };

  const connect = (): Promise<void> => {
    connecting ??= (async () => {
      const next = new pg.Client({ connectionString: databaseUrl });
      next.on('notification', (n) => {
        for (const handler of handlers.get(n.channel) ?? []) handler(n.payload ?? '');
      });
      let failed = false;
      const lost = (err: Error) => {
        if (failed || closed) return;
        failed = true;
        void next.end().catch(() => undefined);
        if (client !== next) return;
        client = undefined;
        dropped = true;
        log(`state store: LISTEN connection failed (${err.message}); reconnecting`);
        reconnect(RELISTEN_FIRST_DELAY_MS);
      };
      next.on('error', lost);
      next.on('end', () => lost(new Error('connection ended')));
      try {
        await next.connect();
        for (const channel of handlers.keys()) await next.query(`LISTEN ${channel}`);
      } catch (err) {
        failed = true;
        void next.end().catch(() => undefined);
        throw err;
      }
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
    onResumed: (handler) => {
      resumed.push(handler);
    },
    close: async () => {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}
