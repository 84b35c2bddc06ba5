import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deployment, Service } from '@berth/domain';
import { backends, type TestBackend } from '../testing/backends.js';
import { at, createCluster, t0 } from '../testing/fixtures.js';
import { SERVICE_EVENTS_KEPT } from './deployments.js';

const service = (name: string, over: Partial<Service> = {}): Omit<Service, 'version'> => ({
  clusterName: 'c',
  name,
  arn: `arn:aws:ecs:local:000000000000:service/c/${name}`,
  status: 'ACTIVE',
  desiredCount: 2,
  schedulingStrategy: 'REPLICA',
  taskDefinitionArn: 'arn:aws:ecs:local:000000000000:task-definition/web:1',
  deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: false, rollback: false } },
  placementConstraints: [{ type: 'distinctInstance' }],
  placementStrategy: [{ type: 'spread', field: 'instanceId' }],
  healthCheckGracePeriodSeconds: 0,
  createdAt: t0,
  updatedAt: t0,
  ...over,
});

const deployment = (id: string, over: Partial<Deployment> = {}): Deployment => ({
  id,
  clusterName: 'c',
  serviceName: 'web',
  status: 'PRIMARY',
  taskDefinitionArn: 'arn:aws:ecs:local:000000000000:task-definition/web:1',
  desiredCount: 2,
  rolloutState: 'IN_PROGRESS',
  rolloutStateReason: 'ECS deployment in progress.',
  failedTasks: 0,
  launchFailures: 0,
  createdAt: t0,
  updatedAt: t0,
  ...over,
});

describe.each(backends)('services, deployments and service events on %s', (_kind, start) => {
  let b: TestBackend;
  beforeAll(async () => {
    b = await start();
  });
  afterAll(() => b?.stop());
  beforeEach(async () => {
    await b.reset();
    await createCluster(b.db, 'c');
  });

  it('inserts a service and reads it back; an update bumps the version', async () => {
    const inserted = await b.store.transaction((tx) => tx.insertService(service('web', { clientToken: 'tok' })));
    expect(inserted).toEqual({ ...service('web', { clientToken: 'tok' }), version: 1 });
    expect(await b.store.read.findService('c', 'web')).toEqual(inserted);
    const updated = await b.store.transaction(async (tx) => {
      await tx.findServiceForUpdate('c', 'web');
      return tx.updateService('c', 'web', { desiredCount: 5, status: 'DRAINING', placementStrategy: [] }, at(1));
    });
    expect(updated).toMatchObject({ desiredCount: 5, status: 'DRAINING', placementStrategy: [], updatedAt: at(1), version: 2 });
  });

  it('reusing the name of an INACTIVE service starts it afresh, without its old deployments and events', async () => {
    await b.store.transaction(async (tx) => {
      await tx.insertService(service('web'));
      await tx.saveDeployments([deployment('ecs-svc/1')]);
      await tx.appendServiceEvents('c', 'web', ['old'], t0);
      await tx.updateService('c', 'web', { status: 'INACTIVE' }, t0);
    });
    const again = await b.store.transaction((tx) => tx.insertService(service('web', { desiredCount: 1 })));
    expect(again).toMatchObject({ status: 'ACTIVE', desiredCount: 1 });
    expect(await b.store.read.listDeployments('c', 'web')).toEqual([]);
    expect(await b.store.read.listServiceEvents('c', 'web')).toEqual([]);
  });

  it('lists live services by name, by strategy, across clusters for the reconciler', async () => {
    await createCluster(b.db, 'd');
    await b.store.transaction(async (tx) => {
      await tx.insertService(service('b'));
      await tx.insertService(service('a', { schedulingStrategy: 'DAEMON' }));
      await tx.insertService(service('gone', { status: 'INACTIVE' }));
      await tx.insertService({ ...service('x'), clusterName: 'd' });
    });
    expect((await b.store.read.listServices({ clusterName: 'c', limit: 10 })).map((s) => s.name)).toEqual(['a', 'b']);
    expect((await b.store.read.listServices({ clusterName: 'c', schedulingStrategy: 'DAEMON', limit: 10 })).map((s) => s.name)).toEqual(['a']);
    expect((await b.store.read.listServices({ clusterName: 'c', afterName: 'a', limit: 10 })).map((s) => s.name)).toEqual(['b']);
    expect(await b.store.read.listLiveServices()).toEqual([
      { clusterName: 'c', name: 'a' },
      { clusterName: 'c', name: 'b' },
      { clusterName: 'd', name: 'x' },
    ]);
  });

  it('saves deployments by id (insert or update) and lists them newest first', async () => {
    await b.store.transaction(async (tx) => {
      await tx.insertService(service('web'));
      await tx.saveDeployments([deployment('ecs-svc/1', { createdAt: t0 }), deployment('ecs-svc/2', { createdAt: at(10), nextLaunchAt: at(60) })]);
      await tx.saveDeployments([deployment('ecs-svc/1', { status: 'INACTIVE', rolloutState: 'COMPLETED', failedTasks: 3 })]);
    });
    const listed = await b.store.read.listDeployments('c', 'web');
    expect(listed.map((d) => d.id)).toEqual(['ecs-svc/2', 'ecs-svc/1']);
    expect(listed[0]!.nextLaunchAt).toEqual(at(60));
    expect(listed[1]).toMatchObject({ status: 'INACTIVE', rolloutState: 'COMPLETED', failedTasks: 3 });
    expect(listed[1]).not.toHaveProperty('nextLaunchAt');
  });

  it(`keeps the newest ${SERVICE_EVENTS_KEPT} events, newest first`, async () => {
    await b.store.transaction((tx) => tx.insertService(service('web')));
    for (let i = 0; i < 3; i++) {
      const batch = Array.from({ length: 40 }, (_, j) => `event ${i * 40 + j}`);
      await b.store.transaction((tx) => tx.appendServiceEvents('c', 'web', batch, at(i)));
    }
    const events = await b.store.read.listServiceEvents('c', 'web');
    expect(events).toHaveLength(SERVICE_EVENTS_KEPT);
    expect(events[0]!.message).toBe('event 119');
    expect(events.at(-1)!.message).toBe('event 20');
    expect((await b.store.read.listServiceEvents('c', 'web', 2)).map((e) => e.message)).toEqual(['event 119', 'event 118']);
  });
});
