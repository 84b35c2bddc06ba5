import { describe, expect, it } from 'vitest';
import { loadBerthGrpc, type wire } from '@berth/proto';
import { desiredTaskFromWire } from './engine-wire.js';

// Desired tasks arrive as bytes through the same deserializer the session uses.
const service = loadBerthGrpc().grpc.berth.v1.AgentService.service;
const roundTrip = (task: object): wire.DesiredTask__Output => {
  const bytes = service.Session.responseSerialize({ desiredTasks: { sequence: 1, tasks: [task] } } as wire.ControlMessage) as Buffer;
  return (service.Session.responseDeserialize(bytes) as wire.ControlMessage__Output).desiredTasks!.tasks[0]!;
};

const base = {
  taskArn: 'arn:aws:ecs:local:000000000000:task/c/0123456789abcdef0123456789abcdef',
  clusterArn: 'arn:aws:ecs:local:000000000000:cluster/c',
  desiredStatus: 'RUNNING',
  acknowledgedStatus: 'PROVISIONING',
  taskDefinition: {
    taskDefinitionArn: 'arn:aws:ecs:local:000000000000:task-definition/web:1',
    family: 'web',
    revision: 1,
    containerDefinitions: [{ name: 'web', image: 'web', memory: 64, secrets: [{ name: 'PW', valueFrom: 'arn:aws:secretsmanager:local:000000000000:secret:db' }] }],
  },
};

describe('desiredTaskFromWire: the secret store', () => {
  it("takes each container's secret variables and registry credentials", () => {
    const task = desiredTaskFromWire(
      roundTrip({ ...base, containerSecrets: [{ containerName: 'web', environment: [{ name: 'PW', value: 's3cret' }], registryUsername: 'u', registryPassword: 'p' }] }),
    );
    expect(task.secrets).toEqual(new Map([['web', { environment: [{ name: 'PW', value: 's3cret' }], registryAuth: { username: 'u', password: 'p' } }]]));
    expect(task.definition.containerDefinitions[0]!.secrets).toEqual([{ name: 'PW', valueFrom: 'arn:aws:secretsmanager:local:000000000000:secret:db' }]);
    expect(task.startError).toBeUndefined();
  });

  it('takes a start error instead of values', () => {
    const task = desiredTaskFromWire(roundTrip({ ...base, startError: 'ResourceInitializationError: x', containerSecrets: [{ containerName: 'web', environment: [{ name: 'PW', value: 'v' }] }] }));
    expect(task).toMatchObject({ startError: 'ResourceInitializationError: x' });
    expect(task.secrets).toBeUndefined();
  });

  it('has neither for a task without them', () => {
    const task = desiredTaskFromWire(roundTrip(base));
    expect(task.secrets).toBeUndefined();
    expect(task.startError).toBeUndefined();
  });

  it('refuses secrets for a container the definition does not have', () => {
    expect(() => desiredTaskFromWire(roundTrip({ ...base, containerSecrets: [{ containerName: 'other', environment: [] }] }))).toThrow(
      "secrets for container 'other', which the definition does not have",
    );
  });
});
