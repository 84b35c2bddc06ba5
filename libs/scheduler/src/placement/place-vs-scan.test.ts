import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reserve, type Candidate } from './candidate.js';
import { memberOf } from './member-of.js';
import { instance } from './place.fixtures.js';
import { place } from './place.js';
import { placeByScan } from './place-by-scan.js';
import { placementFailure, startPlan } from './plan-start.js';
import type { InstanceSnapshot, PlacementConstraint, PlacementRequest, PlacementStrategy } from './types.js';

// The indexed place() against the scan it replaces: replaying an indexed plan step by step, every
// copy must land on a candidate the scan would have accepted with the scan's best score vector
// (ties may go either way: both draw from the seed, differently), and a failure must come exactly
// when the scan finds nothing, with the scan's failure.

const arbInstances = fc.array(
  fc.record({
    cpu: fc.constantFrom(0, 1024, 2048, 4096, 4096),
    memory: fc.constantFrom(0, 1024, 2048, 3072, 4096, 4096),
    ports: fc.uniqueArray(fc.integer({ min: 8000, max: 8003 }), { maxLength: 2 }),
    groups: fc.array(fc.constantFrom('family:web', 'family:db'), { maxLength: 3 }),
    zone: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined, freq: 6 }),
    host: fc.integer({ min: 0, max: 5 }),
    status: fc.constantFrom('ACTIVE', 'ACTIVE', 'ACTIVE', 'DRAINING'),
    connected: fc.constantFrom(true, true, true, false),
    running: fc.integer({ min: 0, max: 4 }),
  }),
  { minLength: 0, maxLength: 24 },
).map((list) =>
  list.map(
    (s, i): InstanceSnapshot =>
      instance(`i${i}`, {
        hostname: `host-${s.host}`,
        status: s.status as InstanceSnapshot['status'],
        agentConnected: s.connected,
        remainingCpu: s.cpu,
        remainingMemory: s.memory,
        takenPorts: new Set(s.ports),
        attributes: s.zone ? { 'ecs.availability-zone': s.zone, rack: `r${i % 2}` } : { rack: `r${i % 2}` },
        taskGroups: s.groups,
        runningTasksCount: s.running,
      }),
  ),
);

const strategies: Record<string, PlacementStrategy> = {
  random: { type: 'random' },
  binpackCpu: { type: 'binpack', field: 'cpu' },
  binpackMemory: { type: 'binpack', field: 'memory' },
  spreadInstance: { type: 'spread', field: 'instanceId' },
  spreadHost: { type: 'spread', field: 'host' },
  spreadZone: { type: 'spread', field: 'attribute:ecs.availability-zone' },
  spreadRack: { type: 'spread', field: 'attribute:rack' },
};
const constraints: Record<string, PlacementConstraint> = {
  distinct: { type: 'distinctInstance' },
  zoneAB: memberOf('attribute:ecs.availability-zone in [a, b]'),
  notDb: memberOf('not(task:group == family:db)'),
  fewRunning: memberOf('runningTasksCount < 5'),
};

const arbRequest = fc
  .record({
    count: fc.integer({ min: 1, max: 30 }),
    cpu: fc.constantFrom(0, 128, 256),
    memory: fc.constantFrom(1, 128, 256),
    ports: fc.constantFrom([], [], [], [8000], [8001, 8002]),
    strategies: fc.array(fc.constantFrom(...Object.keys(strategies)), { maxLength: 3 }),
    constraints: fc.uniqueArray(fc.constantFrom(...Object.keys(constraints)), { maxLength: 2 }),
    seed: fc.integer(),
  })
  .map(
    (r): PlacementRequest => ({
      count: r.count,
      cpu: r.cpu,
      memory: r.memory,
      ports: r.ports,
      portsUdp: [],
      group: 'family:web',
      constraints: r.constraints.map((c) => constraints[c]!),
      strategies: r.strategies.map((s) => strategies[s]!),
      seed: r.seed,
    }),
  );

