import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { place } from './place.js';
import { recheckPlacements } from './recheck.js';
import { memberOf } from './member-of.js';
import { instance } from './place.fixtures.js';
import type { PlacementRequest } from './types.js';

const request = (over: Partial<PlacementRequest> = {}): PlacementRequest => ({
  count: 1,
  cpu: 256,
  memory: 512,
  ports: [],
  portsUdp: [],
  group: 'family:web',
  constraints: [],
  strategies: [],
  seed: 1,
  ...over,
});

describe('place', () => {
  it.each([
    ['a DRAINING instance', { status: 'DRAINING' as const }, {}, 'DRAINING'],
    ['a disconnected agent', { agentConnected: false }, {}, 'AGENT'],
    ['too little CPU', { remainingCpu: 100 }, {}, 'RESOURCE:CPU'],
    ['too little memory', { remainingMemory: 100 }, {}, 'RESOURCE:MEMORY'],
    ['a taken static port', {}, { ports: [22] }, 'RESOURCE:PORTS'],
    ['distinctInstance with a task of the group there', { taskGroups: ['family:web'] }, { constraints: [{ type: 'distinctInstance' as const }] }, 'ATTRIBUTE'],
  ])('turns down %s with its reason', (_what, instanceOver, requestOver, reason) => {
    const plan = place(request(requestOver), [instance('a', instanceOver)]);
    expect(plan.placements).toEqual([]);
    expect(plan.failures).toEqual([expect.objectContaining({ reason, arn: instance('a').arn })]);
    expect(plan.failures[0]!.detail).toContain('container-instance a');
  });

  it('names the instance that came closest: the one that passed most filters', () => {
    const plan = place(request({ memory: 1000 }), [
      instance('drain', { status: 'DRAINING' }),
      instance('small', { remainingMemory: 900 }),
      instance('smaller', { remainingMemory: 100 }),
    ]);
    expect(plan.failures[0]).toMatchObject({ reason: 'RESOURCE:MEMORY', arn: instance('small').arn });
    expect(plan.failures[0]!.detail).toContain('900 MiB free of 1000 MiB needed');
  });

  it('later copies see the earlier ones: count 4 on two instances with room for 2 each', () => {
    const plan = place(request({ count: 5, memory: 1024 }), [instance('a'), instance('b')]);
    expect([...plan.placements].sort()).toEqual(['a', 'a', 'b', 'b']);
    expect(plan.failures).toHaveLength(1);
    expect(plan.failures[0]!.reason).toBe('RESOURCE:MEMORY');
  });

  it('binpack on memory fills the fullest instance first', () => {
    const plan = place(request({ count: 2, strategies: [{ type: 'binpack', field: 'memory' }] }), [
      instance('roomy', { remainingMemory: 8192 }),
      instance('tight', { remainingMemory: 1024 }),
    ]);
    expect(plan.placements).toEqual(['tight', 'tight']);
  });

  it('spread by attribute balances buckets, then instances', () => {
    const zone = (z: string) => ({ attributes: { 'ecs.availability-zone': z } });
    const plan = place(request({ count: 4, strategies: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'spread', field: 'instanceId' }] }), [
      instance('a1', zone('a')),
      instance('a2', zone('a')),
      instance('b1', zone('b')),
    ]);
    const zoneCount = (z: string) => plan.placements.filter((id) => id.startsWith(z)).length;
    expect(zoneCount('a')).toBe(2);
    expect(zoneCount('b')).toBe(2);
    expect(new Set(plan.placements.filter((id) => id.startsWith('a')))).toEqual(new Set(['a1', 'a2']));
  });

  it('spread by host counts every instance on the host', () => {
    const plan = place(request({ count: 1, strategies: [{ type: 'spread', field: 'host' }] }), [
      instance('x1', { hostname: 'x', taskGroups: ['family:web'] }),
      instance('x2', { hostname: 'x' }),
      instance('y1', { hostname: 'y' }),
    ]);
    expect(plan.placements).toEqual(['y1']);
  });

  it('memberOf keeps only matching instances', () => {
    const plan = place(
      request({ count: 2, constraints: [memberOf('attribute:disk == ssd')] }),
      [instance('hdd', { attributes: { disk: 'hdd' } }), instance('ssd', { attributes: { disk: 'ssd' } })],
    );
    expect(plan.placements).toEqual(['ssd', 'ssd']);
  });

  it('memberOf sees task groups and numbers, and a miss is an ATTRIBUTE failure', () => {
    const constraint = memberOf('not(task:group == service:db) and runningTasksCount < 3');
    const plan = place(request({ count: 1, constraints: [constraint] }), [
      instance('db', { taskGroups: ['service:db'] }),
      instance('busy', { runningTasksCount: 5 }),
    ]);
    expect(plan.failures[0]).toMatchObject({ reason: 'ATTRIBUTE' });
    expect(place(request({ constraints: [constraint] }), [instance('free')]).placements).toEqual(['free']);
  });

  it('an empty cluster is a failure, not a crash', () => {
    expect(place(request(), []).failures[0]).toMatchObject({ reason: 'AGENT' });
  });
});

