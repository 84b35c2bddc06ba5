import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Task } from '@berth/domain';
import { at, deployment, failedStart, input, instance, service, task } from './reconcile.fixtures.js';
import { lowerBound, upperBound } from './bounds.js';
import { reconcileService } from './reconcile.js';
import type { DeploymentState, ReconcileInput, ServicePlan } from './types.js';

/**
 * Properties over arbitrary services: any mix of deployments, task statuses, health, instance
 * states and configurations. The oracle below restates the spec's definitions independently.
 */
const PRIMARY = 5;
const arbTask = fc.record({
  dep: fc.constantFrom(1, 2, 3, PRIMARY, PRIMARY, 42),
  desired: fc.constantFrom('RUNNING', 'RUNNING', 'STOPPED') as fc.Arbitrary<Task['desiredStatus']>,
  last: fc.constantFrom('PROVISIONING', 'PENDING', 'RUNNING', 'RUNNING', 'STOPPING', 'STOPPED') as fc.Arbitrary<Task['lastStatus']>,
  health: fc.constantFrom('HEALTHY', 'UNHEALTHY', 'UNKNOWN') as fc.Arbitrary<Task['healthStatus']>,
  /** i0…i3; an index past the generated instances is a task on a vanished instance. */
  instance: fc.integer({ min: 0, max: 3 }),
  startedAgo: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
  createdAgo: fc.integer({ min: 0, max: 1000 }),
  failedToStart: fc.constantFrom(false, false, true),
});

const arbAny = fc
  .record({
    daemon: fc.boolean(),
    draining: fc.constantFrom(false, false, false, true),
    desired: fc.integer({ min: 0, max: 8 }),
    min: fc.integer({ min: 0, max: 100 }),
    max: fc.integer({ min: 50, max: 200 }),
    grace: fc.constantFrom(0, 60),
    hc: fc.boolean(),
    primaryState: fc.constantFrom('IN_PROGRESS', 'COMPLETED', 'FAILED') as fc.Arbitrary<DeploymentState['rolloutState']>,
    breaker: fc.record({ enable: fc.boolean(), rollback: fc.boolean() }),
    instances: fc.array(
      fc.record({ status: fc.constantFrom('ACTIVE', 'ACTIVE', 'ACTIVE', 'DRAINING', 'INACTIVE') as fc.Arbitrary<'ACTIVE'>, connected: fc.constantFrom(true, true, false) }),
      { minLength: 1, maxLength: 4 },
    ),
    tasks: fc.array(arbTask, { maxLength: 16 }),
  })
  .map((s): ReconcileInput => {
    const deployments = [
      deployment(1, { status: 'INACTIVE', rolloutState: 'COMPLETED', hasHealthCheck: s.hc }),
      deployment(2, { status: 'ACTIVE', hasHealthCheck: s.hc }),
      deployment(3, { status: 'ACTIVE', rolloutState: 'COMPLETED', hasHealthCheck: s.hc }),
      deployment(PRIMARY, { rolloutState: s.primaryState, hasHealthCheck: s.hc }),
    ];
    const svc = service({
      schedulingStrategy: s.daemon ? 'DAEMON' : 'REPLICA',
      status: s.draining ? 'DRAINING' : 'ACTIVE',
      desiredCount: s.desired,
      min: s.min,
      max: s.max,
      breaker: s.breaker,
      healthCheckGracePeriodSeconds: s.grace,
      deployments,
    });
    const instances = s.instances.map((i, n) => instance(`i${n}`, { status: i.status, agentConnected: i.connected }));
    const taskList = s.tasks.map((t, n) => {
      const over = { id: `p${String(n).padStart(3, '0')}`, containerInstanceId: `i${t.instance}`, createdAt: at(-t.createdAgo) };
      if (t.failedToStart) return failedStart(t.dep, t.createdAgo, over);
      return task(t.dep, { ...over, desiredStatus: t.desired, lastStatus: t.last, healthStatus: t.health, startedAt: t.startedAgo === undefined ? undefined : at(-t.startedAgo) });
    });
    return input(svc, taskList, { instances });
  });

