import { describe, expect, it } from 'vitest';
import { at, deployment, depId, input, instance, run, service, startCount, task, tasks } from './reconcile.fixtures.js';
import { reconcileService } from './reconcile.js';
import { serviceEvents } from './events.js';
import { stopReasons } from './stop-reasons.js';

const checked = (over: Parameters<typeof service>[0] = {}) => service({ deployments: [deployment(1, { hasHealthCheck: true })], ...over });
const healthy = (n: number) => tasks(n, 1, { healthStatus: 'HEALTHY' });
const stoppedIds = (plan: ReturnType<typeof reconcileService>) => plan.stop.map((s) => s.taskArn.split('/').pop());

describe('reconcileService: steady state and completion', () => {
  it('a lone deployment at its desired count completes once and reports a steady state', () => {
    const plan = reconcileService(input(service({ desiredCount: 3 }), tasks(3, 1)));
    expect(plan.steady).toBe(true);
    expect(plan.events).toEqual([serviceEvents.deploymentCompleted('web', depId(1)), serviceEvents.steady('web')]);
    expect(plan.deployments[0]).toMatchObject({ rolloutState: 'COMPLETED', desiredCount: 3, runningCount: 3, pendingCount: 0, updatedAt: at(0) });
  });

  it('does not repeat the steady state while nothing happens, but says it again after activity', () => {
    const done = service({ desiredCount: 1, deployments: [deployment(1, { rolloutState: 'COMPLETED' })] });
    const quiet = { ...done, recentEvents: [serviceEvents.steady('web'), '(service web) was unable to place a task because … .'] };
    expect(reconcileService(input(quiet, tasks(1, 1))).events).toEqual([]);
    const after = { ...done, recentEvents: [serviceEvents.steady('web'), '(service web) has started 1 tasks: (task abc).'] };
    expect(reconcileService(input(after, tasks(1, 1))).events).toEqual([serviceEvents.steady('web')]);
  });

  it('is not steady while a task is pending, or while an old deployment still has tasks', () => {
    const pending = reconcileService(input(service({ desiredCount: 1 }), [task(1, { lastStatus: 'PENDING', startedAt: undefined })]));
    expect([pending.steady, pending.events, pending.deployments[0]!.pendingCount]).toEqual([false, [], 1]);
    const two = service({ desiredCount: 1, deployments: [deployment(1, { status: 'ACTIVE' }), deployment(2)] });
    const stopping = task(1, { desiredStatus: 'STOPPED' });
    const plan = reconcileService(input(two, [stopping, ...tasks(1, 2)]));
    expect(plan.steady).toBe(false);
    expect(plan.deployments.map((d) => [d.status, d.desiredCount])).toEqual([
      ['ACTIVE', 0],
      ['PRIMARY', 1],
    ]);
  });

  it('an old deployment whose last task has STOPPED becomes INACTIVE, keeping its rollout state', () => {
    const svc = service({ desiredCount: 1, deployments: [deployment(1, { status: 'ACTIVE', rolloutState: 'COMPLETED' }), deployment(2)] });
    const plan = reconcileService(input(svc, [task(1, { desiredStatus: 'STOPPED', lastStatus: 'STOPPED' }), ...tasks(1, 2)]));
    expect(plan.deployments[0]).toMatchObject({ status: 'INACTIVE', rolloutState: 'COMPLETED', desiredCount: 0, runningCount: 0 });
    expect(plan.steady).toBe(true);
  });

  it('reports old deployments\' remaining target as what they keep after this plan', () => {
    const svc = service({ desiredCount: 4, min: 50, max: 100, deployments: [deployment(1, { status: 'ACTIVE' }), deployment(2)] });
    const plan = reconcileService(input(svc, tasks(4, 1)));
    expect(plan.deployments.map((d) => [d.desiredCount, d.runningCount])).toEqual([
      [2, 4],
      [4, 0],
    ]);
  });

  it('leaves updatedAt alone when nothing about a deployment changed', () => {
    const d = deployment(1, { rolloutState: 'COMPLETED', desiredCount: 1, runningCount: 1 });
    const plan = reconcileService(input(service({ desiredCount: 1, deployments: [d] }), tasks(1, 1)));
    expect(plan.deployments[0]).toBe(d);
  });
});

