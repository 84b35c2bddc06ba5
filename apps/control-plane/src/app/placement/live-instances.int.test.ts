import { beforeEach, describe, expect, it } from 'vitest';
import type { ContainerInstance } from '@berth/domain';
import { instanceSnapshot, taskGroupsByInstance } from '@berth/scheduler';
import { storeBackends, type StoreBackend } from '@berth/state-store/testing';
import { useAppHarness, webDefinition, type AppHarness } from '../testing/app-harness.js';
import { agentHeartbeat } from '../agents/session.js';
import { applyStateReport } from '../agents/apply-report.js';
import { clusterSnapshot } from './cluster-snapshot.js';
import { LiveInstanceCache } from './live-instances.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON, checked by the assertions

describe.each(storeBackends)('the live-instance cache behind placement, on %s', (_kind, start) => {
  const current = useAppHarness(start);
  let h: AppHarness;
  let backend: StoreBackend;
  beforeEach(() => {
    ({ h, backend } = current);
  });

  /** What a full read gives: every live instance, in listing order, and its snapshot. */
  const fullRead = async () => {
    const instances: ContainerInstance[] = await backend.store.read.listContainerInstances({ clusterName: 'c', limit: 1000 });
    const groups = taskGroupsByInstance(await backend.store.read.activeTaskGroupsOnInstances(instances.map((i) => i.id)));
    return { instances, snapshots: instances.map((i) => instanceSnapshot(i, groups.get(i.id) ?? [])) };
  };

  /** The store's reads, counting the instances fetched in full. */
  const counted = () => {
    const fetched: string[] = [];
    const read = {
      ...backend.store.read,
      findContainerInstancesByIds: (ids: readonly string[]) => {
        fetched.push(...ids);
        return backend.store.read.findContainerInstancesByIds(ids);
      },
    };
    return { app: { store: { ...backend.store, read }, liveInstances: new LiveInstanceCache() }, fetched };
  };

  it('returns what a full read returns after every kind of change, fetching only the instances that changed', async () => {
    const { app, fetched } = counted();
    const [a, b, c] = [await h.addInstance('c'), await h.addInstance('c'), await h.addInstance('c')];
    expect(await clusterSnapshot(app, 'c')).toEqual(await fullRead());
    expect(fetched.sort()).toEqual([a.id, b.id, c.id].sort());

    let launched = '';
    const changes: [string, () => Promise<unknown>, string[]][] = [
      ['nothing', async () => undefined, []],
      ['a launch on a', async () => {
        await h.call('RegisterTaskDefinition', webDefinition());
        await h.call('StartTask', { cluster: 'c', taskDefinition: 'web', containerInstances: [a.id] });
      }, [a.id]],
      ['a second task on a, of another group', async () => {
        await h.call('RegisterTaskDefinition', webDefinition('other'));
        launched = ((await h.call('StartTask', { cluster: 'c', taskDefinition: 'other', containerInstances: [a.id] })) as Json).tasks[0].taskArn;
      }, [a.id]],
      ['that task stopped by its agent', () => applyStateReport(h.app, a.id, { sequence: 1, tasks: [{ taskArn: launched, status: 'STOPPED', reason: '', containers: [] }] }), [a.id]],
      ['a custom attribute on b', () => h.call('PutAttributes', { cluster: 'c', attributes: [{ name: 'stack', value: 'blue', targetId: b.arn }] }), [b.id]],
      ['the attribute deleted', () => h.call('DeleteAttributes', { cluster: 'c', attributes: [{ name: 'stack', targetId: b.arn }] }), [b.id]],
      ['a heartbeat from c (no fetch: it comes with the versions)', async () => {
        h.advance(30);
        await agentHeartbeat(h.app, c.id);
      }, []],
      ['c draining', () => h.call('UpdateContainerInstancesState', { cluster: 'c', containerInstances: [c.id], status: 'DRAINING' }), [c.id]],
      ['b deregistered', () => h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: b.id, force: true }), []],
    ];
    for (const [what, change, expectFetched] of changes) {
      await change();
      fetched.length = 0;
      expect(await clusterSnapshot(app, 'c'), what).toEqual(await fullRead());
      expect(fetched, what).toEqual(expectFetched);
    }
    const { instances, snapshots } = await clusterSnapshot(app, 'c');
    expect(instances.map((i) => i.id)).toEqual([a.id, c.id]);
    expect(snapshots[0]!.taskGroups).toEqual(['family:web']);
    expect(instances.find((i) => i.id === c.id)!.lastHeartbeatAt).toEqual(h.app.now());
  });

  it('launches arriving together on a cold cache fetch the cluster once', async () => {
    const { app, fetched } = counted();
    const ids = [(await h.addInstance('c')).id, (await h.addInstance('c')).id, (await h.addInstance('c')).id];
    const reads = await Promise.all([clusterSnapshot(app, 'c'), clusterSnapshot(app, 'c'), clusterSnapshot(app, 'c')]);
    const expected = await fullRead();
    for (const read of reads) expect(read).toEqual(expected);
    expect(fetched.sort()).toEqual(ids.sort());
  });

  it('keeps clusters apart and lists INACTIVE instances by a full read', async () => {
    const { app } = counted();
    const a = await h.addInstance('c');
    await h.call('CreateCluster', { clusterName: 'other' });
    const o = await h.addInstance('other');
    expect((await clusterSnapshot(app, 'c')).instances.map((i) => i.id)).toEqual([a.id]);
    expect((await clusterSnapshot(app, 'other')).instances.map((i) => i.id)).toEqual([o.id]);
    await h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: a.id, force: true });
    const inactive: Json = await clusterSnapshot(app, 'c', 'INACTIVE');
    expect(inactive.instances.map((i: ContainerInstance) => [i.id, i.status])).toEqual([[a.id, 'INACTIVE']]);
    expect((await clusterSnapshot(app, 'c')).instances).toEqual([]);
  });
});
