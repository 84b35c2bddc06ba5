import { describe, expect, it } from 'vitest';
import { at, deployment, depId, failedStart, input, run, service, startCount, task, tasks } from './reconcile.fixtures.js';
import { backoffDelayMs, circuitBreakerThreshold } from './bounds.js';
import { serviceEvents } from './events.js';
import { reconcileService } from './reconcile.js';
import { stopReasons } from './stop-reasons.js';

const breaker = { enable: true, rollback: false };
/** n failed starts of deployment `d`, spaced a minute apart so no backoff gate is still closed. */
const failures = (n: number, d = 1) => Array.from({ length: n }, (_, i) => failedStart(d, 3600 - i * 10));

describe('circuit breaker', () => {
  it.each([
    [1, 3],
    [6, 3],
    [7, 4],
    [10, 5],
    [399, 200],
    [1000, 200],
  ])('threshold at desired %i is %i', (desired, threshold) => {
    expect(circuitBreakerThreshold(desired)).toBe(threshold);
  });

  it.each([
    [1, 2, false],
    [1, 3, true],
    [10, 4, false],
    [10, 5, true],
    [1000, 199, false],
    [1000, 200, true],
  ])('desired %i with %i consecutive failures → FAILED: %s', (desired, failed, trips) => {
    const plan = reconcileService(input(service({ desiredCount: desired, breaker }), failures(failed)));
    expect(plan.deployments[0]!.failedTasks).toBe(failed);
    expect(plan.deployments[0]!.rolloutState).toBe(trips ? 'FAILED' : 'IN_PROGRESS');
    if (trips) {
      expect(plan.deployments[0]!.rolloutStateReason).toBe('tasks failed to start');
      expect(plan.events).toContain(`(service web) (deployment ${depId(1)}) deployment failed: tasks failed to start.`);
      expect(plan.start).toEqual([]);
    } else {
      expect(startCount(plan)).toBe(desired);
    }
  });

  it('tasks stopped for failing health checks count; tasks the scheduler or a user stopped while pending do not', () => {
    const healthFail = task(1, { desiredStatus: 'STOPPED', lastStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', stoppedReason: stopReasons.unhealthy, stoppedAt: at(-50) });
    const scaledIn = failedStart(1, 40, { stopCode: 'ServiceSchedulerInitiated', stoppedReason: stopReasons.scalingActivity(depId(1)) });
    const byUser = failedStart(1, 30, { stopCode: 'UserInitiated' });
    const plan = reconcileService(input(service({ desiredCount: 1, breaker }), [...failures(1), healthFail, scaledIn, byUser]));
    expect(plan.deployments[0]).toMatchObject({ failedTasks: 2, launchFailures: 1 });
  });

  it('a success resets the count: only failures after the newest healthy start are consecutive', () => {
    const ok = task(1, { startedAt: at(-1800), createdAt: at(-1810) });
    const plan = reconcileService(input(service({ desiredCount: 2, breaker }), [...failures(4), ok, failedStart(1, 600), failedStart(1, 500)]));
    expect(plan.deployments[0]).toMatchObject({ failedTasks: 2, rolloutState: 'IN_PROGRESS' });
  });

  it('does not trip when disabled, nor once the rollout has COMPLETED', () => {
    expect(reconcileService(input(service({ desiredCount: 1 }), failures(5))).deployments[0]!.rolloutState).toBe('IN_PROGRESS');
    const done = service({ desiredCount: 1, breaker, deployments: [deployment(1, { rolloutState: 'COMPLETED' })] });
    expect(reconcileService(input(done, failures(5))).deployments[0]!.rolloutState).toBe('COMPLETED');
  });

  it('with rollback: a new PRIMARY of the last COMPLETED definition takes over, the failed one drains', () => {
    const svc = service({
      desiredCount: 2,
      min: 50,
      breaker: { enable: true, rollback: true },
      deployments: [
        deployment(1, { status: 'INACTIVE', rolloutState: 'COMPLETED' }),
        deployment(2, { status: 'INACTIVE', rolloutState: 'COMPLETED', hasHealthCheck: true, taskReservation: { cpu: 512, memory: 1024, ports: [80], portsUdp: [] } }),
        deployment(3, { status: 'ACTIVE', rolloutState: 'COMPLETED' }),
        deployment(4),
      ],
    });
    const first = input(svc, [...tasks(2, 3), ...failures(3, 4), task(4, { id: 'new-pending', lastStatus: 'PENDING', startedAt: undefined })]);
    const plan = reconcileService(first);
    expect(plan.newDeployment).toMatchObject({
      id: depId(99),
      status: 'PRIMARY',
      taskDefinitionArn: deployment(3).taskDefinitionArn,
      desiredCount: 2,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${depId(3)}.`,
      createdAt: at(0),
    });
    expect(plan.deployments.find((d) => d.id === depId(4))).toMatchObject({ status: 'ACTIVE', rolloutState: 'FAILED', updatedAt: at(0) });
    expect(plan.events).toEqual([serviceEvents.deploymentFailed('web', depId(4))]);
    // The rollback rolls at once: room for 1 of 2 new tasks, and the failed deployment's pending task goes first.
    expect(plan.start).toEqual([{ deploymentId: depId(99), count: 1 }]);
    expect(plan.stop.map((s) => s.taskArn)).toContain(first.tasks.find((t) => t.id === 'new-pending')!.arn);
    const { plans } = run(first, 3);
    expect(plans.slice(1).some((p) => p.start.some((s) => s.deploymentId === depId(99)))).toBe(true);
  });

  it('with rollback but no COMPLETED deployment to return to, the failed one stays PRIMARY and stops launching', () => {
    const plan = reconcileService(input(service({ desiredCount: 1, breaker: { enable: true, rollback: true } }), failures(3)));
    expect(plan.newDeployment).toBeUndefined();
    expect(plan.deployments[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'FAILED' });
    expect(plan.start).toEqual([]);
  });
});

describe('restart backoff', () => {
  it.each([
    [0, 0],
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [8, 640_000],
    [9, 900_000],
    [1000, 900_000],
  ])('after %i consecutive launch failures the delay is %i ms', (n, ms) => {
    expect(backoffDelayMs(n)).toBe(ms);
  });

  it('holds starts until nextLaunchAt = last failure + delay, and says the service cannot start tasks consistently', () => {
    const list = [failedStart(1, 30), failedStart(1, 20), failedStart(1, 15)];
    const plan = reconcileService(input(service({ desiredCount: 1 }), list));
    expect(plan.deployments[0]).toMatchObject({ launchFailures: 3, nextLaunchAt: at(-15 + 20) });
    expect(plan.start).toEqual([]);
    expect(plan.events).toEqual([serviceEvents.cannotStartConsistently('web')]);

    const later = reconcileService(input(service({ desiredCount: 1 }), list, { now: at(6) }));
    expect(startCount(later)).toBe(1);
    expect(later.events).toEqual([]);
  });

  it('does not repeat the backoff event until something has happened', () => {
    const svc = service({ desiredCount: 1, recentEvents: [serviceEvents.cannotStartConsistently('web')] });
    expect(reconcileService(input(svc, [failedStart(1, 1)])).events).toEqual([]);
  });

  it('a success resets the backoff', () => {
    const plan = reconcileService(input(service({ desiredCount: 2 }), [failedStart(1, 30), failedStart(1, 20), task(1, { startedAt: at(-10) })]));
    expect(plan.deployments[0]).toMatchObject({ launchFailures: 0 });
    expect(plan.deployments[0]!.nextLaunchAt).toBeUndefined();
    expect(startCount(plan)).toBe(1);
  });

  it('a new deployment starts fresh', () => {
    const svc = service({ desiredCount: 1, deployments: [deployment(1, { status: 'ACTIVE', nextLaunchAt: at(600), launchFailures: 9 }), deployment(2)] });
    const plan = reconcileService(input(svc, [failedStart(1, 5), failedStart(1, 4)]));
    expect(plan.start).toEqual([{ deploymentId: depId(2), count: 1 }]);
  });
});