const arbInstances = fc.array(
  fc.record({
    cpu: fc.integer({ min: 0, max: 4096 }),
    memory: fc.integer({ min: 0, max: 4096 }),
    ports: fc.uniqueArray(fc.integer({ min: 8000, max: 8005 }), { maxLength: 3 }),
    groups: fc.array(fc.constantFrom('family:web', 'family:db'), { maxLength: 3 }),
    zone: fc.constantFrom('a', 'b', 'c'),
    connected: fc.boolean(),
  }),
  { minLength: 1, maxLength: 12 },
).map((list) =>
  list.map((s, i) =>
    instance(`i${i}`, {
      remainingCpu: s.cpu,
      remainingMemory: s.memory,
      takenPorts: new Set(s.ports),
      taskGroups: s.groups,
      agentConnected: s.connected,
      attributes: { 'ecs.availability-zone': s.zone },
    }),
  ),
);
const arbRequest = fc.record({
  count: fc.integer({ min: 1, max: 20 }),
  cpu: fc.integer({ min: 0, max: 1024 }),
  memory: fc.integer({ min: 1, max: 1024 }),
  ports: fc.uniqueArray(fc.integer({ min: 8000, max: 8005 }), { maxLength: 2 }),
  distinct: fc.boolean(),
  seed: fc.integer(),
  strategy: fc.constantFrom('spread-instance', 'spread-zone', 'binpack-memory', 'random'),
});
type ArbRequest = typeof arbRequest extends fc.Arbitrary<infer T> ? T : never;
const toRequest = (r: ArbRequest): PlacementRequest =>
  request({
    count: r.count,
    cpu: r.cpu,
    memory: r.memory,
    ports: r.ports,
    seed: r.seed,
    constraints: r.distinct ? [{ type: 'distinctInstance' }] : [],
    strategies:
      r.strategy === 'spread-instance'
        ? [{ type: 'spread', field: 'instanceId' }]
        : r.strategy === 'spread-zone'
          ? [{ type: 'spread', field: 'attribute:ecs.availability-zone' }]
          : r.strategy === 'binpack-memory'
            ? [{ type: 'binpack', field: 'memory' }]
            : [{ type: 'random' }],
  });

describe('place (properties)', () => {
  it('never over-commits CPU, memory or a port, and never uses an unconnected instance', () => {
    fc.assert(
      fc.property(arbInstances, arbRequest, (instances, r) => {
        const req = toRequest(r);
        const plan = place(req, instances);
        expect(plan.placements.length + plan.failures.length).toBe(req.count);
        for (const inst of instances) {
          const n = plan.placements.filter((id) => id === inst.id).length;
          if (n === 0) continue;
          expect(inst.agentConnected).toBe(true);
          expect(n * req.cpu).toBeLessThanOrEqual(inst.remainingCpu);
          expect(n * req.memory).toBeLessThanOrEqual(inst.remainingMemory);
          if (req.ports.length > 0) {
            expect(n).toBe(1);
            for (const p of req.ports) expect(inst.takenPorts.has(p)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('distinctInstance is never violated', () => {
    fc.assert(
      fc.property(arbInstances, arbRequest, (instances, r) => {
        const req = toRequest({ ...r, distinct: true });
        const plan = place(req, instances);
        const used = new Map<string, number>();
        for (const id of plan.placements) used.set(id, (used.get(id) ?? 0) + 1);
        for (const [id, n] of used) {
          expect(n).toBe(1);
          expect(instances.find((i) => i.id === id)!.taskGroups).not.toContain(req.group);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('spread keeps instances within one task of each other when capacity allows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 40 }), fc.integer(), (n, count, seed) => {
        const instances = Array.from({ length: n }, (_, i) => instance(`i${i}`, { remainingCpu: 1e6, remainingMemory: 1e6 }));
        const plan = place(request({ count, seed, strategies: [{ type: 'spread', field: 'instanceId' }] }), instances);
        const counts = instances.map((i) => plan.placements.filter((id) => id === i.id).length);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('the same seed gives the same plan', () => {
    fc.assert(
      fc.property(arbInstances, arbRequest, (instances, r) => {
        expect(place(toRequest(r), instances)).toEqual(place(toRequest(r), instances));
      }),
      { numRuns: 100 },
    );
  });
});

describe('recheckPlacements', () => {
  it('admits what still fits and turns the rest into failures', () => {
    const req = request({ count: 3, memory: 1024 });
    const plan = place(req, [instance('a'), instance('b')]);
    expect(plan.placements).toHaveLength(3);
    // Meanwhile b lost its agent and a lost half its memory.
    const outcomes = recheckPlacements(req, [instance('a', { remainingMemory: 1024 }), instance('b', { agentConnected: false })], plan.placements);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok).map((o) => (o.ok ? '' : o.failure.reason)).sort()).toEqual(
      plan.placements.filter((id) => id === 'a').length === 2 ? ['AGENT', 'RESOURCE:MEMORY'] : ['AGENT', 'AGENT'],
    );
  });

  it('reports an instance that disappeared', () => {
    const outcomes = recheckPlacements(request(), [], ['gone']);
    expect(outcomes[0]).toMatchObject({ ok: false, failure: { reason: 'AGENT' } });
  });
});
