import { beforeEach, describe, expect, it } from 'vitest';
import { storeBackends, type StoreBackend } from '@berth/state-store/testing';
import { forgetExpired } from './housekeeping.js';
import { useAppHarness, type AppHarness } from './testing/app-harness.js';

const DAY = 24 * 3600;

describe.each(storeBackends)('forgetExpired on %s', (_kind, start) => {
  const current = useAppHarness(start);
  let h: AppHarness;
  let backend: StoreBackend;
  beforeEach(async () => {
    ({ h, backend } = current);
    await h.call('CreateCluster', { clusterName: 'c' });
  });

  const listTokens = async () => ((await h.call('ListJoinTokens', { cluster: 'c' })) as { joinTokens: { joinTokenId: string; status: string }[] }).joinTokens;

  it('forgets expired access keys, join tokens a day after they expire, and audit events after 30 days; keeps the rest', async () => {
    const key = (id: string, expiresAt?: Date) =>
      backend.store.transaction((tx) =>
        tx.insertAccessKey({ accessKeyId: id, sealedSecret: 'sealed', role: 'read-only', description: '', createdAt: h.app.now(), ...(expiresAt ? { expiresAt } : {}) }),
      );
    await key('AKIAFOREVER0000000000');
    await key('AKIASOON000000000000A', new Date(h.app.now().getTime() + 60_000));
    await h.joinToken('c', { ttl: '1m' });
    await h.joinToken('c', { ttl: '720h' });
    await h.call('CreateSecret', { name: 'gone', secretString: 'v' });
    await h.call('DeleteSecret', { secretId: 'gone', recoveryWindowInDays: 7 });

    expect(await forgetExpired(h.app)).toEqual({ stoppedTasks: 0, accessKeys: 0, joinTokens: 0, auditEvents: 0, scalingActivities: 0, serviceMetrics: 0, secrets: 0 });

    h.advance(120);
    expect(await forgetExpired(h.app)).toMatchObject({ accessKeys: 1, joinTokens: 0 });
    expect(await backend.store.read.findAccessKey('AKIASOON000000000000A')).toBeUndefined();
    expect(await backend.store.read.findAccessKey('AKIAFOREVER0000000000')).toBeDefined();
    expect((await listTokens()).map((t) => t.status).sort()).toEqual(['ACTIVE', 'EXPIRED']);

    h.advance(DAY);
    expect(await forgetExpired(h.app)).toMatchObject({ joinTokens: 1, auditEvents: 0 });
    expect((await listTokens()).map((t) => t.status)).toEqual(['ACTIVE']);

    const audited = await backend.store.read.listAuditEvents({ limit: 100 });
    expect(audited.length).toBeGreaterThan(0);
    h.advance(30 * DAY);
    expect(await forgetExpired(h.app)).toMatchObject({ auditEvents: audited.length, secrets: 1 });
    expect(await backend.store.read.listSecrets('secret', { limit: 10, includeScheduledForDeletion: true })).toEqual([]);
    expect(await backend.store.read.listAuditEvents({ limit: 100 })).toEqual([]);
  });
});
