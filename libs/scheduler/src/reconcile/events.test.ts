import { describe, expect, it } from 'vitest';
import type { PlacementFailure } from '../placement/types.js';
import { memberOf } from '../placement/member-of.js';
import { deployment, instance, service } from './reconcile.fixtures.js';
import { formatStartedEvent, formatStoppedEvent, formatUnableToPlaceEvent, serviceEvents, suppressRepeats } from './events.js';
import { planPlacements } from './placements.js';

const arn = 'arn:aws:ecs:local:000000000000:container-instance/c/0123abcd';
const head = '(service web) was unable to place a task because no container instance met all of its requirements.';

describe('service event texts', () => {
  it('started and stopped tasks, in ECS wording ("1 tasks" included)', () => {
    expect(formatStartedEvent('web', ['a', 'b'])).toBe('(service web) has started 2 tasks: (task a) (task b).');
    expect(formatStoppedEvent('web', ['a'])).toBe('(service web) has stopped 1 running tasks: (task a).');
  });

  it.each([
    ['RESOURCE:MEMORY', 'x', 'has insufficient memory available'],
    ['RESOURCE:CPU', 'x', 'has insufficient CPU units available'],
    ['RESOURCE:PORTS', 'x', 'is already using a port required by your task'],
    ['ATTRIBUTE', 'x', 'is missing an attribute required by your task'],
    ['AGENT', 'its agent is not connected', 'is not connected'],
    ['AGENT', 'the agent failed', 'encountered an error'],
    ['DRAINING', 'it is DRAINING', 'is draining'],
  ] as const)('unable to place, %s (%s) → "%s"', (reason, detail, says) => {
    const failure: PlacementFailure = { arn, reason, detail };
    expect(formatUnableToPlaceEvent('web', failure)).toBe(`${head} The closest matching (container-instance 0123abcd) ${says}.`);
  });

  it('unable to place with no instance at all', () => {
    expect(formatUnableToPlaceEvent('web', { arn: '', reason: 'AGENT', detail: 'none' })).toBe(`${head} Reason: No Container Instances were found in your cluster.`);
  });

  it('the reconciler\'s own texts', () => {
    expect(serviceEvents.steady('web')).toBe('(service web) has reached a steady state.');
    expect(serviceEvents.deploymentCompleted('web', 'ecs-svc/1')).toBe('(service web) (deployment ecs-svc/1) deployment completed.');
    expect(serviceEvents.deploymentFailed('web', 'ecs-svc/1')).toBe('(service web) (deployment ecs-svc/1) deployment failed: tasks failed to start.');
    expect(serviceEvents.cannotStartConsistently('web')).toBe('(service web) is unable to consistently start tasks successfully.');
  });
});

describe('suppressRepeats', () => {
  const steady = serviceEvents.steady('web');
  const started = formatStartedEvent('web', ['a']);
  it.each([
    ['nothing said yet', [], [steady]],
    ['said, nothing since', [steady], []],
    ['said, then other words but no activity', [steady, 'x', 'y'], []],
    ['said, then tasks started', [steady, started], [steady]],
    ['said before an activity and again after it', [started, steady], []],
  ])('%s', (_what, recent, expected) => {
    expect(suppressRepeats([steady], recent)).toEqual(expected);
  });

  it('drops duplicates within one batch', () => {
    expect(suppressRepeats(['a', 'b', 'a'], [])).toEqual(['a', 'b']);
  });
});

describe('planPlacements', () => {
  const instances = [instance('i1', { attributes: { disk: 'hdd' } }), instance('i2', { attributes: { disk: 'ssd' } })];

  it("places in the service's group with the deployment reservation, service placement and seed", () => {
    const svc = service({ placementConstraints: [{ type: 'distinctInstance' }], placementStrategies: [{ type: 'binpack', field: 'memory' }] });
    const d = deployment(3, { taskReservation: { cpu: 128, memory: 256, ports: [80], portsUdp: [53] } });
    const planned = planPlacements(svc, d, { deploymentId: d.id, count: 2 }, instances, 42);
    expect(planned.failures).toEqual([]);
    expect(planned.placement).toMatchObject({ deploymentId: d.id, instanceIds: expect.arrayContaining(['i1', 'i2']) });
    expect(planned.placement!.request).toEqual({
      count: 2,
      cpu: 128,
      memory: 256,
      ports: [80],
      portsUdp: [53],
      group: 'service:web',
      constraints: [{ type: 'distinctInstance' }],
      strategies: [{ type: 'binpack', field: 'memory' }],
      seed: 42,
    });
  });

  it("binds the deployment definition's constraints on top of the service's", () => {
    const d = deployment(3, { placementConstraints: [memberOf('attribute:disk == ssd')] });
    const planned = planPlacements(service(), d, { deploymentId: d.id, count: 2 }, instances, 1);
    expect(planned.placement?.instanceIds).toEqual(['i2', 'i2']);
    const none = planPlacements(service(), deployment(4, { placementConstraints: [memberOf('attribute:disk == nvme')] }), { deploymentId: depOf(4), count: 1 }, instances, 1);
    expect(none.placement).toBeUndefined();
    expect(none.failures).toEqual([expect.objectContaining({ reason: 'ATTRIBUTE' })]);
  });

  it('a DAEMON start goes only to the instances it names, one copy each', () => {
    const d = deployment(3);
    const planned = planPlacements(service({ schedulingStrategy: 'DAEMON' }), d, { deploymentId: d.id, count: 1, instanceIds: ['i2'] }, instances, 1);
    expect(planned.placement?.instanceIds).toEqual(['i2']);
  });
});

const depOf = (n: number) => deployment(n).id;
