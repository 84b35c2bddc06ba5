import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NOT_SUSPENDED, type ScalableTarget, type ScalingPolicy, type ScheduledAction, type Service } from '@berth/domain';
import { backends, type TestBackend } from '../testing/backends.js';
import { at, createCluster, t0 } from '../testing/fixtures.js';

const service = (name: string): Omit<Service, 'version'> => ({
  clusterName: 'c',
  name,
  arn: `arn:aws:ecs:local:000000000000:service/c/${name}`,
  status: 'ACTIVE',
  desiredCount: 2,
  schedulingStrategy: 'REPLICA',
  taskDefinitionArn: 'arn:aws:ecs:local:000000000000:task-definition/web:1',
  deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: false, rollback: false } },
  placementConstraints: [],
  placementStrategy: [],
  healthCheckGracePeriodSeconds: 0,
  createdAt: t0,
  updatedAt: t0,
});

const target = (serviceName: string, over: Partial<ScalableTarget> = {}): ScalableTarget => ({
  clusterName: 'c',
  serviceName,
  arn: `arn:aws:application-autoscaling:local:000000000000:scalable-target/${serviceName}`,
  minCapacity: 1,
  maxCapacity: 4,
  suspendedState: NOT_SUSPENDED,
  createdAt: t0,
  ...over,
});

const cpuPolicy = (serviceName: string, name: string, targetValue = 50): ScalingPolicy => ({
  policyType: 'TargetTrackingScaling',
  targetTracking: { targetValue, predefinedMetricType: 'ECSServiceAverageCPUUtilization', scaleOutCooldownS: 60, scaleInCooldownS: 300, disableScaleIn: false },
  clusterName: 'c',
  serviceName,
  name,
  arn: `arn:aws:autoscaling:local:000000000000:scalingPolicy:1:resource/ecs/service/c/${serviceName}:policyName/${name}`,
  createdAt: t0,
  state: { activity: {}, recommendations: [] },
});

const nightly = (serviceName: string, name: string, over: Partial<ScheduledAction> = {}): ScheduledAction => ({
  clusterName: 'c',
  serviceName,
  name,
  arn: `arn:aws:autoscaling:local:000000000000:scheduledAction:1:resource/ecs/service/c/${serviceName}:scheduledActionName/${name}`,
  schedule: 'cron(0 22 * * ? *)',
  timezone: 'UTC',
  minCapacity: 0,
  maxCapacity: 0,
  createdAt: t0,
  nextRunAt: at(60),
  ...over,
});

