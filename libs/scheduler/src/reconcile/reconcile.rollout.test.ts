import { describe, expect, it } from 'vitest';
import { at, deployment, depId, input, run, service, startCount, task, tasks } from './reconcile.fixtures.js';
import { reconcileService } from './reconcile.js';
import { serviceEvents } from './events.js';
import { stopReasons } from './stop-reasons.js';

/** A rollout from deployment 1 (old, `desired` healthy tasks) to deployment 2 (PRIMARY, none yet). */
function rollout(desired: number, min: number, max: number) {
  const svc = service({ desiredCount: desired, min, max, deployments: [deployment(1, { status: 'ACTIVE', rolloutState: 'COMPLETED' }), deployment(2)] });
  return input(svc, tasks(desired, 1));
}

const byDeployment = (plan: ReturnType<typeof reconcileService>, n: number) => plan.stop.filter((s) => s.taskArn.includes(`/t${n}-`)).length;

describe('reconcileService: rollout worked examples (spec "Services")', () => {
  it.each([
    // desired, min, max, starts, old stops, why
    [4, 50, 100, 0, 2, 'min 50 / max 100: stop 2 old before starting any new'],
    [2, 75, 100, 0, 0, 'min 75 / max 100: ceil(1.5)=2 keeps both, upper 2 allows no start'],
    [3, 100, 125, 0, 0, 'min 100 / max 125: floor(3.75)=3 allows no extra task'],
    [4, 100, 100, 0, 0, 'min = max = 100: no room at all'],
    [4, 100, 200, 4, 0, 'min 100 / max 200: start 4 new, stop nothing yet'],
    [4, 50, 200, 4, 2, 'min 50 / max 200: start 4 and stop 2 at once'],
    [4, 100, 150, 2, 0, 'max 150: floor(6) RUNNING+PENDING → 2 new'],
  ])('desired %i min %i max %i → %i starts, %i stops (%s)', (desired, min, max, starts, stops) => {
    const plan = reconcileService(rollout(desired, min, max));
    expect(startCount(plan)).toBe(starts);
    expect(plan.stop).toHaveLength(stops);
    expect(byDeployment(plan, 1)).toBe(stops);
    for (const s of plan.stop) expect(s).toMatchObject({ reason: stopReasons.scalingActivity(depId(2)), stopCode: 'ServiceSchedulerInitiated' });
    if (starts > 0) expect(plan.start).toEqual([{ deploymentId: depId(2), count: starts }]);
  });

  it.each([
    [2, 75, 100],
    [3, 100, 125],
    [4, 100, 100],
  ])('desired %i min %i max %i cannot make progress and says so', (desired, min, max) => {
    const plan = reconcileService(rollout(desired, min, max));
    expect(plan.events).toEqual([serviceEvents.noProgress('web', min, max)]);
    expect(plan.steady).toBe(false);
  });

  it('min = max = 100 names both numbers in ECS-like words', () => {
    expect(reconcileService(rollout(4, 100, 100)).events).toEqual([
      '(service web) is unable to make progress: minimumHealthyPercent 100 and maximumPercent 100 leave no room to replace tasks.',
    ]);
  });

  it('says it only once while nothing changes', () => {
    const { plans } = run(rollout(4, 100, 100), 3);
    expect(plans.map((p) => p.events.length)).toEqual([1, 0, 0]);
  });

  it('min 50 / max 100 converges: stop 2, start 2, stop 2, start 2, then completed and steady', () => {
    const { plans, last } = run(rollout(4, 50, 100), 6);
    expect(plans.map((p) => [startCount(p), p.stop.length])).toEqual([
      [0, 2],
      [2, 0],
      [0, 2],
      [2, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(plans[4]!.events).toEqual([serviceEvents.deploymentCompleted('web', depId(2)), serviceEvents.steady('web')]);
    expect(plans[5]!.events).toEqual([]);
    expect(last.service.deployments.map((d) => [d.id, d.status, d.rolloutState])).toEqual([
      [depId(1), 'INACTIVE', 'COMPLETED'],
      [depId(2), 'PRIMARY', 'COMPLETED'],
    ]);
  });

  it('min 100 / max 200 waits for the new tasks to be healthy before stopping the old ones', () => {
    const svc = service({
      desiredCount: 4,
      deployments: [deployment(1, { status: 'ACTIVE', hasHealthCheck: true }), deployment(2, { hasHealthCheck: true })],
    });
    const first = input(svc, tasks(4, 1, { healthStatus: 'HEALTHY' }));
    const p1 = reconcileService(first);
    expect([startCount(p1), p1.stop.length]).toEqual([4, 0]);

    const starting = tasks(4, 2, { healthStatus: 'UNKNOWN' });
    const p2 = reconcileService({ ...first, tasks: [...first.tasks, ...starting] });
    expect([startCount(p2), p2.stop.length, p2.events]).toEqual([0, 0, []]);

    const healthy = starting.map((t) => ({ ...t, healthStatus: 'HEALTHY' as const }));
    const p3 = reconcileService({ ...first, tasks: [...first.tasks, ...healthy] });
    expect([startCount(p3), byDeployment(p3, 1)]).toEqual([0, 4]);
  });

  it('stops old tasks that serve nothing (pending, unhealthy) before healthy ones, then the oldest', () => {
    const svc = service({ desiredCount: 3, min: 66, max: 100, deployments: [deployment(1, { status: 'ACTIVE', hasHealthCheck: true }), deployment(2)] });
    const old = [
      task(1, { id: 'old-a', createdAt: at(-900), healthStatus: 'HEALTHY' }),
      task(1, { id: 'old-b', createdAt: at(-800), healthStatus: 'HEALTHY' }),
      task(1, { id: 'old-c', createdAt: at(-700), healthStatus: 'HEALTHY' }),
      task(1, { id: 'old-pending', lastStatus: 'PENDING', startedAt: undefined }),
    ];
    const plan = reconcileService(input(svc, old));
    // upper 3, 4 counting: no start; lower 2 of 3 healthy: the pending one and the oldest healthy go.
    expect(plan.stop.map((s) => s.taskArn.split('/').pop())).toEqual(['old-pending', 'old-a']);
  });

  it('a task of an unknown deployment is treated as old', () => {
    const svc = service({ desiredCount: 1, min: 0, deployments: [deployment(2)] });
    const plan = reconcileService(input(svc, [task(7, { id: 'stray' }), ...tasks(1, 2)]));
    expect(plan.stop.map((s) => s.taskArn)).toEqual([expect.stringContaining('stray')]);
  });

  it('a FAILED PRIMARY without rollback starts nothing and leaves the old tasks alone', () => {
    const svc = service({ desiredCount: 2, min: 0, deployments: [deployment(1, { status: 'ACTIVE' }), deployment(2, { rolloutState: 'FAILED' })] });
    const plan = reconcileService(input(svc, tasks(2, 1)));
    expect([plan.start, plan.stop, plan.events]).toEqual([[], [], []]);
  });
});
