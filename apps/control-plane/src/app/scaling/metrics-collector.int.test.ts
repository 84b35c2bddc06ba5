import { beforeEach, describe, expect, it } from 'vitest';
import { storeBackends, type StoreBackend } from '@berth/state-store/testing';
import { reconcileOneService } from '../service-scheduler/reconcile-service.js';
import { useAppHarness, webDefinition, type AppHarness } from '../testing/app-harness.js';
import { ServiceMetricsCollector } from './metrics-collector.js';

describe.each(storeBackends)('the service metrics collector on %s', (_kind, start) => {
  const current = useAppHarness(start);
  let h: AppHarness;
  let backend: StoreBackend;
  beforeEach(() => {
    ({ h, backend } = current);
  });

  it('adds each service task’s samples of a period into one row per service, against what the tasks reserve', async () => {
    const host = await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition('web', {}, { cpu: 256, memory: 128 }));
    await h.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: 'web', desiredCount: 2 });
    await reconcileOneService(h.app, 'c', 'web');
    const other = await h.addInstance('c');
    const tasks = await backend.store.read.listTasks({ clusterName: 'c', group: 'service:web', desiredStatus: 'RUNNING', limit: 10 });
    const standalone = (await h.call('RunTask', { cluster: 'c', taskDefinition: 'web' })) as { tasks: { taskArn: string }[] };
    expect(tasks).toHaveLength(2);
    const [a, b] = tasks.map((t) => t.arn) as [string, string];

    const collector = new ServiceMetricsCollector(h.app, { periodMs: 10_000, replica: 'r1' });
    const now = h.app.now();
    await collector.add(host.id, { sampledAt: now, tasks: [{ taskArn: a, cpuUnits: 200, memoryMiB: 64 }, { taskArn: b, cpuUnits: 100, memoryMiB: 32 }] });
    await collector.add(host.id, { sampledAt: new Date(now.getTime() + 2_000), tasks: [{ taskArn: a, cpuUnits: 100, memoryMiB: 64 }] });
    // Another host cannot speak for these tasks; a standalone task and an unknown one count for nothing.
    await collector.add(other.id, { sampledAt: now, tasks: [{ taskArn: b, cpuUnits: 5_000, memoryMiB: 5_000 }] });
    await collector.add(host.id, { sampledAt: now, tasks: [{ taskArn: standalone.tasks[0]!.taskArn, cpuUnits: 900, memoryMiB: 900 }, { taskArn: a.replace(/[0-9a-f]{32}$/, 'f'.repeat(32)), cpuUnits: 900, memoryMiB: 1 }] });

    const rows = await collector.flush();
    expect(rows).toEqual([
      // a: (200 + 100) / 2 = 150 units, b: 100 → 250 of 512 reserved; memory 64 + 32 of 256.
      { clusterName: 'c', serviceName: 'web', periodStart: new Date(Math.floor(now.getTime() / 10_000) * 10_000), replica: 'r1', tasks: 2, cpuUsed: 250, cpuReserved: 512, memoryUsed: 96, memoryReserved: 256 },
    ]);
    expect(await backend.store.read.listServicePeriods('c', 'web', new Date(now.getTime() - 60_000))).toEqual([
      { periodStart: rows[0]!.periodStart, tasks: 2, cpuUsed: 250, cpuReserved: 512, memoryUsed: 96, memoryReserved: 256 },
    ]);
    // Once ended, a period is written once more (with what arrived late for it), then forgotten.
    h.advance(25);
    expect(await collector.flush()).toEqual(rows);
    expect(await collector.flush()).toEqual([]);
  });
});
