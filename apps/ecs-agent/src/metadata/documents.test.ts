import { describe, expect, it } from 'vitest';
import { planFor } from '../engine/task-setup.js';
import { container, containerDef, desiredTask, task } from '../engine/test-fixtures.js';
import { containerDocument, liveContainerOf, taskDocument, type TaskView } from './documents.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const web = containerDef({
  name: 'web',
  cpu: 256,
  memory: 128,
  dockerLabels: { team: 'payments' },
  logConfiguration: { logDriver: 'json-file', options: { 'max-size': '10m' } },
});
const desired = desiredTask([web, containerDef({ name: 'sidecar', memory: 32 })], { definition: { family: 'shop', revision: 7, cpu: 512, memory: 1024 } });
const plan = planFor(desired);
const running = container({
  name: 'web',
  knownStatus: 'RUNNING',
  runtimeId: 'abc123',
  createdAt: Date.UTC(2026, 11, 4, 10, 0, 0),
  startedAt: Date.UTC(2026, 11, 4, 10, 0, 1),
  networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 49160, protocol: 'tcp' }],
});
const view: TaskView = {
  plan,
  state: task([running, container({ name: 'sidecar', knownStatus: 'PULLED' })], {
    taskArn: desired.taskArn,
    knownStatus: 'RUNNING',
    pullStartedAt: Date.UTC(2026, 11, 4, 9, 59, 58),
    pullStoppedAt: Date.UTC(2026, 11, 4, 9, 59, 59),
  }),
};
const live = { dockerId: 'abc123full', imageId: 'sha256:feed', createdAt: '2026-12-04T10:00:00.5Z', networks: [{ NetworkMode: 'bridge', IPv4Addresses: ['172.17.0.5'] }] };

describe('containerDocument', () => {
  it('has the ECS v4 fields, with live Docker facts where Docker has them', () => {
    const doc: Json = containerDocument(view, running, live);
    expect(doc).toMatchObject({
      DockerId: 'abc123full',
      Name: 'web',
      DockerName: `ecs-shop-7-web-${desired.taskArn.split('/').pop()}`,
      Image: 'berth/busybox:latest',
      ImageID: 'sha256:feed',
      Ports: [{ ContainerPort: 80, Protocol: 'tcp', HostPort: 49160, HostIp: '0.0.0.0' }],
      DesiredStatus: 'RUNNING',
      KnownStatus: 'RUNNING',
      Limits: { CPU: 256, Memory: 128 },
      CreatedAt: '2026-12-04T10:00:00.5Z',
      StartedAt: '2026-12-04T10:00:01.000Z',
      Type: 'NORMAL',
      LogDriver: 'json-file',
      LogOptions: { 'max-size': '10m' },
      Networks: [{ NetworkMode: 'bridge', IPv4Addresses: ['172.17.0.5'] }],
    });
    expect(doc.Labels).toEqual({
      'com.amazonaws.ecs.cluster': 'default',
      'com.amazonaws.ecs.container-name': 'web',
      'com.amazonaws.ecs.task-arn': desired.taskArn,
      'com.amazonaws.ecs.task-definition-family': 'shop',
      'com.amazonaws.ecs.task-definition-version': '7',
      team: 'payments',
    });
    expect(doc).not.toHaveProperty('ExitCode');
    expect(doc).not.toHaveProperty('FinishedAt');
  });

  it.each<[string, Parameters<typeof container>[0], Json]>([
    ['a stopped container has its exit code and finish time', { name: 'web', knownStatus: 'STOPPED', exitCode: 3, finishedAt: Date.UTC(2026, 0, 1) }, { ExitCode: 3, FinishedAt: '2026-01-01T00:00:00.000Z' }],
    ['a container with a health check shows its health', { name: 'web', hasHealthCheck: true, health: 'HEALTHY' }, { Health: { status: 'HEALTHY' } }],
    ['a container not yet created has no DockerId, and the task network mode', { name: 'web' }, { Networks: [{ NetworkMode: 'bridge', IPv4Addresses: [] }] }],
  ])('%s', (_, state, expected) => {
    const doc = containerDocument(view, container(state), undefined);
    expect(doc).toMatchObject(expected);
    expect(doc).not.toHaveProperty('DockerId'); // none of these has a runtime id
  });

  it('leaves out Memory when the container sets no hard limit', () => {
    const doc: Json = containerDocument({ ...view, plan: planFor(desiredTask([containerDef({ name: 'web', memory: undefined, memoryReservation: 64 })])) }, running, live);
    expect(doc.Limits).toEqual({ CPU: 0 });
  });
});

describe('taskDocument', () => {
  it('has the task fields and every container, task Limits in vCPU and MiB', () => {
    const doc: Json = taskDocument(view, new Map([['web', live]]));
    expect(doc).toMatchObject({
      Cluster: 'default',
      TaskARN: desired.taskArn,
      Family: 'shop',
      Revision: '7',
      DesiredStatus: 'RUNNING',
      KnownStatus: 'RUNNING',
      Limits: { CPU: 0.5, Memory: 1024 },
      PullStartedAt: '2026-12-04T09:59:58.000Z',
      PullStoppedAt: '2026-12-04T09:59:59.000Z',
      LaunchType: 'EC2',
    });
    expect(doc.Containers.map((c: Json) => [c.Name, c.KnownStatus, c.DockerId])).toEqual([
      ['web', 'RUNNING', 'abc123full'],
      ['sidecar', 'PULLED', undefined],
    ]);
  });

  it('has no Limits when the definition sets no task-level cpu or memory', () => {
    const plain = planFor(desiredTask([web]));
    expect(taskDocument({ plan: plain, state: task([running], { taskArn: plain.taskArn }) }, new Map())).not.toHaveProperty('Limits');
  });
});

describe('liveContainerOf', () => {
  it.each<[string, unknown, unknown]>([
    ['a bridge container', { Id: 'x', Image: 'sha256:1', Created: 't', NetworkSettings: { Networks: { bridge: { IPAddress: '172.17.0.2' } } } }, { dockerId: 'x', imageId: 'sha256:1', createdAt: 't', networks: [{ NetworkMode: 'bridge', IPv4Addresses: ['172.17.0.2'] }] }],
    ['a host-mode container has no address of its own', { Id: 'x', Image: 'sha256:1', NetworkSettings: { Networks: { host: { IPAddress: '' } } } }, { dockerId: 'x', imageId: 'sha256:1', networks: [{ NetworkMode: 'host', IPv4Addresses: [] }] }],
    ['a container gone from Docker', undefined, undefined],
    ['something that is not an inspect', { Image: 3 }, undefined],
  ])('%s', (_, raw, expected) => {
    expect(liveContainerOf(raw)).toEqual(expected);
  });
});
