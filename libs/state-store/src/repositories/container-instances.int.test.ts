import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Transaction } from 'kysely';
import type { ContainerInstance } from '@berth/domain';
import type { Database } from '../schema.js';
import { backends, type TestBackend } from '../testing/backends.js';
import { at, createCluster, newId, newInstance, t0 } from '../testing/fixtures.js';
import type { NewContainerInstance } from './container-instances.js';
import {
  advanceReportSequences,
  MAX_REPORT_SEQUENCE_JUMP,
  countLiveInstances,
  deregisterContainerInstance,
  findContainerInstance,
  findContainerInstanceById,
  findContainerInstanceForUpdate,
  insertContainerInstance,
  listContainerInstances,
  markSilentInstancesDisconnected,
  recordHeartbeat,
  reregisterContainerInstance,
  setAgentConnected,
  updateContainerInstanceStatus,
} from './container-instances.js';
import { putCustomAttributes } from './instance-attributes.js';

describe.each(backends)('container instances on %s', (_kind, start) => {
  let b: TestBackend;
  beforeAll(async () => {
    b = await start();
  });
  afterAll(() => b?.stop());
  beforeEach(async () => {
    await b.reset();
    await createCluster(b.db, 'web');
    await createCluster(b.db, 'batch');
  });

  const insert = (input: NewContainerInstance) => b.db.transaction().execute((trx) => insertContainerInstance(trx, input));
  const inTrx = <T>(fn: (trx: Transaction<Database>) => Promise<T>) => b.db.transaction().execute(fn);
  const get = async (id: string): Promise<ContainerInstance> => (await findContainerInstanceById(b.db, id))!;

  it('inserts an instance with its agent attributes', async () => {
    const input = newInstance('web', {
      agentAttributes: [{ name: 'ecs.os-type', value: 'linux' }, { name: 'ecs.capability.privileged-container' }],
      tags: [{ key: 'rack', value: 'r1' }],
    });
    const inserted = await insert(input);
    expect(inserted).toEqual({
      id: input.id,
      arn: input.arn,
      clusterName: 'web',
      status: 'ACTIVE',
      statusReason: '',
      agentConnected: false,
      hostname: input.hostname,
      registeredResources: input.registeredResources,
      reservedResources: { cpu: 0, memory: 0, ports: [], portsUdp: [] },
      agentAttributes: [{ name: 'ecs.capability.privileged-container' }, { name: 'ecs.os-type', value: 'linux' }],
      customAttributes: [],
      agentVersion: '1.0.0',
      dockerVersion: '27.0.1',
      registeredAt: t0,
      lastHeartbeatAt: null,
      runningTasksCount: 0,
      pendingTasksCount: 0,
      version: 1,
      lastReportSequence: 0,
      tags: [{ key: 'rack', value: 'r1' }],
    });
    expect(await findContainerInstance(b.db, 'web', input.id)).toEqual(inserted);
  });

  it('finds an instance only in its own cluster, and by id in any', async () => {
    const { id } = await insert(newInstance('web'));
    expect(await findContainerInstance(b.db, 'batch', id)).toBeUndefined();
    expect((await findContainerInstanceById(b.db, id))?.clusterName).toBe('web');
    expect(await findContainerInstanceById(b.db, newId())).toBeUndefined();
    expect((await inTrx((trx) => findContainerInstanceForUpdate(trx, 'web', id)))?.id).toBe(id);
    expect(await inTrx((trx) => findContainerInstanceForUpdate(trx, 'batch', id))).toBeUndefined();
  });

  it('splits agent and custom attributes', async () => {
    const { id } = await insert(newInstance('web', { agentAttributes: [{ name: 'ecs.os-type', value: 'linux' }] }));
    await inTrx((trx) => putCustomAttributes(trx, id, [{ name: 'stack', value: 'prod' }]));
    const found = await get(id);
    expect(found.agentAttributes).toEqual([{ name: 'ecs.os-type', value: 'linux' }]);
    expect(found.customAttributes).toEqual([{ name: 'stack', value: 'prod' }]);
  });

  it('lists by registration time then id, pages, and filters status', async () => {
    const ids = ['c', 'a', 'b', 'd', 'e'].map((ch) => ch.repeat(32));
    const registeredAt = [at(1), at(2), at(2), at(3), at(4)];
    for (const [i, id] of ids.entries()) await insert(newInstance('web', { id, now: registeredAt[i]! }));
    await insert(newInstance('batch', { now: at(0) }));
    await inTrx((trx) => updateContainerInstanceStatus(trx, ids[3]!, 'DRAINING', '', at(5)));
    await inTrx((trx) => deregisterContainerInstance(trx, ids[4]!, at(5)));
    const list = async (q: Partial<Parameters<typeof listContainerInstances>[1]>) =>
      (await listContainerInstances(b.db, { clusterName: 'web', limit: 10, ...q })).map((i) => i.id[0]);

    expect(await list({})).toEqual(['c', 'a', 'b', 'd']);
    expect(await list({ limit: 2 })).toEqual(['c', 'a']);
    expect(await list({ limit: 2, afterId: ids[1] })).toEqual(['b', 'd']);
    expect(await list({ limit: 2, afterId: ids[3] })).toEqual([]);
    expect(await list({ afterId: newId() })).toEqual([]);
    expect(await list({ status: 'ACTIVE' })).toEqual(['c', 'a', 'b']);
    expect(await list({ status: 'DRAINING' })).toEqual(['d']);
    expect(await list({ status: 'INACTIVE' })).toEqual(['e']);
    expect(await countLiveInstances(b.db, 'web')).toBe(4);
    expect(await countLiveInstances(b.db, 'batch')).toBe(1);
    expect(await countLiveInstances(b.db, 'nope')).toBe(0);
  });

  it('changes status and bumps the version', async () => {
    const { id } = await insert(newInstance('web'));
    const drained = await inTrx((trx) => updateContainerInstanceStatus(trx, id, 'DRAINING', 'maintenance', at(1)));
    expect(drained).toMatchObject({ status: 'DRAINING', statusReason: 'maintenance', version: 2 });
    await expect(inTrx((trx) => updateContainerInstanceStatus(trx, newId(), 'ACTIVE', '', at(1)))).rejects.toThrow(/does not exist/);
  });

  it('deregisters: INACTIVE and disconnected', async () => {
    const { id } = await insert(newInstance('web'));
    await setAgentConnected(b.db, id, true, at(1));
    const gone = await inTrx((trx) => deregisterContainerInstance(trx, id, at(2)));
    expect(gone).toMatchObject({ status: 'INACTIVE', agentConnected: false, version: 3 });
    expect(await countLiveInstances(b.db, 'web')).toBe(0);
    await expect(inTrx((trx) => deregisterContainerInstance(trx, newId(), at(2)))).rejects.toThrow(/does not exist/);
  });

  it('re-registers with new resources, keeping reservations and custom attributes', async () => {
    const { id } = await insert(newInstance('web', { agentAttributes: [{ name: 'ecs.os-type', value: 'linux' }] }));
    await inTrx((trx) => putCustomAttributes(trx, id, [{ name: 'stack', value: 'prod' }]));
    await b.db
      .updateTable('container_instances')
      .set({ reserved_cpu: 512, reserved_memory: 1024, reserved_ports: JSON.stringify([8080]) })
      .where('id', '=', id)
      .execute();
    const again = await inTrx((trx) =>
      reregisterContainerInstance(trx, id, {
        registeredResources: { cpu: 4096, memory: 8192, ports: [22], portsUdp: [53] },
        hostname: 'bigger',
        agentVersion: '1.1.0',
        dockerVersion: '28.0.0',
        agentAttributes: [{ name: 'ecs.os-family', value: 'LINUX' }],
        now: at(10),
      }),
    );
    expect(again).toMatchObject({
      hostname: 'bigger',
      registeredResources: { cpu: 4096, memory: 8192, ports: [22], portsUdp: [53] },
      reservedResources: { cpu: 512, memory: 1024, ports: [8080], portsUdp: [] },
      agentAttributes: [{ name: 'ecs.os-family', value: 'LINUX' }],
      customAttributes: [{ name: 'stack', value: 'prod' }],
      agentVersion: '1.1.0',
      dockerVersion: '28.0.0',
      registeredAt: t0,
      // Once for the custom attribute, once for the re-registration.
      version: 3,
    });
    expect(await inTrx((trx) => reregisterContainerInstance(trx, newId(), { ...newInstance('web'), now: at(1) }))).toBeUndefined();
  });

  it('toggles agentConnected, bumping the version only on change', async () => {
    const { id } = await insert(newInstance('web'));
    expect(await setAgentConnected(b.db, id, true, at(1))).toBe(true);
    expect(await get(id)).toMatchObject({ agentConnected: true, version: 2, lastHeartbeatAt: at(1) });

    expect(await setAgentConnected(b.db, id, true, at(2))).toBe(false);
    expect(await get(id)).toMatchObject({ agentConnected: true, version: 2, lastHeartbeatAt: at(2) });

    expect(await setAgentConnected(b.db, id, false, at(3))).toBe(true);
    expect(await setAgentConnected(b.db, id, false, at(4))).toBe(false);
    expect(await get(id)).toMatchObject({ agentConnected: false, version: 3 });
  });

  it('records heartbeats without bumping the version', async () => {
    const { id } = await insert(newInstance('web'));
    expect(await recordHeartbeat(b.db, id, at(5))).toBe(true);
    expect(await get(id)).toMatchObject({ lastHeartbeatAt: at(5), version: 1, agentConnected: false });
    expect(await recordHeartbeat(b.db, newId(), at(5))).toBe(false);
  });

  it('marks connected instances silent since the cutoff as disconnected', async () => {
    const silent = (await insert(newInstance('web'))).id;
    const fresh = (await insert(newInstance('web'))).id;
    const alreadyDown = (await insert(newInstance('batch'))).id;
    const neverConnected = (await insert(newInstance('batch'))).id;
    await setAgentConnected(b.db, silent, true, at(1));
    await setAgentConnected(b.db, fresh, true, at(1));
    await recordHeartbeat(b.db, fresh, at(100));
    await setAgentConnected(b.db, alreadyDown, true, at(1));
    await setAgentConnected(b.db, alreadyDown, false, at(2));

    expect(await markSilentInstancesDisconnected(b.db, ['batch'], at(60), at(120))).toEqual([]);
    expect(await markSilentInstancesDisconnected(b.db, ['web', 'batch'], at(60), at(120))).toEqual([silent]);
    expect(await get(silent)).toMatchObject({ agentConnected: false, version: 3 });
    expect(await get(fresh)).toMatchObject({ agentConnected: true, version: 2 });
    expect((await get(alreadyDown)).version).toBe(3);
    expect((await get(neverConnected)).version).toBe(1);
    expect(await markSilentInstancesDisconnected(b.db, ['web', 'batch'], at(60), at(121))).toEqual([]);
  });

  it('advances the report sequence once per sequence, and refuses a jump far past the last', async () => {
    const { id } = await insert(newInstance('web'));
    const advance = async (seq: number) => (await inTrx((trx) => advanceReportSequences(trx, [{ instanceId: id, sequence: seq }]))).get(id);
    expect(await advance(1)).toBe('applied');
    expect(await advance(1)).toBe('duplicate');
    expect(await advance(3)).toBe('applied');
    expect(await advance(2)).toBe('duplicate');
    expect(await advance(3 + MAX_REPORT_SEQUENCE_JUMP + 1)).toBe('too-far');
    expect(await advance(Number.MAX_SAFE_INTEGER)).toBe('too-far');
    expect(await advance(3 + MAX_REPORT_SEQUENCE_JUMP)).toBe('applied');
    expect(await get(id)).toMatchObject({ lastReportSequence: 3 + MAX_REPORT_SEQUENCE_JUMP, version: 1 });
    const gone = newId();
    expect((await inTrx((trx) => advanceReportSequences(trx, [{ instanceId: gone, sequence: 1 }]))).get(gone)).toBe('duplicate');
  });

  it('advances many instances\' sequences in one call, each by its own rule, and refuses two of one instance', async () => {
    const [a, b, c] = [await insert(newInstance('web')), await insert(newInstance('web')), await insert(newInstance('web'))];
    await inTrx((trx) => advanceReportSequences(trx, [{ instanceId: b.id, sequence: 5 }]));
    const outcomes = await inTrx((trx) =>
      advanceReportSequences(trx, [
        { instanceId: c.id, sequence: MAX_REPORT_SEQUENCE_JUMP + 1 },
        { instanceId: a.id, sequence: 2 },
        { instanceId: b.id, sequence: 4 },
      ]),
    );
    expect(Object.fromEntries(outcomes)).toEqual({ [a.id]: 'applied', [b.id]: 'duplicate', [c.id]: 'too-far' });
    expect([(await get(a.id)).lastReportSequence, (await get(b.id)).lastReportSequence, (await get(c.id)).lastReportSequence]).toEqual([2, 5, 0]);
    await expect(inTrx((trx) => advanceReportSequences(trx, [{ instanceId: a.id, sequence: 3 }, { instanceId: a.id, sequence: 4 }]))).rejects.toThrow(/two reports/);
    expect((await get(a.id)).lastReportSequence).toBe(2);
  });
});
