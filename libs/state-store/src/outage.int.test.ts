import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivatePostgres, type RestartablePostgres } from '@berth/test-support';
import { openStore, type Store } from './open-store.js';
import { isStoreUnavailable } from './unavailable.js';

/** A real PostgreSQL stopped and started under an open store: it fails fast, then recovers by itself. */
describe('the store through a PostgreSQL restart', () => {
  let server: RestartablePostgres;
  let store: Store;
  let other: Store;
  const log: string[] = [];

  beforeAll(async () => {
    server = await startPrivatePostgres();
    store = await openStore({ databaseUrl: server.url, log: (m) => log.push(m) });
    other = await openStore({ databaseUrl: server.url });
  });
  afterAll(async () => {
    await store?.close();
    await other?.close();
    await server?.stop();
  });

  it('answers "unavailable" quickly while the server is down, and works again without being reopened', async () => {
    await store.transaction((tx) => tx.insertOrReactivateCluster({ name: 'kept', arn: 'arn:aws:ecs:local:000000000000:cluster/kept', tags: [], now: new Date() }));
    const received: string[] = [];
    let resumed = 0;
    await store.notifier.subscribe('berth_outage', (payload) => received.push(payload));
    store.notifier.onResumed(() => resumed++);

    await server.halt();
    const started = Date.now();
    const error = await store.read.findCluster('kept').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isStoreUnavailable(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(store.ping()).rejects.toSatisfy(isStoreUnavailable);

    // Down long enough that the first attempts to listen again fail too.
    await new Promise((r) => setTimeout(r, 3_500));
    await server.resume();
    await expect.poll(() => store.ping().then(() => 'up', () => 'down'), { timeout: 20_000, interval: 250 }).toBe('up');
    expect((await store.read.findCluster('kept'))?.status).toBe('ACTIVE');

    // Listening resumes by itself (it retries for as long as the server is away) and says so.
    await expect.poll(() => resumed, { timeout: 30_000, interval: 250 }).toBe(1);
    await other.notifier.publish('berth_outage', 'after');
    await expect.poll(() => received, { timeout: 10_000 }).toEqual(['after']);
    expect(log.join('\n')).toMatch(/LISTEN connection still failing/);
    expect(log.join('\n')).toMatch(/LISTEN connection back/);
  }, 90_000);

  it('a transaction holding its connection when the server goes down fails, and nothing crashes', async () => {
    let inside!: () => void;
    const holding = new Promise<void>((resolve) => (inside = resolve));
    let halted!: () => void;
    const down = new Promise<void>((resolve) => (halted = resolve));
    const outcome = store
      .transaction(async (tx) => {
        await tx.insertOrReactivateCluster({ name: 'lost-in-flight', arn: 'arn:aws:ecs:local:000000000000:cluster/lost-in-flight', tags: [], now: new Date() });
        inside();
        await down; // the transaction's own work, between two queries, while the server stops
        await tx.insertOrReactivateCluster({ name: 'never', arn: 'arn:aws:ecs:local:000000000000:cluster/never', tags: [], now: new Date() });
      })
      .then(
        () => 'committed',
        (e: unknown) => (isStoreUnavailable(e) ? 'unavailable' : `other: ${(e as Error).message}`),
      );
    await holding;
    await server.halt();
    await new Promise((r) => setTimeout(r, 500));
    halted();
    expect(await outcome).toBe('unavailable');
    expect(log.join('\n')).toMatch(/PostgreSQL connection in use failed/);
    await server.resume();
    await expect.poll(() => store.ping().then(() => 'up', () => 'down'), { timeout: 20_000, interval: 250 }).toBe('up');
    expect(await store.read.findCluster('lost-in-flight')).toBeUndefined();
  }, 60_000);
});