describe.each(backends)('scalable targets, policies, scheduled actions, activities and service metrics on %s', (_kind, start) => {
  let b: TestBackend;
  beforeAll(async () => {
    b = await start();
  });
  afterAll(() => b?.stop());
  beforeEach(async () => {
    await b.reset();
    await createCluster(b.db, 'c');
    await b.store.transaction(async (tx) => {
      for (const name of ['api', 'web', 'worker']) await tx.insertService(service(name));
    });
  });

  it('registers a target once; registering again changes bounds and suspension but keeps its ARN and creation time', async () => {
    const saved = await b.store.transaction((tx) => tx.saveScalableTarget(target('web')));
    expect(saved).toEqual(target('web'));
    const again = await b.store.transaction((tx) =>
      tx.saveScalableTarget(target('web', { arn: 'other', createdAt: at(5), minCapacity: 0, maxCapacity: 9, suspendedState: { ...NOT_SUSPENDED, dynamicScalingInSuspended: true } })),
    );
    expect(again).toEqual(target('web', { minCapacity: 0, maxCapacity: 9, suspendedState: { ...NOT_SUSPENDED, dynamicScalingInSuspended: true } }));
    expect(await b.store.read.findScalableTarget('c', 'web')).toEqual(again);
  });

  it('refuses a target for a service that does not exist, and bounds that cross, changing nothing', async () => {
    await expect(b.store.transaction((tx) => tx.saveScalableTarget(target('ghost')))).rejects.toThrow();
    await expect(b.store.transaction((tx) => tx.saveScalableTarget(target('web', { minCapacity: 5, maxCapacity: 2 })))).rejects.toThrow();
    expect(await b.store.read.listScalableTargets()).toEqual([]);
  });

  it('lists targets in order, by name and after a key', async () => {
    await b.store.transaction(async (tx) => {
      for (const name of ['worker', 'api', 'web']) await tx.saveScalableTarget(target(name));
    });
    const names = (list: ScalableTarget[]) => list.map((t) => t.serviceName);
    expect(names(await b.store.read.listScalableTargets())).toEqual(['api', 'web', 'worker']);
    expect(names(await b.store.read.listScalableTargets({ services: [{ clusterName: 'c', serviceName: 'worker' }, { clusterName: 'x', serviceName: 'api' }] }))).toEqual(['worker']);
    expect(names(await b.store.read.listScalableTargets({ services: [] }))).toEqual([]);
    expect(names(await b.store.read.listScalableTargets({ after: { clusterName: 'c', serviceName: 'api' }, limit: 1 }))).toEqual(['web']);
  });

  it('keeps a policy’s state when its configuration is replaced, and saves state on its own', async () => {
    await b.store.transaction((tx) => tx.saveScalableTarget(target('web')));
    await b.store.transaction((tx) => tx.saveScalingPolicy(cpuPolicy('web', 'cpu')));
    const state = { activity: { lastScaleOutAt: 5_000, lastScaleOutCapacity: 3 }, recommendations: [{ at: 5_000, capacity: 3 }] };
    await b.store.transaction((tx) => tx.saveScalingPolicyState({ clusterName: 'c', serviceName: 'web', name: 'cpu' }, state));
    const replaced = await b.store.transaction((tx) => tx.saveScalingPolicy({ ...cpuPolicy('web', 'cpu', 70), arn: 'other', createdAt: at(9) }));
    expect(replaced).toEqual({ ...cpuPolicy('web', 'cpu', 70), state });
    expect(await b.store.read.listScalingPolicies({ clusterName: 'c', serviceName: 'web' })).toEqual([replaced]);
  });

  it('holds a step policy with its alarm as given', async () => {
    await b.store.transaction((tx) => tx.saveScalableTarget(target('web')));
    const steps: ScalingPolicy = {
      policyType: 'StepScaling',
      stepScaling: { adjustmentType: 'PercentChangeInCapacity', stepAdjustments: [{ metricIntervalLowerBound: 0, scalingAdjustment: 50 }], minAdjustmentMagnitude: 2, cooldownS: 60, metricAggregationType: 'Maximum' },
      alarm: { metric: 'ECSServiceAverageMemoryUtilization', threshold: 80, comparisonOperator: 'GreaterThanThreshold', evaluationPeriods: 3, periodS: 60, statistic: 'Average' },
      clusterName: 'c',
      serviceName: 'web',
      name: 'mem',
      arn: 'arn-mem',
      createdAt: t0,
      state: { activity: {}, recommendations: [] },
    };
    await b.store.transaction((tx) => tx.saveScalingPolicy(steps));
    expect(await b.store.read.listScalingPolicies({ names: ['mem'] })).toEqual([steps]);
    expect(await b.store.read.listScalingPolicies({ names: [] })).toEqual([]);
  });

  it('lists policies and scheduled actions across services in order, after a key', async () => {
    await b.store.transaction(async (tx) => {
      for (const name of ['web', 'api']) {
        await tx.saveScalableTarget(target(name));
        await tx.saveScalingPolicy(cpuPolicy(name, 'b'));
        await tx.saveScalingPolicy(cpuPolicy(name, 'a'));
        await tx.saveScheduledAction(nightly(name, 'b'));
        await tx.saveScheduledAction(nightly(name, 'a'));
      }
    });
    const keys = (list: { serviceName: string; name: string }[]) => list.map((p) => `${p.serviceName}/${p.name}`);
    expect(keys(await b.store.read.listScalingPolicies())).toEqual(['api/a', 'api/b', 'web/a', 'web/b']);
    expect(keys(await b.store.read.listScalingPolicies({ after: { clusterName: 'c', serviceName: 'api', name: 'b' }, limit: 1 }))).toEqual(['web/a']);
    expect(keys(await b.store.read.listScheduledActions({ after: { clusterName: 'c', serviceName: 'api', name: 'a' } }))).toEqual(['api/b', 'web/a', 'web/b']);
  });

  it('deregistering a target takes its policies and scheduled actions with it', async () => {
    await b.store.transaction(async (tx) => {
      await tx.saveScalableTarget(target('web'));
      await tx.saveScalingPolicy(cpuPolicy('web', 'cpu'));
      await tx.saveScheduledAction(nightly('web', 'night'));
    });
    expect(await b.store.transaction((tx) => tx.deleteScalableTarget('c', 'web'))).toBe(true);
    expect(await b.store.transaction((tx) => tx.deleteScalableTarget('c', 'web'))).toBe(false);
    expect(await b.store.read.listScalingPolicies()).toEqual([]);
    expect(await b.store.read.listScheduledActions()).toEqual([]);
  });

  it('finds due scheduled actions oldest first and moves them on; one that never runs again is never due', async () => {
    await b.store.transaction(async (tx) => {
      await tx.saveScalableTarget(target('web'));
      await tx.saveScheduledAction(nightly('web', 'late', { nextRunAt: at(120) }));
      await tx.saveScheduledAction(nightly('web', 'early', { nextRunAt: at(30), startTime: at(10), endTime: at(999), maxCapacity: undefined }));
      await tx.saveScheduledAction(nightly('web', 'done', { nextRunAt: undefined }));
    });
    const due = await b.store.read.listDueScheduledActions(at(120));
    expect(due.map((a) => a.name)).toEqual(['early', 'late']);
    expect(due[0]).toEqual(nightly('web', 'early', { nextRunAt: at(30), startTime: at(10), endTime: at(999), maxCapacity: undefined }));
    await b.store.transaction((tx) => tx.setScheduledActionNextRun({ clusterName: 'c', serviceName: 'web', name: 'early' }, at(500)));
    await b.store.transaction((tx) => tx.setScheduledActionNextRun({ clusterName: 'c', serviceName: 'web', name: 'late' }, undefined));
    expect(await b.store.read.listDueScheduledActions(at(499))).toEqual([]);
    expect((await b.store.read.listDueScheduledActions(at(500))).map((a) => a.name)).toEqual(['early']);
  });

  it('keeps activities newest first, pages them and forgets them after the retention', async () => {
    await b.store.transaction(async (tx) => {
      for (let i = 0; i < 5; i++) {
        await tx.insertScalingActivity({
          id: `act-${i}`,
          clusterName: 'c',
          serviceName: i % 2 ? 'api' : 'web',
          description: `Setting desired count to ${i}.`,
          cause: 'test',
          startTime: at(i),
          ...(i < 4 ? { endTime: at(i + 1) } : {}),
          statusCode: i < 4 ? 'Successful' : 'InProgress',
          ...(i === 0 ? { statusMessage: 'first' } : {}),
        });
      }
    });
    const ids = (list: { id: string }[]) => list.map((a) => a.id);
    expect(ids(await b.store.read.listScalingActivities({ limit: 10 }))).toEqual(['act-4', 'act-3', 'act-2', 'act-1', 'act-0']);
    expect(ids(await b.store.read.listScalingActivities({ serviceName: 'web', limit: 2 }))).toEqual(['act-4', 'act-2']);
    expect(ids(await b.store.read.listScalingActivities({ serviceName: 'web', limit: 2, before: { startTime: at(2), id: 'act-2' } }))).toEqual(['act-0']);
    expect((await b.store.read.listScalingActivities({ limit: 10 })).at(-1)).toEqual({
      id: 'act-0', clusterName: 'c', serviceName: 'web', description: 'Setting desired count to 0.', cause: 'test', startTime: at(0), endTime: at(1), statusCode: 'Successful', statusMessage: 'first',
    });
    expect(await b.store.read.deleteScalingActivitiesBefore(at(3))).toBe(3);
    expect(ids(await b.store.read.listScalingActivities({ limit: 10 }))).toEqual(['act-4', 'act-3']);
  });

  it('adds up the replicas’ metrics per period, replaces a row written again, and prunes old periods', async () => {
    const row = (periodStart: Date, replica: string, cpuUsed: number) => ({ clusterName: 'c', serviceName: 'web', periodStart, replica, tasks: 2, cpuUsed, cpuReserved: 512, memoryUsed: 100, memoryReserved: 256 });
    await b.store.read.saveServiceMetrics([row(at(0), 'r1', 100), row(at(0), 'r2', 50), row(at(10), 'r1', 10)]);
    await b.store.read.saveServiceMetrics([row(at(10), 'r1', 30)]);
    await b.store.read.saveServiceMetrics([]);
    expect(await b.store.read.listServicePeriods('c', 'web', at(0))).toEqual([
      { periodStart: at(0), tasks: 4, cpuUsed: 150, cpuReserved: 1024, memoryUsed: 200, memoryReserved: 512 },
      { periodStart: at(10), tasks: 2, cpuUsed: 30, cpuReserved: 512, memoryUsed: 100, memoryReserved: 256 },
    ]);
    expect(await b.store.read.listServicePeriods('c', 'web', at(5))).toHaveLength(1);
    expect(await b.store.read.listServicePeriods('c', 'api', at(0))).toEqual([]);
    expect(await b.store.read.deleteServiceMetricsBefore(at(10))).toBe(2);
    expect(await b.store.read.listServicePeriods('c', 'web', at(0))).toHaveLength(1);
  });
});
