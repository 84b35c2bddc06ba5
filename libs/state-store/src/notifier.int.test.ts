import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThrowawayPostgres, type ThrowawayPostgres } from '@berth/test-support';
import { openStore, type Store } from './open-store.js';

/** Two stores on one PostgreSQL stand for two control-plane replicas. */
describe('notifier on PostgreSQL (LISTEN/NOTIFY)', () => {
  let pgServer: ThrowawayPostgres;
  let a: Store;
  let b: Store;

  beforeAll(async () => {
    pgServer = await startThrowawayPostgres();
    a = await openStore({ databaseUrl: pgServer.url });
    b = await openStore({ databaseUrl: pgServer.url });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await pgServer?.stop();
  });

  it('delivers a notification published by one process to a subscriber in another', async () => {
    const received: string[] = [];
    await b.notifier.subscribe('berth_test', (payload) => received.push(payload));
    await a.notifier.publish('berth_test', 'instance-1');
    await a.notifier.publish('berth_other', 'ignored');
    for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(received).toEqual(['instance-1']);
  });

  it('refuses a channel name that could inject SQL', async () => {
    await expect(a.notifier.subscribe('x; drop table clusters', () => undefined)).rejects.toThrow(/invalid notification channel/);
    await expect(a.notifier.publish('Bad-Name', 'x')).rejects.toThrow(/invalid notification channel/);
  });
});
