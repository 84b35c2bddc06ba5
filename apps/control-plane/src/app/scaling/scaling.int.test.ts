import { beforeEach, describe, expect, it } from 'vitest';
import { storeBackends, type StoreBackend } from '@berth/state-store/testing';
import { T0, refusal, useAppHarness, webDefinition, type AppHarness } from '../testing/app-harness.js';
import { evaluatePolicies, runDueScheduledActions } from './evaluate.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON, checked by the assertions

const target = { serviceNamespace: 'ecs', resourceId: 'service/c/web', scalableDimension: 'ecs:service:DesiredCount' };
const settings = { trackingWindowMs: 60_000 };
const leads = new Set(['c']);

describe.each(storeBackends)('service auto scaling on %s', (_kind, start) => {
  const current = useAppHarness(start);
  let h: AppHarness;
  let backend: StoreBackend;
  beforeEach(async () => {
    ({ h, backend } = current);
    await h.call('RegisterTaskDefinition', webDefinition('web', {}, { cpu: 256 }));
    await h.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: 'web', desiredCount: 2 });
  });

  const desired = async () => ((await h.call('DescribeServices', { cluster: 'c', services: ['web'] })) as Json).services[0].desiredCount as number;
  const activities = async () => ((await h.call('DescribeScalingActivities', { serviceNamespace: 'ecs', resourceId: 'service/c/web' })) as Json).scalingActivities as Json[];
  const register = (min: number, max: number, more: object = {}) => h.call('RegisterScalableTarget', { ...target, minCapacity: min, maxCapacity: max, ...more });
  /** Samples as the agents' replica writes them: `cpuUsed` CPU units over `tasks` tasks of 256 units, every 10 s up to now. */
  const load = async (tasks: number, cpuPercent: number, seconds = 60) => {
    const now = h.app.now().getTime();
    const rows = [];
    for (let s = seconds; s > 0; s -= 10) {
      rows.push({ clusterName: 'c', serviceName: 'web', periodStart: new Date(now - s * 1000), replica: 'r1', tasks, cpuUsed: (tasks * 256 * cpuPercent) / 100, cpuReserved: tasks * 256, memoryUsed: tasks * 64, memoryReserved: tasks * 256 });
    }
    await backend.store.read.saveServiceMetrics(rows);
  };
  const cpuPolicy = (name: string, targetValue: number, more: object = {}) =>
    h.call('PutScalingPolicy', {
      ...target,
      policyName: name,
      policyType: 'TargetTrackingScaling',
      targetTrackingScalingPolicyConfiguration: { targetValue, predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' }, scaleOutCooldown: 60, scaleInCooldown: 120, ...more },
    });

  it('registers a target, describes it in Application Auto Scaling’s shape, and clamps the count into new bounds', async () => {
    expect(await register(1, 10)).toEqual({});
    expect(((await h.call('DescribeScalableTargets', { serviceNamespace: 'ecs' })) as Json).scalableTargets).toEqual([
      {
        ...target,
        minCapacity: 1,
        maxCapacity: 10,
        roleArn: 'arn:aws:iam::000000000000:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService',
        creationTime: T0.getTime() / 1000,
        suspendedState: { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false },
      },
    ]);
    expect(await activities()).toEqual([]);
    await register(3, 10);
    expect(await desired()).toBe(3);
    // A later registration changes only what it gives.
    await h.call('RegisterScalableTarget', { ...target, maxCapacity: 2, minCapacity: 0, suspendedState: { dynamicScalingInSuspended: true } });
    expect(await desired()).toBe(2);
    const [latest, first] = await activities();
    expect(first).toMatchObject({ ...target, description: 'Setting desired count to 3.', statusCode: 'Successful' });
    expect(latest).toMatchObject({ description: 'Setting desired count to 2.', cause: 'RegisterScalableTarget set the bounds of service/c/web to [0, 2]' });
    expect(((await h.call('DescribeScalableTargets', { serviceNamespace: 'ecs', resourceIds: ['service/c/web'] })) as Json).scalableTargets[0].suspendedState).toEqual({
      dynamicScalingInSuspended: true,
      dynamicScalingOutSuspended: false,
      scheduledScalingSuspended: false,
    });
    const events = ((await h.call('DescribeServices', { cluster: 'c', services: ['web'] })) as Json).services[0].events.map((e: Json) => e.message);
    expect(events[0]).toBe('(service web) auto scaling changed the desired count from 3 to 2: RegisterScalableTarget set the bounds of service/c/web to [0, 2].');
  });

  it.each<[string, object, string, string | RegExp]>([
    ['min above max', { ...target, minCapacity: 5, maxCapacity: 2 }, 'ValidationException', 'MinCapacity (5) must not be greater than MaxCapacity (2).'],
    ['a negative bound', { ...target, minCapacity: -1, maxCapacity: 2 }, 'ValidationException', 'MinCapacity must be a whole number from 0 to 5000; got -1.'],
    ['another namespace', { ...target, serviceNamespace: 'dynamodb', minCapacity: 1, maxCapacity: 2 }, 'ValidationException', /^ServiceNamespace must be ecs/],
    ['another dimension', { ...target, scalableDimension: 'ecs:service:Count', minCapacity: 1, maxCapacity: 2 }, 'ValidationException', /^ScalableDimension must be ecs:service:DesiredCount/],
    ['a malformed resource id', { ...target, resourceId: 'services/c/web', minCapacity: 1, maxCapacity: 2 }, 'ValidationException', 'ResourceId must be service/<cluster name>/<service name>; got "services/c/web".'],
    ['an unknown service', { ...target, resourceId: 'service/c/nope', minCapacity: 1, maxCapacity: 2 }, 'ValidationException', "ECS service doesn't exist: service/c/nope"],
    ['no bounds the first time', target, 'ValidationException', 'MinCapacity and MaxCapacity are required when a scalable target is registered for the first time.'],
    ['a bound of the wrong type', { ...target, minCapacity: 'one' }, 'ValidationException', 'minCapacity must be a number, got "one".'],
  ])('refuses to register %s, storing nothing', async (_name, request, name, message) => {
    const refused = await refusal(h.call('RegisterScalableTarget', request));
    expect(refused.name).toBe(name);
    expect(refused.message).toMatch(message);
    expect(await backend.store.read.listScalableTargets()).toEqual([]);
    expect(await desired()).toBe(2);
  });

  it('refuses a DAEMON service, and anything on a target not registered', async () => {
    await h.call('CreateService', { cluster: 'c', serviceName: 'agentd', taskDefinition: 'web', schedulingStrategy: 'DAEMON' });
    expect(await refusal(h.call('RegisterScalableTarget', { ...target, resourceId: 'service/c/agentd', minCapacity: 1, maxCapacity: 2 }))).toEqual({
      name: 'ValidationException',
      message: 'service/c/agentd is a DAEMON service: it runs one task per container instance, so its desired count cannot be scaled.',
    });
    const missing = 'No scalable target registered for service namespace: ecs, resource ID: service/c/web, scalable dimension: ecs:service:DesiredCount';
    expect(await refusal(cpuPolicy('cpu', 50))).toEqual({ name: 'ObjectNotFoundException', message: missing });
    expect(await refusal(h.call('DeregisterScalableTarget', target))).toEqual({ name: 'ObjectNotFoundException', message: missing });
  });

  it.each<[string, object, string | RegExp]>([
    ['a zero target', { targetTrackingScalingPolicyConfiguration: { targetValue: 0, predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' } } }, 'TargetTrackingScalingPolicyConfiguration.TargetValue must be a number greater than 0; got 0.'],
    ['a negative target', { targetTrackingScalingPolicyConfiguration: { targetValue: -10, predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' } } }, /TargetValue must be a number greater than 0; got -10/],
    ['an unknown metric', { targetTrackingScalingPolicyConfiguration: { targetValue: 50, predefinedMetricSpecification: { predefinedMetricType: 'DiskIO' } } }, /PredefinedMetricType must be one of ECSServiceAverageCPUUtilization, /],
    ['no configuration', {}, 'TargetTrackingScalingPolicyConfiguration is required for PolicyType TargetTrackingScaling.'],
    ['a customized metric', { targetTrackingScalingPolicyConfiguration: { targetValue: 50, customizedMetricSpecification: { metricName: 'x' } } }, /^CustomizedMetricSpecification is not supported/],
  ])('refuses a target tracking policy with %s, storing nothing', async (_name, more, message) => {
    await register(1, 10);
    const refused = await refusal(h.call('PutScalingPolicy', { ...target, policyName: 'p', policyType: 'TargetTrackingScaling', ...more }));
    expect(refused).toMatchObject({ name: 'ValidationException' });
    expect(refused.message).toMatch(message);
    expect(await backend.store.read.listScalingPolicies()).toEqual([]);
  });

  it('keeps step policies whose steps hold together, with their alarm, and refuses gaps and overlaps', async () => {
    await register(1, 10);
    const steps = (stepAdjustments: object[]) =>
      h.call('PutScalingPolicy', {
        ...target,
        policyName: 'steps',
        stepScalingPolicyConfiguration: {
          adjustmentType: 'ChangeInCapacity',
          stepAdjustments,
          cooldown: 30,
          alarm: { metricName: 'ECSServiceAverageCPUUtilization', threshold: 70, comparisonOperator: 'GreaterThanOrEqualToThreshold', evaluationPeriods: 2, period: 60 },
        },
      });
    expect((await refusal(steps([{ metricIntervalLowerBound: 0, metricIntervalUpperBound: 15, scalingAdjustment: 1 }, { metricIntervalLowerBound: 10, scalingAdjustment: 3 }]))).message).toBe(
      'StepScalingPolicyConfiguration.StepAdjustments must not overlap: one step ends at 15 and the next starts at 10.',
    );
    expect((await refusal(steps([{ metricIntervalLowerBound: 0, metricIntervalUpperBound: 5, scalingAdjustment: 1 }, { metricIntervalLowerBound: 10, scalingAdjustment: 3 }]))).message).toBe(
      'StepScalingPolicyConfiguration.StepAdjustments must not leave a gap: one step ends at 5 and the next starts at 10.',
    );
    const put = (await steps([{ metricIntervalLowerBound: 0, metricIntervalUpperBound: 10, scalingAdjustment: 1 }, { metricIntervalLowerBound: 10, scalingAdjustment: 3 }])) as Json;
    expect(put.policyArn).toMatch(/^arn:aws:autoscaling:local:000000000000:scalingPolicy:[0-9a-f-]{36}:resource\/ecs\/service\/c\/web:policyName\/steps$/);
    const [policy] = ((await h.call('DescribeScalingPolicies', { serviceNamespace: 'ecs', resourceId: 'service/c/web' })) as Json).scalingPolicies;
    expect(policy).toMatchObject({ policyName: 'steps', policyType: 'StepScaling', stepScalingPolicyConfiguration: { adjustmentType: 'ChangeInCapacity', cooldown: 30, metricAggregationType: 'Average' } });
    expect(policy.stepScalingPolicyConfiguration.alarm).toMatchObject({ metricName: 'ECSServiceAverageCPUUtilization', threshold: 70, evaluationPeriods: 2, period: 60, statistic: 'Average' });
  });

  it('scales out on CPU in proportion, holds during the cooldown, and scales in only when every policy agrees', async () => {
    await register(1, 8);
    await cpuPolicy('cpu', 50);
    await load(2, 100);
    expect(await evaluatePolicies(h.app, settings, leads)).toBe(true);
    expect(await desired()).toBe(4);
    const [activity] = await activities();
    expect(activity).toMatchObject({ description: 'Setting desired count to 4.', statusCode: 'Successful' });
    expect(activity!.cause).toBe('service/c/web: target tracking policy cpu: CPU utilization 100.0% over 2 running tasks against a target of 50%');
    // Inside the scale-out cooldown the same ask adds nothing; the load falls and scale-in waits for its cooldowns.
    h.advance(30);
    await load(2, 100, 20);
    expect(await evaluatePolicies(h.app, settings, leads)).toBe(false);
    expect(await desired()).toBe(4);
    // A second policy on memory is on target: no scale-in while it holds, even once the CPU falls.
    await h.call('PutScalingPolicy', {
      ...target,
      policyName: 'memory',
      policyType: 'TargetTrackingScaling',
      targetTrackingScalingPolicyConfiguration: { targetValue: 25, predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageMemoryUtilization' }, scaleInCooldown: 0 },
    });
    h.advance(400);
    await load(4, 10);
    expect(await evaluatePolicies(h.app, settings, leads)).toBe(false);
    expect(await desired()).toBe(4);
    await h.call('DeleteScalingPolicy', { ...target, policyName: 'memory' });
    h.advance(400);
    await load(4, 10);
    expect(await evaluatePolicies(h.app, settings, leads)).toBe(true);
    expect(await desired()).toBe(1);
  });

  it('does nothing without data, and never scales in while a deployment is in progress', async () => {
    await register(1, 8, {});
    await cpuPolicy('cpu', 50);
    expect(await evaluatePolicies(h.app, settings, leads)).toBe(false);
    await h.call('UpdateService', { cluster: 'c', service: 'web', desiredCount: 6 });
    await h.call('RegisterTaskDefinition', webDefinition('web', {}, { cpu: 256, environment: [{ name: 'V', value: '2' }] }));
    await h.call('UpdateService', { cluster: 'c', service: 'web', taskDefinition: 'web:2' });
    await load(6, 5);
    expect(await evaluatePolicies(h.app, settings, leads)).toBe(false);
    expect(await desired()).toBe(6);
  });

  it('runs scheduled actions when due: to zero at night and back in the morning, refusing bad schedules', async () => {
    await register(1, 4);
    expect((await refusal(h.call('PutScheduledAction', { ...target, scheduledActionName: 'x', schedule: 'cron(0 22 * * *)', scalableTargetAction: { minCapacity: 0 } }))).message).toBe(
      'Schedule cron(…) takes six fields (minutes hours day-of-month month day-of-week year); got 5 in "0 22 * * *".',
    );
    expect((await refusal(h.call('PutScheduledAction', { ...target, scheduledActionName: 'x', schedule: 'cron(0 22 * * ? *)', timezone: 'Moon/Base', scalableTargetAction: { minCapacity: 0 } }))).name).toBe('ValidationException');
    expect((await refusal(h.call('PutScheduledAction', { ...target, scheduledActionName: 'x', schedule: 'rate(1 hour)' }))).message).toBe('ScalableTargetAction needs MinCapacity, MaxCapacity or both.');
    expect(await backend.store.read.listScheduledActions()).toEqual([]);

    await h.call('PutScheduledAction', { ...target, scheduledActionName: 'night', schedule: 'at(2026-01-01T00:10:00)', scalableTargetAction: { minCapacity: 0, maxCapacity: 0 } });
    await h.call('PutScheduledAction', { ...target, scheduledActionName: 'morning', schedule: 'at(2026-01-01T00:20:00)', scalableTargetAction: { minCapacity: 2, maxCapacity: 4 } });
    const listed = ((await h.call('DescribeScheduledActions', { serviceNamespace: 'ecs', resourceId: 'service/c/web' })) as Json).scheduledActions;
    expect(listed.map((a: Json) => [a.scheduledActionName, a.schedule, a.timezone, a.scalableTargetAction])).toEqual([
      ['morning', 'at(2026-01-01T00:20:00)', 'UTC', { minCapacity: 2, maxCapacity: 4 }],
      ['night', 'at(2026-01-01T00:10:00)', 'UTC', { minCapacity: 0, maxCapacity: 0 }],
    ]);
    expect(await runDueScheduledActions(h.app, leads)).toBe(false);
    h.advance(600);
    expect(await runDueScheduledActions(h.app, leads)).toBe(true);
    expect(await desired()).toBe(0);
    expect(await runDueScheduledActions(h.app, leads)).toBe(false); // a one-off runs once
    h.advance(600);
    expect(await runDueScheduledActions(h.app, leads)).toBe(true);
    expect(await desired()).toBe(2);
    expect((await activities()).map((a) => a.description)).toEqual(['Setting desired count to 2.', 'Setting desired count to 0.']);
    // Target tracking does not scale from zero, nor below the scheduled minimum.
    expect(((await h.call('DescribeScalableTargets', { serviceNamespace: 'ecs' })) as Json).scalableTargets[0]).toMatchObject({ minCapacity: 2, maxCapacity: 4 });
  });

  it('records a scheduled action whose bounds would cross as Failed, changing nothing', async () => {
    await register(1, 4);
    await h.call('PutScheduledAction', { ...target, scheduledActionName: 'bad', schedule: 'rate(5 minutes)', scalableTargetAction: { minCapacity: 6 } });
    h.advance(300);
    expect(await runDueScheduledActions(h.app, leads)).toBe(false);
    const [failed] = await activities();
    expect(failed).toMatchObject({ statusCode: 'Failed', cause: 'scheduled action name bad was triggered', statusMessage: 'MinCapacity (6) must not be greater than MaxCapacity (4).' });
    expect(await desired()).toBe(2);
  });

  it('a deleted service takes its target, policies and scheduled actions with it', async () => {
    await register(0, 4);
    await cpuPolicy('cpu', 50);
    await h.call('PutScheduledAction', { ...target, scheduledActionName: 'n', schedule: 'rate(1 day)', scalableTargetAction: { maxCapacity: 1 } });
    await h.call('DeleteService', { cluster: 'c', service: 'web', force: true });
    expect(await backend.store.read.listScalableTargets()).toEqual([]);
    expect(await backend.store.read.listScalingPolicies()).toEqual([]);
    expect(await backend.store.read.listScheduledActions()).toEqual([]);
  });

  it('a credential limited to other clusters neither sees nor changes this one’s scaling', async () => {
    await register(1, 4);
    const outsider = { name: 'AKIAOTHER', role: 'operator' as const, clusters: ['other'], launchRate: { burst: 10, perSecond: 1 } };
    expect(((await h.call('DescribeScalableTargets', { serviceNamespace: 'ecs' }, outsider)) as Json).scalableTargets).toEqual([]);
    expect((await refusal(h.call('RegisterScalableTarget', { ...target, maxCapacity: 9 }, outsider))).name).toBe('AccessDeniedException');
  });
});