describe('reconcileService: replacing tasks', () => {
  it('replaces a task that stopped', () => {
    const plan = reconcileService(input(service({ desiredCount: 3 }), [...tasks(2, 1), task(1, { desiredStatus: 'STOPPED', lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' })]));
    expect(plan.start).toEqual([{ deploymentId: depId(1), count: 1 }]);
  });

  it('UNHEALTHY past the grace period with room: starts the replacement first, stops it once the replacement is healthy', () => {
    const sick = task(1, { id: 'sick', healthStatus: 'UNHEALTHY' });
    const first = input(checked({ desiredCount: 3 }), [...healthy(2), sick]);
    const { plans } = run(first, 2);
    expect([startCount(plans[0]!), plans[0]!.stop]).toEqual([1, []]);
    expect(plans[1]!.stop).toEqual([{ taskArn: sick.arn, reason: stopReasons.unhealthy, stopCode: 'ServiceSchedulerInitiated' }]);
    expect(startCount(plans[1]!)).toBe(0);
  });

  it('UNHEALTHY with no room (max 100): stops it first, then starts the replacement', () => {
    const sick = task(1, { id: 'sick', healthStatus: 'UNHEALTHY' });
    const { plans } = run(input(checked({ desiredCount: 3, max: 100 }), [...healthy(2), sick]), 2);
    expect([startCount(plans[0]!), stoppedIds(plans[0]!)]).toEqual([0, ['sick']]);
    expect([startCount(plans[1]!), plans[1]!.stop.length]).toEqual([1, 0]);
  });

  it.each([
    ['UNHEALTHY inside the grace period counts as healthy', 'UNHEALTHY', 60],
    ['UNKNOWN inside the grace period counts as healthy', 'UNKNOWN', 60],
  ] as const)('%s', (_what, healthStatus, grace) => {
    const plan = reconcileService(input(checked({ desiredCount: 1, healthCheckGracePeriodSeconds: grace }), [task(1, { healthStatus, startedAt: at(-30) })]));
    expect([plan.start, plan.stop, plan.steady]).toEqual([[], [], true]);
  });

  it('UNKNOWN past the grace period is neither healthy nor replaced', () => {
    const plan = reconcileService(input(checked({ desiredCount: 1 }), [task(1, { healthStatus: 'UNKNOWN' })]));
    expect([plan.start, plan.stop, plan.steady]).toEqual([[], [], false]);
  });

  it('a RUNNING task on a DRAINING instance: a replacement starts elsewhere first, then it stops', () => {
    const moving = task(1, { id: 'moving', containerInstanceId: 'i2' });
    const instances = [instance('i1'), instance('i2', { status: 'DRAINING' })];
    const { plans } = run(input(service({ desiredCount: 2 }), [task(1), moving], { instances }), 2);
    expect([startCount(plans[0]!), plans[0]!.stop]).toEqual([1, []]);
    expect(plans[1]!.stop).toEqual([{ taskArn: moving.arn, reason: 'Container instance i2 is DRAINING', stopCode: 'ServiceSchedulerInitiated' }]);
  });

  it('with no room it stops first within minimumHealthyPercent', () => {
    const instances = [instance('i1'), instance('i2', { status: 'DRAINING' })];
    const plan = reconcileService(input(service({ desiredCount: 2, min: 50, max: 100 }), [task(1), task(1, { id: 'moving', containerInstanceId: 'i2' })], { instances }));
    expect([startCount(plan), stoppedIds(plan)]).toEqual([0, ['moving']]);
  });

  it('with min = max = 100 a healthy task on a DRAINING instance cannot move: no progress', () => {
    const instances = [instance('i1'), instance('i2', { status: 'DRAINING' })];
    const plan = reconcileService(input(service({ desiredCount: 2, min: 100, max: 100 }), [task(1), task(1, { containerInstanceId: 'i2' })], { instances }));
    expect([plan.start, plan.stop, plan.events]).toEqual([[], [], [serviceEvents.noProgress('web', 100, 100)]]);
  });

  it('a PENDING task on a DRAINING instance stops at once, and its replacement starts', () => {
    const instances = [instance('i1'), instance('i2', { status: 'DRAINING' })];
    const pending = task(1, { id: 'pend', containerInstanceId: 'i2', lastStatus: 'PENDING', startedAt: undefined });
    const plan = reconcileService(input(service({ desiredCount: 2, max: 100 }), [task(1), pending], { instances }));
    expect(plan.stop).toEqual([{ taskArn: pending.arn, reason: 'Container instance i2 is DRAINING', stopCode: 'ServiceSchedulerInitiated' }]);
    expect(startCount(plan)).toBe(1);
  });

  it('a task on an instance missing from the snapshot is replaced like one on a DRAINING instance', () => {
    const { plans } = run(input(service({ desiredCount: 1 }), [task(1, { id: 'lost', containerInstanceId: 'gone' })]), 2);
    expect(startCount(plans[0]!)).toBe(1);
    expect(plans[1]!.stop).toEqual([expect.objectContaining({ reason: 'Container instance gone is no longer registered' })]);
  });
});

describe('reconcileService: scaling', () => {
  it('scaling up starts the difference', () => {
    expect(reconcileService(input(service({ desiredCount: 5 }), tasks(2, 1))).start).toEqual([{ deploymentId: depId(1), count: 3 }]);
  });

  it('scaling down stops pending tasks first, then the newest, regardless of minimumHealthyPercent', () => {
    const list = [
      task(1, { id: 'oldest', createdAt: at(-900) }),
      task(1, { id: 'middle', createdAt: at(-800) }),
      task(1, { id: 'newest', createdAt: at(-700) }),
      task(1, { id: 'pending', createdAt: at(-950), lastStatus: 'PENDING', startedAt: undefined }),
    ];
    const plan = reconcileService(input(service({ desiredCount: 2, min: 100 }), list));
    expect(stoppedIds(plan)).toEqual(['pending', 'newest']);
    expect(plan.stop[0]!.reason).toBe(stopReasons.scalingActivity(depId(1)));
    expect(startCount(plan)).toBe(0);
  });

  it('scaling down with an UNHEALTHY task stops it as one of the extras', () => {
    const plan = reconcileService(input(checked({ desiredCount: 2 }), [...healthy(3), task(1, { id: 'sick', healthStatus: 'UNHEALTHY' })]));
    expect(plan.stop).toHaveLength(2);
    expect(stoppedIds(plan)).toContain('sick');
    expect(startCount(plan)).toBe(0);
  });

  it('scaling to zero stops everything, unhealthy ones included', () => {
    const plan = reconcileService(input(checked({ desiredCount: 0 }), [...healthy(2), task(1, { healthStatus: 'UNHEALTHY' })]));
    expect(plan.stop).toHaveLength(3);
  });
});

describe('reconcileService: a DRAINING (deleted) service', () => {
  it('stops every task still meant to run, and is drained once none is left', () => {
    const svc = service({ status: 'DRAINING', desiredCount: 3 });
    const live = [...tasks(2, 1), task(1, { desiredStatus: 'STOPPED' })];
    const plan = reconcileService(input(svc, live));
    expect(plan.stop.map((s) => s.reason)).toEqual([stopReasons.serviceDeleted('web'), stopReasons.serviceDeleted('web')]);
    expect([plan.start, plan.drained, plan.deployments[0]!.desiredCount]).toEqual([[], false, 0]);

    const gone = live.map((t) => ({ ...t, desiredStatus: 'STOPPED' as const, lastStatus: 'STOPPED' as const }));
    expect(reconcileService(input(svc, gone))).toMatchObject({ stop: [], drained: true });
  });
});

describe('reconcileService: lost hosts', () => {
  const TIMEOUT = 300_000;
  const gone = (secondsAgo: number) => instance('i2', { agentConnected: false, lastHeardAt: at(-secondsAgo) });
  const lostWhy = `is lost: its agent has been disconnected since ${at(-400).toISOString()}`;

  it('replaces the tasks of an instance disconnected past the timeout elsewhere, says so naming it, then stops them', () => {
    const away = task(1, { id: 'away', containerInstanceId: 'i2' });
    const { plans } = run(input(service({ desiredCount: 2 }), [task(1), away], { instances: [instance('i1'), gone(400)], lostHostTimeoutMs: TIMEOUT }), 2);
    expect(startCount(plans[0]!)).toBe(1);
    expect(plans[0]!.placements[0]!.instanceIds).toEqual(['i1']);
    expect(plans[0]!.events).toContain(serviceEvents.lostHost('web', 'i2', lostWhy));
    expect(plans[1]!.stop).toEqual([{ taskArn: away.arn, reason: `Container instance i2 ${lostWhy}`, stopCode: 'ServiceSchedulerInitiated' }]);
    expect(plans[1]!.events.filter((e) => e.includes('is replacing'))).toEqual([]);
  });

  it('with min = max = 100 it still moves them: tasks on a lost host count as unhealthy', () => {
    const plan = reconcileService(
      input(service({ desiredCount: 2, min: 100, max: 100 }), [task(1), task(1, { id: 'away', containerInstanceId: 'i2' })], { instances: [instance('i1'), gone(400)], lostHostTimeoutMs: TIMEOUT }),
    );
    expect(stoppedIds(plan)).toEqual(['away']);
    expect(plan.events).not.toContain(serviceEvents.noProgress('web', 100, 100));
  });

  it.each([
    ['before the timeout', gone(200)],
    ['when the agent is back', instance('i2', { agentConnected: true, lastHeardAt: at(-1) })],
  ])('leaves them alone %s', (_name, i2) => {
    const plan = reconcileService(input(service({ desiredCount: 2 }), [task(1), task(1, { containerInstanceId: 'i2' })], { instances: [instance('i1'), i2], lostHostTimeoutMs: TIMEOUT }));
    expect([plan.start, plan.stop]).toEqual([[], []]);
    expect(plan.events.filter((e) => e.includes('is replacing'))).toEqual([]);
  });

  it('once the host is back, the stopped copy no longer counts: the service stays at desiredCount', () => {
    const stopping = task(1, { containerInstanceId: 'i2', desiredStatus: 'STOPPED', stoppedReason: `Container instance i2 ${lostWhy}` });
    const plan = reconcileService(input(service({ desiredCount: 2 }), [...tasks(2, 1), stopping], { instances: [instance('i1'), instance('i2', { lastHeardAt: at(0) })], lostHostTimeoutMs: TIMEOUT }));
    expect([startCount(plan), plan.stop]).toEqual([0, []]);
    expect(plan.deployments[0]!.runningCount).toBe(2);
  });

  it('uses five minutes when the cluster sets nothing', () => {
    const plan = reconcileService(input(service({ desiredCount: 1 }), [task(1, { containerInstanceId: 'i2' })], { instances: [instance('i1'), gone(299)] }));
    expect(startCount(plan)).toBe(0);
    const later = reconcileService(input(service({ desiredCount: 1 }), [task(1, { containerInstanceId: 'i2' })], { instances: [instance('i1'), gone(300)] }));
    expect(startCount(later)).toBe(1);
  });
});
