import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../testing/backends.js';
import { at, createCluster, newInstance, newTask, t0 } from '../testing/fixtures.js';

describe.each(backends)('tasks on %s', (_kind, start) => {
  let b: TestBackend;
  beforeAll(async () => {
    b = await start();
  });
  afterAll(() => b?.stop());
  beforeEach(() => b.reset());

  const host = async (cluster = 'c') => {
    await createCluster(b.db, cluster);
    return b.store.transaction((tx) => tx.insertContainerInstance(newInstance(cluster)));
  };

  it('inserts tasks and reads them back as they were, by cluster', async () => {
    const instance = await host();
    const task = newTask('c', instance.id, { overrides: [{ name: 'web', command: ['sh'] }], reservedPorts: [8080] });
    await b.store.transaction((tx) => tx.insertTasks([task]));
    expect(await b.store.read.findTask('c', task.id)).toEqual(task);
    expect(await b.store.read.findTask('other', task.id)).toBeUndefined();
  });

  it('updates a locked task from a patch and bumps its version; a missing task is not found for update', async () => {
    const instance = await host();
    const task = newTask('c', instance.id);
    await b.store.transaction((tx) => tx.insertTasks([task]));
    const updated = await b.store.transaction(async (tx) => {
      const locked = (await tx.findTaskForUpdate(task.id))!;
      return tx.updateTask(locked.id, { lastStatus: 'RUNNING', startedAt: at(5), healthStatus: 'HEALTHY' }, at(5));
    });
    expect(updated).toMatchObject({ lastStatus: 'RUNNING', startedAt: at(5), healthStatus: 'HEALTHY', version: 2 });
    expect(await b.store.transaction((tx) => tx.findTaskForUpdate('f'.repeat(32)))).toBeUndefined();
  });

  it('recomputes an instance’s reservations and counts from the tasks that still hold resources', async () => {
    const instance = await host();
    const tasks = [
      newTask('c', instance.id, { lastStatus: 'RUNNING', reservedPorts: [80] }),
      newTask('c', instance.id, { lastStatus: 'PENDING', reservedPortsUdp: [53] }),
      newTask('c', instance.id, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', reservedPorts: [81] }),
    ];
    await b.store.transaction(async (tx) => {
      await tx.insertTasks(tasks);
      await tx.recomputeInstanceUsage([instance.id], at(1));
    });
    const after = (await b.store.read.findContainerInstance('c', instance.id))!;
    expect(after.reservedResources).toEqual({ cpu: 256, memory: 512, ports: [80], portsUdp: [53] });
    expect([after.runningTasksCount, after.pendingTasksCount]).toEqual([1, 1]);
    expect(after.version).toBeGreaterThan(instance.version);

    // Ports held twice come once, in order; with every task stopped, nothing is reserved.
    await b.store.transaction(async (tx) => {
      await tx.insertTasks([newTask('c', instance.id, { lastStatus: 'RUNNING', reservedPorts: [443, 80] })]);
      await tx.recomputeInstanceUsage([instance.id], at(2));
    });
    expect((await b.store.read.findContainerInstance('c', instance.id))!.reservedResources.ports).toEqual([80, 443]);
    await b.store.transaction(async (tx) => {
      for (const t of await tx.activeTasksOnInstances([instance.id])) await tx.updateTask(t.id, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED' }, at(3));
      await tx.recomputeInstanceUsage([instance.id], at(3));
    });
    const empty = (await b.store.read.findContainerInstance('c', instance.id))!;
    expect(empty.reservedResources).toEqual({ cpu: 0, memory: 0, ports: [], portsUdp: [] });
    expect([empty.runningTasksCount, empty.pendingTasksCount]).toEqual([0, 0]);
  });

  it('locks and patches many tasks at once: each gets the fields of its own patch and keeps the rest', async () => {
    const instance = await host();
    const [one, two, three] = [newTask('c', instance.id), newTask('c', instance.id, { lastStatus: 'PENDING' }), newTask('c', instance.id)];
    await b.store.transaction((tx) => tx.insertTasks([one, two, three]));
    const missing = 'f'.repeat(32);
    const containers = [{ ...two.containers[0]!, lastStatus: 'RUNNING' as const, runtimeId: 'abc', networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 49153, protocol: 'tcp' as const }] }];
    const locked = await b.store.transaction(async (tx) => {
      const rows = await tx.findTasksForUpdate([three.id, missing, one.id, two.id, one.id]);
      await tx.updateTasks(
        [
          { id: one.id, patch: { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: 'it broke', stoppedAt: at(7), executionStoppedAt: at(6) } },
          { id: two.id, patch: { lastStatus: 'RUNNING', containers, healthStatus: 'HEALTHY', startedAt: at(5), pullStartedAt: at(3), pullStoppedAt: at(4) } },
        ],
        at(8),
      );
      return rows;
    });
    expect(locked.map((t) => t.id)).toEqual([one.id, two.id, three.id].sort());
    const read = async (id: string) => (await b.store.read.findTask('c', id))!;
    expect(await read(one.id)).toEqual({ ...one, lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: 'it broke', stoppedAt: at(7), executionStoppedAt: at(6), version: one.version + 1 });
    expect(await read(two.id)).toEqual({ ...two, lastStatus: 'RUNNING', containers, healthStatus: 'HEALTHY', startedAt: at(5), pullStartedAt: at(3), pullStoppedAt: at(4), version: two.version + 1 });
    expect(await read(three.id)).toEqual(three);
    await b.store.transaction((tx) => tx.updateTasks([], at(9)));
    expect(await read(three.id)).toEqual(three);
  });

  it('recomputes several instances in one call, an instance without tasks to zero', async () => {
    const [busy, idle] = [await host(), await host()];
    await b.store.transaction(async (tx) => {
      await tx.insertTasks([newTask('c', busy.id, { lastStatus: 'RUNNING', reservedPorts: [80] }), newTask('c', idle.id, { lastStatus: 'RUNNING', reservedPortsUdp: [53] })]);
      await tx.recomputeInstanceUsage([busy.id, idle.id], at(1));
    });
    await b.store.transaction(async (tx) => {
      for (const t of await tx.activeTasksOnInstances([idle.id])) await tx.updateTask(t.id, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED' }, at(2));
      await tx.insertTasks([newTask('c', busy.id, { lastStatus: 'PENDING', reservedPorts: [81] })]);
      await tx.recomputeInstanceUsage([idle.id, busy.id, idle.id], at(2));
    });
    const [b1, i1] = [(await b.store.read.findContainerInstance('c', busy.id))!, (await b.store.read.findContainerInstance('c', idle.id))!];
    expect([b1.reservedResources, b1.runningTasksCount, b1.pendingTasksCount]).toEqual([{ cpu: 256, memory: 512, ports: [80, 81], portsUdp: [] }, 1, 1]);
    expect([i1.reservedResources, i1.runningTasksCount, i1.pendingTasksCount]).toEqual([{ cpu: 0, memory: 0, ports: [], portsUdp: [] }, 0, 0]);
    expect(i1.version).toBe(idle.version + 2);
  });

  it('counts the groups of the tasks still holding resources on each instance', async () => {
    const [one, two] = [await host(), await host()];
    await b.store.transaction((tx) =>
      tx.insertTasks([
        newTask('c', one.id, { group: 'service:web' }),
        newTask('c', one.id, { group: 'service:web', lastStatus: 'RUNNING' }),
        newTask('c', one.id, { group: 'family:batch' }),
        newTask('c', one.id, { group: 'service:web', lastStatus: 'STOPPED', desiredStatus: 'STOPPED' }),
        newTask('c', two.id, { group: 'service:web' }),
      ]),
    );
    const counts = await b.store.read.activeTaskGroupsOnInstances([one.id, two.id]);
    expect(counts.sort((x, y) => `${x.containerInstanceId}${x.group}`.localeCompare(`${y.containerInstanceId}${y.group}`))).toEqual(
      [
        { containerInstanceId: one.id, group: 'family:batch', count: 1 },
        { containerInstanceId: one.id, group: 'service:web', count: 2 },
        { containerInstanceId: two.id, group: 'service:web', count: 1 },
      ].sort((x, y) => `${x.containerInstanceId}${x.group}`.localeCompare(`${y.containerInstanceId}${y.group}`)),
    );
    expect(await b.store.read.activeTaskGroupsOnInstances([])).toEqual([]);
  });

  it('lists by filters, in id order, paged after an id', async () => {
    const instance = await host();
    const ids = ['1', '2', '3', '4'].map((d) => d.repeat(32));
    await b.store.transaction((tx) =>
      tx.insertTasks([
        newTask('c', instance.id, { id: ids[0], family: 'a' }),
        newTask('c', instance.id, { id: ids[1], family: 'b', startedBy: 'me' }),
        newTask('c', instance.id, { id: ids[2], family: 'a', desiredStatus: 'STOPPED' }),
        newTask('c', instance.id, { id: ids[3], family: 'a', group: 'service:web' }),
      ]),
    );
    const list = (q: object) => b.store.read.listTasks({ clusterName: 'c', desiredStatus: 'RUNNING', limit: 10, ...q }).then((ts) => ts.map((t) => t.id));
    expect(await list({})).toEqual([ids[0], ids[1], ids[3]]);
    expect(await list({ family: 'a' })).toEqual([ids[0], ids[3]]);
    expect(await list({ startedBy: 'me' })).toEqual([ids[1]]);
    expect(await list({ group: 'service:web' })).toEqual([ids[3]]);
    expect(await list({ desiredStatus: 'STOPPED' })).toEqual([ids[2]]);
    expect(await list({ afterId: ids[0], limit: 1 })).toEqual([ids[1]]);
    expect(await list({ containerInstanceId: 'f'.repeat(32) })).toEqual([]);
  });

  it('an instance’s desired set leaves out what is STOPPED; a group lists recent stops for the reconciler', async () => {
    const instance = await host();
    const live = newTask('c', instance.id, { group: 'service:web', createdAt: at(1) });
    const oldStop = newTask('c', instance.id, { group: 'service:web', lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stoppedAt: at(-3600) });
    const newStop = newTask('c', instance.id, { group: 'service:web', lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stoppedAt: at(-10) });
    await b.store.transaction(async (tx) => {
      await tx.insertTasks([live, oldStop, newStop]);
      await tx.updateTask(oldStop.id, { stoppedAt: at(-3600) }, t0);
      await tx.updateTask(newStop.id, { stoppedAt: at(-10) }, t0);
    });
    expect((await b.store.read.listGroupTasks('c', 'service:web', at(-60))).map((t) => t.id).sort()).toEqual([live.id, newStop.id].sort());
    expect((await b.store.read.activeTasksOnInstances([instance.id])).map((t) => t.id)).toEqual([live.id]);
    expect(await b.store.read.activeTasksOnInstances([])).toEqual([]);
    // Many instances at once: by instance, then by creation.
    const other = await host();
    const later = newTask('c', instance.id, { createdAt: at(5) });
    const elsewhere = [newTask('c', other.id, { createdAt: at(9) }), newTask('c', other.id, { createdAt: at(2) })];
    await b.store.transaction((tx) => tx.insertTasks([later, ...elsewhere]));
    const byInstance = [[instance.id, [live.id, later.id]], [other.id, [elsewhere[1]!.id, elsewhere[0]!.id]]].sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
    expect((await b.store.read.activeTasksOnInstances([other.id, instance.id])).map((t) => t.id)).toEqual(byInstance.flatMap(([, ids]) => ids));
  });

  it('forgets stopped tasks older than the cut-off, and only those', async () => {
    const instance = await host();
    const old = newTask('c', instance.id, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED' });
    const recent = newTask('c', instance.id, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED' });
    const running = newTask('c', instance.id, { lastStatus: 'RUNNING' });
    await b.store.transaction(async (tx) => {
      await tx.insertTasks([old, recent, running]);
      await tx.updateTask(old.id, { stoppedAt: at(-7200) }, t0);
      await tx.updateTask(recent.id, { stoppedAt: at(-60) }, t0);
    });
    expect(await b.store.read.deleteStoppedTasksBefore(at(-3600))).toBe(1);
    expect(await b.store.read.findTask('c', old.id)).toBeUndefined();
    expect(await b.store.read.findTask('c', recent.id)).toBeDefined();
    expect(await b.store.read.findTask('c', running.id)).toBeDefined();
  });

  it('locks the instances a plan chose, in id order, leaving out those that are gone', async () => {
    const a = await host();
    const b2 = await b.store.transaction((tx) => tx.insertContainerInstance(newInstance('c')));
    const locked = await b.store.transaction((tx) => tx.lockContainerInstances([b2.id, a.id, 'f'.repeat(32), a.id]));
    expect(locked.map((i) => i.id)).toEqual([a.id, b2.id].sort());
    expect(locked[0]!.agentAttributes).toEqual([]);
  });
});
