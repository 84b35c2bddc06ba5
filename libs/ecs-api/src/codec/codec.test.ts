import { describe, expect, it } from 'vitest';
import { defaultArnScope, type ContainerInstance, type Task } from '@berth/domain';
import { encodeContainerInstance } from './container-instances.js';
import { encodeTask } from './tasks.js';

const created = new Date('2026-01-01T00:00:00.250Z');

const task: Task = {
  id: 'a'.repeat(32),
  arn: `arn:aws:ecs:local:000000000000:task/c/${'a'.repeat(32)}`,
  clusterName: 'c',
  containerInstanceId: 'b'.repeat(32),
  taskDefinitionArn: 'arn:aws:ecs:local:000000000000:task-definition/web:1',
  family: 'web',
  revision: 1,
  desiredStatus: 'RUNNING',
  lastStatus: 'PENDING',
  startedBy: '',
  group: 'family:web',
  overrides: [{ name: 'web', command: ['x'] }],
  cpu: 0,
  memory: 256,
  reservedPorts: [],
  reservedPortsUdp: [],
  containers: [{ name: 'web', image: 'i', essential: true, cpu: 0, memory: 256, lastStatus: 'CREATED', networkBindings: [], healthStatus: 'UNKNOWN', exitCode: 0 }],
  healthStatus: 'UNKNOWN',
  createdAt: created,
  version: 3,
};

describe('encodeTask', () => {
  it('writes the ECS shape: epoch-second instants, string cpu and memory, ARNs from the scope, nothing unset', () => {
    const json = encodeTask(task, defaultArnScope);
    expect(json).toEqual({
      taskArn: task.arn,
      clusterArn: 'arn:aws:ecs:local:000000000000:cluster/c',
      taskDefinitionArn: task.taskDefinitionArn,
      containerInstanceArn: `arn:aws:ecs:local:000000000000:container-instance/c/${'b'.repeat(32)}`,
      overrides: { containerOverrides: [{ name: 'web', command: ['x'] }] },
      lastStatus: 'PENDING',
      desiredStatus: 'RUNNING',
      cpu: '0',
      memory: '256',
      containers: [
        {
          containerArn: `arn:aws:ecs:local:000000000000:container/c/${'a'.repeat(32)}/web`,
          taskArn: task.arn,
          name: 'web',
          image: 'i',
          lastStatus: 'PENDING',
          exitCode: 0,
          networkBindings: [],
          healthStatus: 'UNKNOWN',
          cpu: '0',
          memory: '256',
          essential: true,
        },
      ],
      version: 3,
      group: 'family:web',
      launchType: 'EC2',
      healthStatus: 'UNKNOWN',
      createdAt: 1_767_225_600.25,
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('a stopped task carries its stop code, reason and instants', () => {
    const stopped = encodeTask({ ...task, lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'bye', stoppedAt: created }, defaultArnScope);
    expect(stopped).toMatchObject({ stopCode: 'UserInitiated', stoppedReason: 'bye', stoppedAt: 1_767_225_600.25 });
  });
});

describe('encodeContainerInstance', () => {
  it('lists registered and remaining resources as ECS does and the attributes of both kinds', () => {
    const instance: ContainerInstance = {
      id: 'b'.repeat(32),
      arn: 'arn:i',
      clusterName: 'c',
      status: 'ACTIVE',
      statusReason: '',
      agentConnected: false,
      hostname: 'h',
      registeredResources: { cpu: 2048, memory: 4096, ports: [22], portsUdp: [] },
      reservedResources: { cpu: 0, memory: 1024, ports: [8080], portsUdp: [] },
      agentAttributes: [{ name: 'ecs.os-type', value: 'linux' }],
      customAttributes: [{ name: 'flag' }],
      agentVersion: '1.0',
      dockerVersion: '27',
      registeredAt: created,
      lastHeartbeatAt: null,
      runningTasksCount: 0,
      pendingTasksCount: 1,
      version: 9,
      lastReportSequence: 0,
      tags: [],
    };
    const json = encodeContainerInstance(instance);
    expect(json['remainingResources']).toEqual([
      { name: 'CPU', type: 'INTEGER', integerValue: 2048 },
      { name: 'MEMORY', type: 'INTEGER', integerValue: 3072 },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22', '8080'] },
      { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [] },
    ]);
    expect(json).toMatchObject({ agentConnected: false, attributes: [{ name: 'ecs.os-type', value: 'linux' }, { name: 'flag' }], registeredAt: 1_767_225_600.25, version: 9 });
    expect(json).not.toHaveProperty('statusReason');
    expect(json).not.toHaveProperty('lastHeartbeatAt');
    expect(json).toMatchObject({ agentVersion: '1.0', versionInfo: { agentVersion: '1.0', dockerVersion: '27' } });
    const ecsOnly = encodeContainerInstance({ ...instance, lastHeartbeatAt: created }, false);
    expect(ecsOnly).not.toHaveProperty('agentVersion');
    expect(ecsOnly).not.toHaveProperty('lastHeartbeatAt');
    expect(ecsOnly).toMatchObject({ versionInfo: { agentVersion: '1.0' } });
  });
});

describe('task connectivity', () => {
  it('is written as ECS writes it, and left out when unknown', () => {
    expect(encodeTask(task, defaultArnScope, true, { status: 'DISCONNECTED', at: created })).toMatchObject({ connectivity: 'DISCONNECTED', connectivityAt: 1_767_225_600.25 });
    expect(encodeTask(task, defaultArnScope, true, { status: 'CONNECTED' })).toMatchObject({ connectivity: 'CONNECTED' });
    expect(encodeTask(task, defaultArnScope, true, { status: 'CONNECTED' })).not.toHaveProperty('connectivityAt');
    expect(encodeTask(task, defaultArnScope)).not.toHaveProperty('connectivity');
  });
});

describe('Berth extensions', () => {
  it("a task's containers say whether they are essential only with extensions (ECS's Container has no such member)", () => {
    expect((encodeTask(task, defaultArnScope).containers as object[])[0]).toHaveProperty('essential', true);
    expect((encodeTask(task, defaultArnScope, false).containers as object[])[0]).not.toHaveProperty('essential');
  });
});
