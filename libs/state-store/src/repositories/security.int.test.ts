import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Transaction } from 'kysely';
import type { AccessKey, JoinToken } from '@berth/domain';
import type { Database } from '../schema.js';
import { backends, type TestBackend } from '../testing/backends.js';
import { at, createCluster, newInstance, t0 } from '../testing/fixtures.js';
import {
  countApiKeys,
  deleteAccessKey,
  deleteExpiredAccessKeys,
  deleteInstanceCredentials,
  expireInstanceCredentials,
  findAccessKey,
  insertAccessKey,
  listAccessKeys,
} from './access-keys.js';
import { appendAuditEvent, deleteAuditEventsBefore, listAuditEvents } from './audit-events.js';
import { findCluster, updateClusterSettings } from './clusters.js';
import { insertContainerInstance } from './container-instances.js';
import {
  countJoinTokenUse,
  deleteJoinTokensExpiredBefore,
  findJoinToken,
  findJoinTokenForUpdate,
  insertJoinToken,
  listJoinTokens,
  revokeJoinToken,
} from './join-tokens.js';

const key = (id: string, overrides: Partial<AccessKey> = {}): AccessKey => ({
  accessKeyId: id,
  sealedSecret: `sealed-${id}`,
  role: 'operator',
  description: '',
  createdAt: t0,
  ...overrides,
});

const token = (id: string, overrides: Partial<JoinToken> = {}): JoinToken => ({
  id,
  secretHash: `hash-${id}`,
  clusterName: 'web',
  createdAt: t0,
  createdBy: 'AKIAADMIN',
  expiresAt: at(600),
  uses: 0,
  ...overrides,
});

