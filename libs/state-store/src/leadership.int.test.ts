import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startThrowawayPostgres, type ThrowawayPostgres } from '@berth/test-support';
import { localLeadership, lockIdOf, postgresLeadership, type Leadership } from './leadership.js';

/** Two leaderships on one PostgreSQL stand for two control-plane replicas. */
describe('leadership on PostgreSQL (advisory locks)', () => {
  let pgServer: ThrowawayPostgres;
  const made: Leadership[] = [];
  const leadership = () => {
    const l = postgresLeadership(pgServer.url, () => undefined);
    made.push(l);
    return l;
  };

  beforeAll(async () => {
    pgServer = await startThrowawayPostgres();
  });
  afterAll(async () => {
    for (const l of made) await l.close();
    await pgServer?.stop();
  });

  it('gives each key to one holder; the other takes it once the holder closes', async () => {
    const a = leadership();
    const b = leadership();
    expect(await a.lead('cluster:one')).toBe(true);
    expect(await b.lead('cluster:one')).toBe(false);
    expect(await b.lead('cluster:two')).toBe(true);
    expect(await a.lead('cluster:one')).toBe(true);
    expect(a.held()).toEqual(['cluster:one']);
    expect(b.held()).toEqual(['cluster:two']);
    await a.close();
    expect(await a.lead('cluster:three')).toBe(false);
    expect(await b.lead('cluster:one')).toBe(true);
  });

  it('release hands a key over at once', async () => {
    const a = leadership();
    const b = leadership();
    expect(await a.lead('cluster:handed')).toBe(true);
    expect(await b.lead('cluster:handed')).toBe(false);
    await a.release('cluster:handed');
    expect(a.held()).toEqual([]);
    expect(await b.lead('cluster:handed')).toBe(true);
  });

  it('a holder whose connection is killed gives up every lead, says so, and can lead again on a new connection', async () => {
    const a = leadership();
    const b = leadership();
    const lost: (readonly string[])[] = [];
    a.onLost((keys) => lost.push(keys));
    expect(await a.lead('cluster:x')).toBe(true);
    expect(await a.lead('cluster:y')).toBe(true);
    // What PostgreSQL does when the holding process dies: the backend goes, and its locks with it.
    const admin = new pg.Client({ connectionString: pgServer.url });
    await admin.connect();
    try {
      const holders = await admin.query<{ pid: number }>("select pid from pg_locks where locktype = 'advisory' and objid = $1::text::oid", [String(lockIdOf('cluster:x') >>> 0)]);
      expect(holders.rows).toHaveLength(1);
      await admin.query('select pg_terminate_backend($1)', [holders.rows[0]!.pid]);
    } finally {
      await admin.end();
    }
    expect(await b.lead('cluster:x')).toBe(true);
    await a.refresh();
    expect(lost).toEqual([['cluster:x', 'cluster:y']]);
    expect(a.held()).toEqual([]);
    expect(await a.lead('cluster:x')).toBe(false);
    expect(await a.lead('cluster:y')).toBe(true);
  });

  it('answers false, without throwing, when the server cannot be reached', async () => {
    const nowhere = postgresLeadership('postgres://postgres@127.0.0.1:1/none', () => undefined);
    made.push(nowhere);
    expect(await nowhere.lead('cluster:any')).toBe(false);
    expect(nowhere.held()).toEqual([]);
  });
});

describe('leadership on embedded PGlite (one process)', () => {
  it('leads every key', async () => {
    const l = localLeadership();
    expect(await l.lead('cluster:a')).toBe(true);
    expect(await l.lead('housekeeping')).toBe(true);
    expect(l.held()).toEqual(['cluster:a', 'housekeeping']);
    await l.release('cluster:a');
    expect(l.held()).toEqual(['housekeeping']);
  });
});
