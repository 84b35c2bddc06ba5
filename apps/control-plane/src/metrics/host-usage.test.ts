import { describe, expect, it } from 'vitest';
import { createMetrics } from './api-metrics.js';
import { HostUsage, clusterTotals } from './host-usage.js';

const sample = (...tasks: [number, number][]) => ({ sampledAt: new Date(0), tasks: tasks.map(([cpuUnits, memoryMiB], i) => ({ taskArn: `arn:t${i}`, cpuUnits, memoryMiB })) });

describe('HostUsage', () => {
  it("keeps each host's latest sample, summed over its tasks", () => {
    const usage = new HostUsage(60_000, () => 1_000);
    usage.record('i-1', 'prod', sample([100, 10], [300, 20]));
    usage.record('i-1', 'prod', sample([50, 5])); // replaces the earlier one
    usage.record('i-2', 'prod', sample());
    expect(usage.hosts()).toEqual([
      { clusterName: 'prod', instanceId: 'i-1', tasks: 1, cpuUnits: 50, memoryMiB: 5 },
      { clusterName: 'prod', instanceId: 'i-2', tasks: 0, cpuUnits: 0, memoryMiB: 0 },
    ]);
  });

  it('forgets a host whose session ended, and hides one whose sample is too old', () => {
    let now = 0;
    const usage = new HostUsage(60_000, () => now);
    usage.record('old', 'prod', sample([1, 1]));
    now = 30_000;
    usage.record('gone', 'prod', sample([1, 1]));
    usage.record('fresh', 'prod', sample([1, 1]));
    usage.forget('gone');
    now = 60_001;
    expect(usage.hosts().map((h) => h.instanceId)).toEqual(['fresh']);
  });
});

describe('clusterTotals', () => {
  it.each([
    ['no hosts', [], []],
    [
      'hosts of two clusters',
      [
        { clusterName: 'a', instanceId: '1', tasks: 2, cpuUnits: 100, memoryMiB: 64 },
        { clusterName: 'b', instanceId: '2', tasks: 1, cpuUnits: 7, memoryMiB: 8 },
        { clusterName: 'a', instanceId: '3', tasks: 0, cpuUnits: 0, memoryMiB: 0 },
      ],
      [
        { clusterName: 'a', instances: 2, tasks: 2, cpuUnits: 100, memoryMiB: 64 },
        { clusterName: 'b', instances: 1, tasks: 1, cpuUnits: 7, memoryMiB: 8 },
      ],
    ],
  ])('%s', (_, hosts, expected) => {
    expect(clusterTotals(hosts)).toEqual(expected);
  });
});

describe('/metrics per instance and per cluster', () => {
  it('exports a gauge per host and per cluster, and drops a host once it is forgotten', async () => {
    const usage = new HostUsage(60_000);
    usage.record('i-1', 'prod', sample([512, 100], [256, 28]));
    usage.record('i-2', 'prod', sample([64, 16]));
    const { registry } = createMetrics(() => 2, () => [], usage);
    const text = await registry.metrics();
    expect(text).toContain('berth_instance_cpu_units_used{cluster="prod",container_instance="i-1"} 768');
    expect(text).toContain('berth_instance_memory_used_mib{cluster="prod",container_instance="i-2"} 16');
    expect(text).toContain('berth_instance_sampled_tasks{cluster="prod",container_instance="i-1"} 2');
    expect(text).toContain('berth_cluster_cpu_units_used{cluster="prod"} 832');
    expect(text).toContain('berth_cluster_memory_used_mib{cluster="prod"} 144');
    expect(text).toContain('berth_cluster_sampled_tasks{cluster="prod"} 3');
    expect(text).toContain('berth_cluster_sampled_instances{cluster="prod"} 2');
    usage.forget('i-1');
    const after = await registry.metrics();
    expect(after).not.toContain('container_instance="i-1"');
    expect(after).toContain('berth_cluster_sampled_instances{cluster="prod"} 1');
  });
});
