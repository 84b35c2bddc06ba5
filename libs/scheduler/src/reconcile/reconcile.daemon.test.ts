import { describe, expect, it } from 'vitest';
import { deployment, depId, input, instance, run, service, task } from './reconcile.fixtures.js';
import { reconcileService } from './reconcile.js';
import { serviceEvents } from './events.js';
import { stopReasons } from './stop-reasons.js';

const daemon = (over: Parameters<typeof service>[0] = {}) => service({ schedulingStrategy: 'DAEMON', desiredCount: 0, min: 0, max: 100, ...over });
const cluster = [
  instance('a'),
  instance('b'),
  instance('c', { status: 'DRAINING' }),
  instance('d', { agentConnected: false }),
  instance('e', { attributes: { role: 'db' } }),
];
const on = (id: string, d = 1, over: Parameters<typeof task>[1] = {}) => task(d, { id: `${id}-${d}`, containerInstanceId: id, ...over });

describe('reconcileService: DAEMON', () => {
  it('one task per ACTIVE, connected, eligible instance; desiredCount is their number', () => {
    const plan = reconcileService(input(daemon(), [], { instances: cluster, instanceEligible: (i) => i.attributes.role !== 'db' }));
    expect(plan.desiredCountOfService).toBe(2);
    expect(plan.start).toEqual([{ deploymentId: depId(1), count: 2, instanceIds: ['a', 'b'] }]);
    expect(plan.deployments[0]!.desiredCount).toBe(2);
  });

  it('without a predicate every ACTIVE connected instance is eligible, and occupied ones get nothing', () => {
    const plan = reconcileService(input(daemon(), [on('a'), on('e', 1, { lastStatus: 'PENDING', startedAt: undefined })], { instances: cluster }));
    expect(plan.desiredCountOfService).toBe(3);
    expect(plan.start).toEqual([{ deploymentId: depId(1), count: 1, instanceIds: ['b'] }]);
  });

  it('stops tasks on DRAINING, missing and no-longer-eligible instances; leaves a disconnected one alone', () => {
    const list = [on('a'), on('b'), on('c'), on('d'), on('e'), on('zz')];
    const plan = reconcileService(input(daemon(), list, { instances: cluster, instanceEligible: (i) => i.attributes.role !== 'db' }));
    expect(plan.stop.map((s) => [s.taskArn.split('/').pop(), s.reason])).toEqual([
      ['c-1', 'Container instance c is DRAINING'],
      ['e-1', "Container instance e no longer meets the service's placement constraints"],
      ['zz-1', 'Container instance zz is no longer registered'],
    ]);
    expect(plan.start).toEqual([]);
  });

  it('a rollout replaces per instance: stop the old task, then start the new one once it has STOPPED', () => {
    const svc = daemon({ deployments: [deployment(1, { status: 'ACTIVE' }), deployment(2)] });
    const instances = [instance('a'), instance('b')];
    const { plans } = run(input(svc, [on('a'), on('b')], { instances }), 3);
    expect(plans[0]!.stop.map((s) => s.reason)).toEqual([stopReasons.scalingActivity(depId(2)), stopReasons.scalingActivity(depId(2))]);
    expect(plans[0]!.start).toEqual([]);
    expect(plans[1]!.start).toEqual([{ deploymentId: depId(2), count: 2, instanceIds: ['a', 'b'] }]);
    expect(plans[2]!.events).toEqual([serviceEvents.deploymentCompleted('web', depId(2)), serviceEvents.steady('web')]);
  });

  it('does not start on an instance whose old task is told to stop but has not STOPPED yet', () => {
    const svc = daemon({ deployments: [deployment(1, { status: 'ACTIVE' }), deployment(2)] });
    const plan = reconcileService(input(svc, [on('a', 1, { desiredStatus: 'STOPPED' })], { instances: [instance('a')] }));
    expect([plan.start, plan.stop]).toEqual([[], []]);
  });

  it('minimumHealthyPercent paces a daemon rollout: min 50 of 2 replaces one instance at a time', () => {
    const svc = daemon({ min: 50, deployments: [deployment(1, { status: 'ACTIVE' }), deployment(2)] });
    const plan = reconcileService(input(svc, [on('a'), on('b')], { instances: [instance('a'), instance('b')] }));
    expect(plan.stop.map((s) => s.taskArn.split('/').pop())).toEqual(['a-1']);
  });

  it('min 100 with max 100 cannot replace a daemon and says so', () => {
    const svc = daemon({ min: 100, deployments: [deployment(1, { status: 'ACTIVE' }), deployment(2)] });
    const plan = reconcileService(input(svc, [on('a')], { instances: [instance('a')] }));
    expect(plan.events).toEqual([serviceEvents.noProgress('web', 100, 100)]);
  });

  it('stops an UNHEALTHY daemon (it cannot be replaced elsewhere) and a second PRIMARY task on one instance', () => {
    const svc = daemon({ deployments: [deployment(1, { hasHealthCheck: true })] });
    const list = [on('a', 1, { healthStatus: 'UNHEALTHY' }), on('b', 1, { healthStatus: 'HEALTHY' }), task(1, { id: 'b-dup', containerInstanceId: 'b', healthStatus: 'HEALTHY' })];
    const plan = reconcileService(input(svc, list, { instances: [instance('a'), instance('b')] }));
    expect(plan.stop.map((s) => [s.taskArn.split('/').pop(), s.reason])).toEqual([
      ['a-1', stopReasons.unhealthy],
      ['b-dup', stopReasons.scalingActivity(depId(1))],
    ]);
  });

  it('is steady with one healthy task per eligible instance', () => {
    const plan = reconcileService(input(daemon({ deployments: [deployment(1, { rolloutState: 'COMPLETED' })] }), [on('a'), on('b')], { instances: [instance('a'), instance('b')] }));
    expect([plan.start, plan.stop, plan.steady, plan.events]).toEqual([[], [], true, [serviceEvents.steady('web')]]);
  });
});

describe('reconcileService: DAEMON eligibility default', () => {
  it("uses the service's memberOf constraints when no predicate is passed", () => {
    const svc = daemon({ placementConstraints: [{ type: 'memberOf', dynamic: false, expression: 'attribute:role != db', matches: (i) => i.attributes.role !== 'db' }, { type: 'distinctInstance' }] });
    const plan = reconcileService(input(svc, [], { instances: [instance('a'), instance('e', { attributes: { role: 'db' } })] }));
    expect([plan.desiredCountOfService, plan.start]).toEqual([1, [{ deploymentId: depId(1), count: 1, instanceIds: ['a'] }]]);
  });
});
