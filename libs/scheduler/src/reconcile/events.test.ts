import { describe, expect, it } from 'vitest';
import type { PlacementFailure } from '../placement/types.js';
import { deployment, service } from './reconcile.fixtures.js';
import { formatStartedEvent, formatStoppedEvent, formatUnableToPlaceEvent, serviceEvents, suppressRepeats } from './events.js';
import { placementRequestFor } from './placement-request.js';

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

describe('placementRequestFor', () => {
  it('builds the request from the deployment reservation and the service placement, with the seed', () => {
    const svc = service({ placementConstraints: [{ type: 'distinctInstance' }], placementStrategies: [{ type: 'binpack', field: 'memory' }] });
    const d = deployment(3, { taskReservation: { cpu: 128, memory: 256, ports: [80], portsUdp: [53] } });
    expect(placementRequestFor(svc, d, 2, 42)).toEqual({
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
});
