/**
 * Pure placement throughput: 10,000 tasks onto 5,000 instances with a spread + binpack strategy
 * and a memberOf constraint, and the same at 1,250, 2,500 and 10,000 instances to show how the cost grows.
 *
 *   node scripts/bench.mjs placement-throughput
 */
import { memberOf, place, placeByScan, type InstanceSnapshot, type PlacementPlan, type PlacementRequest } from '@berth/scheduler';

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

type Placer = (request: PlacementRequest, instances: readonly InstanceSnapshot[]) => PlacementPlan;

function measure(placer: Placer, instances: number, tasks: number): { ms: number; perSecond: number; placed: number } {
  const snapshot = cluster(instances);
  placer(request(200), snapshot); // warm-up (JIT)
  let best = Infinity;
  let placed = 0;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    placed = placer(request(tasks), snapshot).placements.length;
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, perSecond: (tasks / best) * 1000, placed };
}

const SIZES = [1_250, 2_500, 5_000, 10_000];
const TASKS = 10_000;
const placers: [string, Placer][] = [
  ['indexed (place)', place],
  ['scan (placeByScan, the reference)', placeByScan],
];
console.log(`Placement of ${TASKS.toLocaleString('en')} tasks (spread on zone + binpack on memory + memberOf), one process, one core, best of 3`);
console.log('| placer | instances | time | placements/s | µs per placement |');
console.log('|---|---|---|---|---|');
const summary: Record<string, unknown> = {};
for (const [name, placer] of placers) {
  const rows = SIZES.map((instances) => ({ instances, ...measure(placer, instances, TASKS) }));
  for (const r of rows) console.log(`| ${name} | ${r.instances} | ${r.ms.toFixed(1)} ms | ${r.perSecond.toFixed(0)} | ${((r.ms * 1000) / TASKS).toFixed(2)} |`);
  if (rows.some((r) => r.placed !== TASKS)) console.log(`warning: ${name} did not place every task`, rows.map((r) => r.placed));
  summary[name.split(' ')[0]!] = {
    perSecondAt5000: Math.round(rows[2]!.perSecond),
    growth2500to10000: Number((rows[3]!.ms / rows[1]!.ms).toFixed(2)),
  };
}
console.log('\ncost at 10,000 instances / cost at 2,500 instances: linear would be 4.00');
console.log(JSON.stringify(summary));