/** What the scan sees at this state: the best score vector among fitting candidates, and how many share it. */
function scanBest(plan: ReturnType<typeof startPlan>, request: PlacementRequest): { best?: number[]; ties: number } {
  let best: number[] | undefined;
  let ties = 0;
  for (const c of plan.eligible) {
    if (!plan.fits(c)) continue;
    const scores = plan.scorers.map((s) => s.score(c, request));
    const order = best ? compare(scores, best) : -1;
    if (order < 0) [best, ties] = [scores, 1];
    else if (order === 0) ties += 1;
  }
  return { best, ties };
}

const compare = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
};

describe('place (indexed) against placeByScan', () => {
  it('every copy goes where the scan would score it best, and failures come when the scan finds nothing', () => {
    const reached = { ties: 0, sharedBuckets: 0, failures: 0, placements: 0 };
    fc.assert(
      fc.property(arbInstances, arbRequest, (instances, request) => {
        const indexed = place(request, instances);
        expect(indexed.placements.length + indexed.failures.length).toBe(request.count);
        const replay = startPlan(request, instances);
        const byId = new Map<string, Candidate>(replay.candidates.map((c) => [c.instance.id, c]));
        for (const id of indexed.placements) {
          const chosen = byId.get(id)!;
          const { best, ties } = scanBest(replay, request);
          expect(best, `copy on ${id} where the scan finds no room`).toBeDefined();
          expect(replay.eligible).toContain(chosen);
          expect(replay.fits(chosen)).toBe(true);
          expect(replay.scorers.map((s) => s.score(chosen, request))).toEqual(best);
          if (ties > 1) reached.ties += 1;
          if (replay.scorers.some((s) => s.bucketOf && replay.eligible.some((o) => o !== chosen && s.bucketOf!(o) === s.bucketOf!(chosen)))) reached.sharedBuckets += 1;
          reached.placements += 1;
          reserve(chosen, request);
          for (const s of replay.scorers) s.placed(chosen);
        }
        if (indexed.failures.length > 0) {
          reached.failures += 1;
          expect(scanBest(replay, request).best).toBeUndefined();
          for (const failure of indexed.failures) expect(failure).toEqual(placementFailure(replay.candidates, request));
        }
      }),
      { numRuns: 1500 },
    );
    console.log(`indexed vs scan reached: ${JSON.stringify(reached)}`);
    expect(reached.ties).toBeGreaterThan(500);
    expect(reached.sharedBuckets).toBeGreaterThan(500);
    expect(reached.failures).toBeGreaterThan(200);
  });

  it('where no two candidates ever tie, the plans are the same', () => {
    // Distinct memory on every instance and binpack on memory first: the best is always unique.
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 40 }), fc.integer(), (sizes, count, seed) => {
        const instances = sizes.map((gib, i) =>
          instance(`i${i}`, { remainingCpu: 1e6, remainingMemory: gib * 1024 + i, takenPorts: new Set(), attributes: { 'ecs.availability-zone': `z${i % 3}` } }),
        );
        const request: PlacementRequest = {
          count,
          cpu: 1,
          memory: 1024,
          ports: [],
          portsUdp: [],
          group: 'family:web',
          constraints: [],
          strategies: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }],
          seed,
        };
        expect(place(request, instances)).toEqual(placeByScan(request, instances));
      }),
      { numRuns: 300 },
    );
  });

  it('ties are drawn from the seed: the random strategy reaches every instance', () => {
    const instances = Array.from({ length: 8 }, (_, i) => instance(`i${i}`, { remainingCpu: 4096, remainingMemory: 4096 }));
    const hits = new Map<string, number>();
    for (let seed = 0; seed < 400; seed++) {
      const [id] = place({ count: 1, cpu: 1, memory: 1, ports: [], portsUdp: [], group: 'g', constraints: [], strategies: [{ type: 'random' }], seed }, instances).placements;
      hits.set(id!, (hits.get(id!) ?? 0) + 1);
    }
    expect(hits.size).toBe(8);
    for (const n of hits.values()) expect(n).toBeGreaterThan(20); // 50 expected each
  });
});