/**
 * Rollouts in progress: an ACTIVE REPLICA service on ACTIVE, connected instances whose PRIMARY
 * may launch, with tasks of older deployments still running — the cases where minimumHealthyPercent
 * binds, which arbitrary mixes rarely produce (about 1 in 100).
 */
const arbRollout = fc
  .record({
    desired: fc.integer({ min: 1, max: 8 }),
    min: fc.integer({ min: 0, max: 100 }),
    max: fc.integer({ min: 100, max: 200 }),
    hc: fc.boolean(),
    instances: fc.integer({ min: 1, max: 4 }),
    old: fc.array(fc.record({ dep: fc.constantFrom(2, 3), health: fc.constantFrom('HEALTHY', 'HEALTHY', 'UNHEALTHY', 'UNKNOWN') as fc.Arbitrary<Task['healthStatus']>, instance: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 10 }),
    primary: fc.array(fc.record({ last: fc.constantFrom('PENDING', 'RUNNING', 'RUNNING') as fc.Arbitrary<Task['lastStatus']>, health: fc.constantFrom('HEALTHY', 'UNKNOWN') as fc.Arbitrary<Task['healthStatus']> }), { maxLength: 6 }),
  })
  .map((s): ReconcileInput => {
    const deployments = [
      deployment(2, { status: 'ACTIVE', hasHealthCheck: s.hc }),
      deployment(3, { status: 'ACTIVE', rolloutState: 'COMPLETED', hasHealthCheck: s.hc }),
      deployment(PRIMARY, { hasHealthCheck: s.hc }),
    ];
    const svc = service({ desiredCount: s.desired, min: s.min, max: s.max, deployments });
    const instances = Array.from({ length: s.instances }, (_, n) => instance(`i${n}`));
    const taskList = [
      ...s.old.map((t, n) => task(t.dep, { id: `o${String(n).padStart(3, '0')}`, containerInstanceId: `i${t.instance % s.instances}`, healthStatus: t.health })),
      ...s.primary.map((t, n) => task(PRIMARY, { id: `n${String(n).padStart(3, '0')}`, containerInstanceId: `i${n % s.instances}`, lastStatus: t.last, healthStatus: t.health })),
    ];
    return input(svc, taskList, { instances });
  });

const arbInput = fc.oneof(arbAny, arbRollout);

/**
 * Asserts a guarded property over `numRuns` inputs and that enough inputs reach its check: the
 * property returns whether its assertion applied. Reports the share reached.
 */
function assertReaching(name: string, property: (inp: ReconcileInput) => boolean, numRuns: number, minShare: number): void {
  let reached = 0;
  fc.assert(
    fc.property(arbInput, (inp) => {
      if (property(inp)) reached++;
    }),
    { numRuns },
  );
  console.info(`${name}: ${reached} of ${numRuns} generated services reached the check`);
  expect(reached, `only ${reached} of ${numRuns} generated services reached the check`).toBeGreaterThanOrEqual(Math.ceil(numRuns * minShare));
}

/** The spec's definitions, restated. */
function oracle(inp: ReconcileInput, plan: ServicePlan) {
  const { service: svc, now } = inp;
  const cfg = svc.deploymentConfiguration;
  const desired = svc.schedulingStrategy === 'DAEMON' ? inp.instances.filter((i) => i.status === 'ACTIVE' && i.agentConnected).length : svc.desiredCount;
  const primaryId = plan.newDeployment?.id ?? svc.deployments.find((d) => d.status === 'PRIMARY')?.id;
  const hc = new Map(svc.deployments.map((d) => [d.id, d.hasHealthCheck]));
  const stopped = new Set(plan.stop.map((s) => s.taskArn));
  const counting = (t: Task) => t.desiredStatus === 'RUNNING' && t.lastStatus !== 'STOPPED';
  const healthy = (t: Task) => {
    if (!counting(t) || t.lastStatus !== 'RUNNING') return false;
    const checked = hc.get(t.startedBy) ?? t.healthStatus !== 'UNKNOWN';
    const inGrace = now.getTime() < (t.startedAt ?? t.createdAt).getTime() + svc.healthCheckGracePeriodSeconds * 1000;
    return !checked || t.healthStatus === 'HEALTHY' || inGrace;
  };
  const leaving = (t: Task) => inp.instances.find((i) => i.id === t.containerInstanceId)?.status !== 'ACTIVE';
  return {
    upper: upperBound(desired, cfg.maximumPercent),
    lower: lowerBound(desired, cfg.minimumHealthyPercent),
    starts: plan.start.reduce((n, s) => n + s.count, 0),
    countingAfter: inp.tasks.filter((t) => counting(t) && !stopped.has(t.arn)).length,
    healthyAfter: inp.tasks.filter((t) => healthy(t) && !stopped.has(t.arn)).length,
    rolloutStops: inp.tasks.filter((t) => stopped.has(t.arn) && healthy(t) && t.startedBy !== primaryId && !leaving(t)),
  };
}

const shuffled = <T>(xs: readonly T[], seed: number): T[] => {
  const out = [...xs];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

const canonical = (plan: ServicePlan) => ({ ...plan, stop: [...plan.stop].sort((a, b) => (a.taskArn < b.taskArn ? -1 : 1)) });

describe('reconcileService properties', () => {
  it('never plans RUNNING+PENDING above floor(desired × max / 100)', () => {
    assertReaching(
      'upper bound',
      (inp) => {
        const o = oracle(inp, reconcileService(inp));
        if (o.starts === 0) return false;
        expect(o.countingAfter + o.starts).toBeLessThanOrEqual(o.upper);
        return true;
      },
      500,
      0.15,
    );
  });

  it('rollout stops never take the healthy count below ceil(desired × min / 100)', () => {
    assertReaching(
      'lower bound',
      (inp) => {
        const o = oracle(inp, reconcileService(inp));
        if (inp.service.status !== 'ACTIVE' || o.rolloutStops.length === 0) return false;
        expect(o.healthyAfter).toBeGreaterThanOrEqual(o.lower);
        return true;
      },
      500,
      0.25,
    );
  });

  it('places every planned start, on ACTIVE connected instances, unless it reports why not', () => {
    assertReaching(
      'placements',
      (inp) => {
        const plan = reconcileService(inp);
        const wanted = plan.start.reduce((n, s) => n + s.count, 0);
        if (wanted === 0) return false;
        const placed = plan.placements.flatMap((p) => p.instanceIds);
        expect(placed.length + plan.placementFailures.length).toBe(wanted);
        for (const id of placed) expect(inp.instances.find((i) => i.id === id)).toMatchObject({ status: 'ACTIVE', agentConnected: true });
        return true;
      },
      500,
      0.15,
    );
  });

  it('is deterministic, and does not depend on the order tasks arrive in', () => {
    fc.assert(
      fc.property(arbInput, fc.integer(), (inp, seed) => {
        const plan = reconcileService(inp);
        expect(reconcileService(inp)).toEqual(plan);
        expect(canonical(reconcileService({ ...inp, tasks: shuffled(inp.tasks, seed) }))).toEqual(canonical(plan));
      }),
      { numRuns: 300 },
    );
  });

  it('DAEMON starts go to distinct ACTIVE, connected instances with no task of the service on them', () => {
    fc.assert(
      fc.property(arbInput, (inp) => {
        const ids = reconcileService(inp).start.flatMap((s) => s.instanceIds ?? []);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) {
          expect(inp.instances.find((i) => i.id === id)).toMatchObject({ status: 'ACTIVE', agentConnected: true });
          expect(inp.tasks.some((t) => t.containerInstanceId === id && t.lastStatus !== 'STOPPED')).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