describe.each(backends)('security repositories on %s', (_kind, start) => {
  let b: TestBackend;
  beforeAll(async () => {
    b = await start();
  });
  afterAll(() => b?.stop());
  beforeEach(() => b.reset());

  const tx = <T>(fn: (trx: Transaction<Database>) => Promise<T>) => b.db.transaction().execute(fn);

  describe('access keys', () => {
    it('stores and reads every field back, the optional ones absent when unset', async () => {
      const full = key('AKIAFULL', {
        role: 'read-only',
        clusters: ['web', 'batch'],
        description: 'dashboards',
        launchRate: { burst: 5, perSecond: 0.5 },
        expiresAt: at(3600),
      });
      await tx((trx) => insertAccessKey(trx, full));
      await tx((trx) => insertAccessKey(trx, key('AKIABARE')));
      expect(await findAccessKey(b.db, 'AKIAFULL')).toEqual(full);
      expect(await findAccessKey(b.db, 'AKIABARE')).toEqual(key('AKIABARE'));
      expect(await findAccessKey(b.db, 'AKIANONE')).toBeUndefined();
    });

    it('refuses a role it does not know', async () => {
      await expect(tx((trx) => insertAccessKey(trx, key('AKIABAD', { role: 'root' as AccessKey['role'] })))).rejects.toThrow();
      expect(await findAccessKey(b.db, 'AKIABAD')).toBeUndefined();
    });

    it('lists and counts API keys only, paged by id; agent credentials stay out', async () => {
      await createCluster(b.db, 'web');
      const instance = newInstance('web');
      await tx((trx) => insertContainerInstance(trx, instance));
      for (const id of ['AKIAC', 'AKIAA', 'AKIAB']) await tx((trx) => insertAccessKey(trx, key(id)));
      await tx((trx) => insertAccessKey(trx, key('AKIAAGENT', { role: 'agent', instanceId: instance.id })));
      expect(await countApiKeys(b.db)).toBe(3);
      const first = await listAccessKeys(b.db, { limit: 2 });
      expect(first.map((k) => k.accessKeyId)).toEqual(['AKIAA', 'AKIAB']);
      expect((await listAccessKeys(b.db, { limit: 2, afterId: 'AKIAB' })).map((k) => k.accessKeyId)).toEqual(['AKIAC']);
    });

    it('deletes one key, an instance’s credentials, and expired keys', async () => {
      await createCluster(b.db, 'web');
      const instance = newInstance('web');
      await tx((trx) => insertContainerInstance(trx, instance));
      await tx((trx) => insertAccessKey(trx, key('AKIAONE')));
      await tx((trx) => insertAccessKey(trx, key('AKIAOLD', { expiresAt: at(10) })));
      await tx((trx) => insertAccessKey(trx, key('AKIAHOST1', { role: 'agent', instanceId: instance.id })));
      await tx((trx) => insertAccessKey(trx, key('AKIAHOST2', { role: 'agent', instanceId: instance.id })));

      expect(await tx((trx) => deleteAccessKey(trx, 'AKIAONE'))).toBe(true);
      expect(await tx((trx) => deleteAccessKey(trx, 'AKIAONE'))).toBe(false);
      expect(await deleteExpiredAccessKeys(b.db, at(5))).toBe(0);
      expect(await deleteExpiredAccessKeys(b.db, at(11))).toBe(1);
      expect(await tx((trx) => deleteInstanceCredentials(trx, instance.id))).toBe(2);
      expect(await findAccessKey(b.db, 'AKIAHOST1')).toBeUndefined();
    });

    it('expires an instance’s other credentials at a time, never later than they already expire', async () => {
      await createCluster(b.db, 'web');
      const instance = newInstance('web');
      await tx((trx) => insertContainerInstance(trx, instance));
      await tx((trx) => insertAccessKey(trx, key('AKIAOLD1', { role: 'agent', instanceId: instance.id })));
      await tx((trx) => insertAccessKey(trx, key('AKIAOLD2', { role: 'agent', instanceId: instance.id, expiresAt: at(60) })));
      await tx((trx) => insertAccessKey(trx, key('AKIANEW', { role: 'agent', instanceId: instance.id })));
      await tx((trx) => expireInstanceCredentials(trx, instance.id, 'AKIANEW', at(3600)));
      expect((await findAccessKey(b.db, 'AKIAOLD1'))?.expiresAt).toEqual(at(3600));
      expect((await findAccessKey(b.db, 'AKIAOLD2'))?.expiresAt).toEqual(at(60));
      expect((await findAccessKey(b.db, 'AKIANEW'))?.expiresAt).toBeUndefined();
    });

    it('goes with its container instance when the instance row is deleted', async () => {
      await createCluster(b.db, 'web');
      const instance = newInstance('web');
      await tx((trx) => insertContainerInstance(trx, instance));
      await tx((trx) => insertAccessKey(trx, key('AKIAHOST', { role: 'agent', instanceId: instance.id })));
      await b.db.deleteFrom('container_instances').where('id', '=', instance.id).execute();
      expect(await findAccessKey(b.db, 'AKIAHOST')).toBeUndefined();
    });
  });

  describe('join tokens', () => {
    beforeEach(() => createCluster(b.db, 'web'));

    it('stores, counts uses, revokes once and lists newest first', async () => {
      await tx((trx) => insertJoinToken(trx, token('t1', { maxUses: 2 })));
      await tx((trx) => insertJoinToken(trx, token('t2', { createdAt: at(1) })));
      expect(await findJoinToken(b.db, 't1')).toEqual(token('t1', { maxUses: 2 }));
      await tx(async (trx) => {
        expect((await findJoinTokenForUpdate(trx, 't1'))?.uses).toBe(0);
        await countJoinTokenUse(trx, 't1');
      });
      expect((await findJoinToken(b.db, 't1'))?.uses).toBe(1);
      expect((await tx((trx) => revokeJoinToken(trx, 't1', at(5))))?.revokedAt).toEqual(at(5));
      expect((await tx((trx) => revokeJoinToken(trx, 't1', at(9))))?.revokedAt).toEqual(at(5));
      expect(await tx((trx) => revokeJoinToken(trx, 'nope', at(9)))).toBeUndefined();
      expect((await listJoinTokens(b.db, 'web')).map((t) => t.id)).toEqual(['t2', 't1']);
      expect(await listJoinTokens(b.db, 'other')).toEqual([]);
    });

    it('counts concurrent uses one after the other', async () => {
      await tx((trx) => insertJoinToken(trx, token('busy')));
      await Promise.all(
        Array.from({ length: 8 }, () =>
          tx(async (trx) => {
            await findJoinTokenForUpdate(trx, 'busy');
            await countJoinTokenUse(trx, 'busy');
          }),
        ),
      );
      expect((await findJoinToken(b.db, 'busy'))?.uses).toBe(8);
    });

    it('refuses a token for a cluster that does not exist', async () => {
      await expect(tx((trx) => insertJoinToken(trx, token('t', { clusterName: 'ghost' })))).rejects.toThrow();
    });

    it('forgets tokens that expired before a time', async () => {
      await tx((trx) => insertJoinToken(trx, token('old', { expiresAt: at(10) })));
      await tx((trx) => insertJoinToken(trx, token('new', { expiresAt: at(1000) })));
      expect(await deleteJoinTokensExpiredBefore(b.db, at(11))).toBe(1);
      expect(await findJoinToken(b.db, 'old')).toBeUndefined();
      expect(await findJoinToken(b.db, 'new')).toBeDefined();
    });
  });

  describe('audit events', () => {
    it('appends and lists newest first, filtered and paged', async () => {
      for (let i = 0; i < 5; i++) {
        await appendAuditEvent(b.db, { at: at(i), principal: i % 2 ? 'AKIAB' : 'AKIAA', operation: 'RunTask', clusterName: i < 3 ? 'web' : 'batch', target: `t${i}`, result: 'OK' });
      }
      await appendAuditEvent(b.db, { at: at(9), principal: 'AKIAA', operation: 'CreateAccessKey', target: 'AKIAC', result: 'AccessDeniedException' });
      const all = await listAuditEvents(b.db, { limit: 10 });
      expect(all.map((e) => e.target)).toEqual(['AKIAC', 't4', 't3', 't2', 't1', 't0']);
      expect(all[0]).toMatchObject({ principal: 'AKIAA', operation: 'CreateAccessKey', result: 'AccessDeniedException', at: at(9) });
      expect(all[0]!.clusterName).toBeUndefined();
      expect((await listAuditEvents(b.db, { limit: 10, clusterName: 'web' })).map((e) => e.target)).toEqual(['t2', 't1', 't0']);
      expect((await listAuditEvents(b.db, { limit: 10, principal: 'AKIAB' })).map((e) => e.target)).toEqual(['t3', 't1']);
      expect((await listAuditEvents(b.db, { limit: 10, since: at(3) })).map((e) => e.target)).toEqual(['AKIAC', 't4', 't3']);
      const page = await listAuditEvents(b.db, { limit: 2 });
      expect((await listAuditEvents(b.db, { limit: 2, beforeId: page[1]!.id })).map((e) => e.target)).toEqual(['t3', 't2']);
      expect(await deleteAuditEventsBefore(b.db, at(2))).toBe(2);
      expect(await listAuditEvents(b.db, { limit: 10 })).toHaveLength(4);
    });
  });

  describe('cluster settings', () => {
    it('merges settings by name and keeps the others', async () => {
      await createCluster(b.db, 'web');
      await tx((trx) => updateClusterSettings(trx, 'web', [{ name: 'berthAllowPrivileged', value: 'true' }, { name: 'berthAllowedRegistries', value: 'docker.io' }], at(1)));
      const updated = await tx((trx) => updateClusterSettings(trx, 'web', [{ name: 'berthAllowedRegistries', value: 'registry.internal' }], at(2)));
      expect(updated.settings).toEqual([
        { name: 'berthAllowPrivileged', value: 'true' },
        { name: 'berthAllowedRegistries', value: 'registry.internal' },
      ]);
      expect((await findCluster(b.db, 'web'))?.settings).toEqual(updated.settings);
    });
  });
});
