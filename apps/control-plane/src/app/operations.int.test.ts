import { beforeEach, describe, expect, it } from 'vitest';
import { storeBackends, type StoreBackend } from '@berth/state-store/testing';
import { refusal, useAppHarness, webDefinition, type AppHarness } from './testing/app-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON, checked by the assertions


describe.each(storeBackends)('operations through the table (decode, authorise, handle, encode) on %s', (_kind, start) => {
  const current = useAppHarness(start, { cluster: null });
  let h: AppHarness;
  let backend: StoreBackend;
  beforeEach(() => {
    ({ h, backend } = current);
  });

  it.each([
    ['a list where a string belongs', 'DescribeClusters', { clusters: 'prod' }, 'clusters must be a list, got "prod".'],
    ['a member of the wrong type, deep down', 'RunTask', { taskDefinition: 'web', placementConstraints: [{ type: 7 }] }, 'placementConstraints[0].type must be a string, got 7.'],
    ['a missing required member of a structure', 'RunTask', { taskDefinition: 'web', placementStrategy: [{}] }, 'placementStrategy[0].type is required.'],
  ])('names the member in a request of the wrong shape: %s', async (_name, operation, request, message) => {
    expect(await refusal(h.call(operation as 'RunTask', request))).toEqual({ name: 'InvalidParameterException', message });
  });

  it('refuses a caller whose role is below what the operation needs, after checking the request', async () => {
    const reader = { name: 'AKIDREADER', role: 'read-only' as const, launchRate: { burst: 1, perSecond: 1 } };
    expect(await refusal(h.call('CreateCluster', { clusterName: 'x' }, reader))).toEqual({
      name: 'AccessDeniedException',
      message: 'AKIDREADER is not authorized to perform CreateCluster: it needs the admin role.',
    });
    expect(((await h.call('ListClusters', {}, reader)) as Json).clusterArns).toEqual([]);
    expect(await backend.store.read.findCluster('x')).toBeUndefined();
  });

  it('clusters: create is idempotent, describe reports counts and MISSING, delete refuses while instances live', async () => {
    const created: Json = await h.call('CreateCluster', { clusterName: 'prod', tags: [{ key: 'team', value: 'a' }] });
    expect(created.cluster).toMatchObject({ clusterName: 'prod', status: 'ACTIVE', tags: [{ key: 'team', value: 'a' }], registeredContainerInstancesCount: 0 });
    expect(((await h.call('CreateCluster', { clusterName: 'prod' })) as Json).cluster.tags).toEqual([{ key: 'team', value: 'a' }]);
    await h.addInstance('prod');
    const described: Json = await h.call('DescribeClusters', { clusters: ['prod', 'nope'] });
    expect(described.clusters[0]).toMatchObject({ clusterName: 'prod', registeredContainerInstancesCount: 1 });
    expect(described.clusters[0]).not.toHaveProperty('tags');
    expect(described.failures).toEqual([{ arn: 'arn:aws:ecs:local:000000000000:cluster/nope', reason: 'MISSING' }]);
    expect((await refusal(h.call('DeleteCluster', { cluster: 'prod' }))).name).toBe('ClusterContainsContainerInstancesException');
    expect((await backend.store.read.findCluster('prod'))!.status).toBe('ACTIVE');
    expect(await refusal(h.call('CreateCluster', { clusterName: 'bad name' }))).toMatchObject({ name: 'InvalidParameterException' });
  });

  it('pages ListClusters with maxResults and an opaque nextToken, and refuses a forged token', async () => {
    for (const name of ['a', 'b', 'c']) await h.call('CreateCluster', { clusterName: name });
    const first: Json = await h.call('ListClusters', { maxResults: 2 });
    expect(first.clusterArns.map((a: string) => a.split('/').at(-1))).toEqual(['a', 'b']);
    const second: Json = await h.call('ListClusters', { maxResults: 2, nextToken: first.nextToken });
    expect(second).toEqual({ clusterArns: ['arn:aws:ecs:local:000000000000:cluster/c'] });
    expect(await refusal(h.call('ListClusters', { nextToken: 'forged' }))).toEqual({ name: 'InvalidParameterException', message: 'Invalid nextToken.' });
    expect(await refusal(h.call('ListClusters', { maxResults: 101 }))).toEqual({ name: 'InvalidParameterException', message: 'maxResults must be between 1 and 100.' });
  });

  it('container instances: drain and describe; unknown ids are MISSING; a bad status is refused', async () => {
    await h.call('CreateCluster', { clusterName: 'c' });
    const host = await h.addInstance('c');
    const drained: Json = await h.call('UpdateContainerInstancesState', { cluster: 'c', containerInstances: [host.id, 'f'.repeat(32)], status: 'DRAINING' });
    expect(drained.containerInstances[0]).toMatchObject({ containerInstanceArn: host.arn, status: 'DRAINING' });
    expect(drained.failures).toEqual([{ arn: 'f'.repeat(32), reason: 'MISSING' }]);
    const described: Json = await h.call('DescribeContainerInstances', { cluster: 'c', containerInstances: [host.arn] });
    expect(described.containerInstances[0].remainingResources).toContainEqual({ name: 'MEMORY', type: 'INTEGER', integerValue: 4096 });
    expect(typeof described.containerInstances[0].registeredAt).toBe('number');
    expect(await refusal(h.call('UpdateContainerInstancesState', { cluster: 'c', containerInstances: [host.id], status: 'GONE' }))).toEqual({
      name: 'InvalidParameterException',
      message: "Invalid status 'GONE'. Valid values: ACTIVE, DRAINING.",
    });
    const filtered: Json = await h.call('ListContainerInstances', { cluster: 'c', filter: 'attribute:ecs.os-type == linux' });
    expect(filtered.containerInstanceArns).toEqual([host.arn]);
  });

  it('attributes: put all or none, list with the target, delete', async () => {
    await h.call('CreateCluster', { clusterName: 'c' });
    const host = await h.addInstance('c');
    const put: Json = await h.call('PutAttributes', { cluster: 'c', attributes: [{ name: 'disk', value: 'ssd', targetId: host.id }] });
    expect(put.attributes).toEqual([{ name: 'disk', value: 'ssd', targetType: 'container-instance', targetId: host.arn }]);
    const bad = await refusal(h.call('PutAttributes', { cluster: 'c', attributes: [{ name: 'zone', value: 'a', targetId: host.id }, { name: 'ecs.x', value: 'b', targetId: host.id }] }));
    expect(bad.message).toMatch(/set by the agent/);
    const listed: Json = await h.call('ListAttributes', { cluster: 'c', targetType: 'container-instance' });
    expect(listed.attributes.map((a: Json) => a.name).sort()).toEqual(['disk', 'ecs.os-type']);
    await h.call('DeleteAttributes', { cluster: 'c', attributes: [{ name: 'disk', targetId: host.arn }] });
    expect(((await h.call('ListAttributes', { cluster: 'c', targetType: 'container-instance', attributeName: 'disk' })) as Json).attributes).toEqual([]);
  });

  it('task definitions: revisions count up and never repeat; describe the latest ACTIVE; deregister needs a revision', async () => {
    const one: Json = await h.call('RegisterTaskDefinition', webDefinition());
    const two: Json = await h.call('RegisterTaskDefinition', { ...webDefinition(), tags: [{ key: 'k', value: 'v' }] });
    expect([one.taskDefinition.revision, two.taskDefinition.revision]).toEqual([1, 2]);
    expect(two.tags).toEqual([{ key: 'k', value: 'v' }]);
    expect(two.taskDefinition.containerDefinitions[0]).toMatchObject({ name: 'web', essential: true, memory: 256 });
    await h.call('DeregisterTaskDefinition', { taskDefinition: 'web:2' });
    expect(((await h.call('DescribeTaskDefinition', { taskDefinition: 'web' })) as Json).taskDefinition.revision).toBe(1);
    expect(((await h.call('RegisterTaskDefinition', webDefinition())) as Json).taskDefinition.revision).toBe(3);
    expect((await refusal(h.call('DeregisterTaskDefinition', { taskDefinition: 'web' }))).message).toMatch(/revision is required/);
    expect(((await h.call('ListTaskDefinitions', { status: 'INACTIVE' })) as Json).taskDefinitionArns).toEqual(['arn:aws:ecs:local:000000000000:task-definition/web:2']);
    expect(((await h.call('ListTaskDefinitionFamilies', {})) as Json).families).toEqual(['web']);
    const invalid = await refusal(h.call('RegisterTaskDefinition', { family: 'web', containerDefinitions: [{ name: 'web', image: 'x' }] }));
    expect(invalid.message).toMatch(/At least one of 'memory' or 'memoryReservation' must be specified/);
  });

  it('services: describe shows deployments and MISSING for an unknown one; delete needs force above 0', async () => {
    await h.call('CreateCluster', { clusterName: 'c' });
    await h.call('RegisterTaskDefinition', webDefinition());
    const created: Json = await h.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: 'web', desiredCount: 2 });
    expect(created.service).toMatchObject({ serviceName: 'web', status: 'ACTIVE', desiredCount: 2, deployments: [{ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }] });
    expect(created.service.deployments[0].id).toMatch(/^ecs-svc\/\d{19}$/);
    const described: Json = await h.call('DescribeServices', { cluster: 'c', services: ['web', 'arn:aws:ecs:local:000000000000:service/other/web'] });
    expect(described.services).toHaveLength(1);
    expect(described.failures).toEqual([{ arn: 'arn:aws:ecs:local:000000000000:service/other/web', reason: 'MISSING' }]);
    expect((await refusal(h.call('DeleteService', { cluster: 'c', service: 'web' }))).message).toBe('The service cannot be stopped while it is scaled above 0.');
    expect(((await h.call('DeleteService', { cluster: 'c', service: 'web', force: true })) as Json).service.status).toBe('DRAINING');
    expect((await refusal(h.call('UpdateService', { cluster: 'c', service: 'nope', desiredCount: 1 }))).name).toBe('ServiceNotFoundException');
  });
});
