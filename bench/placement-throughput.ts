/**
 * Pure placement throughput: 10,000 tasks onto 5,000 instances with a spread + binpack strategy
 * and a memberOf constraint, and the same at 1,250, 2,500 and 10,000 instances to show how the cost grows.
 *
 *   node scripts/bench.mjs placement-throughput
 */
import { memberOf, place, type InstanceSnapshot, type PlacementRequest } from '@berth/scheduler';

const ZONES = ['zone-a', 'zone-b', 'zone-c'];
const TYPES = ['m5.large', 'm5.xlarge', 'c5.large', 't3.micro'];

function cluster(size: number): InstanceSnapshot[] {
  return Array.from({ length: size }, (_, i) => ({
    id: i.toString(16).padStart(32, '0'),
    arn: `arn:aws:ecs:local:000000000000:container-instance/bench/${i.toString(16).padStart(32, '0')}`,
    hostname: `host-${i}`,
    status: 'ACTIVE' as const,
    agentConnected: i % 97 !== 0,
    remainingCpu: 4096,
    remainingMemory: 16_384,
    takenPorts: new Set([22, 2375, 2376, 51678, 51679]),
    takenPortsUdp: new Set<number>(),
    attributes: { 'ecs.availability-zone': ZONES[i % ZONES.length], 'ecs.instance-type': TYPES[i % TYPES.length], 'ecs.os-type': 'linux' },
    taskGroups: [],
    agentVersion: '0.1.0',
    registeredAt: new Date(0),
    runningTasksCount: 0,
  }));
}

const request = (count: number): PlacementRequest => ({
  count,
  cpu: 256,
  memory: 512,
  ports: [],
  portsUdp: [],
  group: 'service:web',
  constraints: [memberOf('attribute:ecs.instance-type in [m5.large, m5.xlarge, c5.large] and attribute:ecs.os-type == linux')],
  strategies: [
    { type: 'spread', field: 'attribute:ecs.availability-zone' },
    { type: 'binpack', field: 'memory' },
  ],
  seed: 42,
});

function measure(instances: number, tasks: number): { ms: number; perSecond: number; placed: number } {
  const snapshot = cluster(instances);
  place(request(200), snapshot); // warm-up (JIT)
  const start = performance.now();
  const plan = place(request(tasks), snapshot);
  const ms = performance.now() - start;
  return { ms, perSecond: (tasks / ms) * 1000, placed: plan.placements.length };
}

const rows = [1_250, 2_500, 5_000, 10_000].map((instances) => ({ instances, ...measure(instances, 10_000) }));
console.log('Placement of 10,000 tasks (spread on zone + binpack on memory + memberOf), one process, one core');
console.log('| instances | time | placements/s | µs per placement per 1,000 instances |');
console.log('|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.instances} | ${r.ms.toFixed(0)} ms | ${r.perSecond.toFixed(0)} | ${((r.ms * 1000) / 10_000 / (r.instances / 1000)).toFixed(2)} |`);
}
const ratio = rows[3]!.ms / rows[1]!.ms;
console.log(`\ncost at 10,000 instances / cost at 2,500 instances = ${ratio.toFixed(2)} (linear would be 4.00)`);
if (rows.some((r) => r.placed !== 10_000)) console.log('warning: not every task was placed', rows.map((r) => r.placed));
