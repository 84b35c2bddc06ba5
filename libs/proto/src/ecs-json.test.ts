import { describe, expect, it } from 'vitest';
import { loadBerthGrpc } from './load.js';
import { berthSchema } from './schema.js';
import { formatJson, fromProto, toProto } from './ecs-json.js';

const schema = berthSchema();
type Codec = { serialize(v: unknown): Buffer; deserialize(b: Buffer): unknown };
/** What grpc-js hands a handler or a client: the message through the real encoder and decoder. */
const decoded = (message: string, value: unknown): unknown => {
  const type = loadBerthGrpc().definition[`berth.v1.${message}`] as unknown as Codec;
  return type.deserialize(type.serialize(value));
};

describe('fromProto, response mode (what a client prints)', () => {
  const ci = {
    containerInstanceArn: 'arn:aws:ecs:local:000000000000:container-instance/default/0123456789abcdef0123456789abcdef',
    status: 'ACTIVE',
    agentConnected: true,
    registeredResources: [{ name: 'CPU', type: 'INTEGER', integerValue: 2048 }],
    registeredAt: { seconds: 1_700_000_000, nanos: 123_000_000 },
    version: 3,
  };

  it('turns a decoded DescribeContainerInstancesResponse into ECS JSON with ISO instants for people', () => {
    expect(fromProto(schema, 'berth.v1.DescribeContainerInstancesResponse', decoded('DescribeContainerInstancesResponse', { containerInstances: [ci] }), { mode: 'response', timestamps: 'iso' })).toEqual({
      containerInstances: [
        {
          containerInstanceArn: ci.containerInstanceArn,
          status: 'ACTIVE',
          agentConnected: true,
          registeredResources: [{ name: 'CPU', type: 'INTEGER', integerValue: 2048, doubleValue: 0, longValue: 0 }],
          runningTasksCount: 0,
          pendingTasksCount: 0,
          registeredAt: '2023-11-14T22:13:20.123Z',
          version: 3,
        },
      ],
    });
  });

  it('writes instants as epoch seconds on the ECS wire', () => {
    const json = fromProto(schema, 'berth.v1.ContainerInstance', decoded('ContainerInstance', ci), { mode: 'response' });
    expect(json['registeredAt']).toBe(1_700_000_000.123);
  });

  it.each<[string, string, unknown, Record<string, unknown>]>([
    ['drops empty strings, lists and objects left empty', 'Cluster', { clusterName: '', tags: [], status: 'ACTIVE' }, { status: 'ACTIVE', registeredContainerInstancesCount: 0, runningTasksCount: 0, pendingTasksCount: 0, activeServicesCount: 0 }],
    ['keeps map entries, drops empty maps', 'ContainerDefinition', { name: 'a', dockerLabels: { x: 'y' }, cpu: 1 }, { name: 'a', dockerLabels: { x: 'y' }, cpu: 1, privileged: false, readonlyRootFilesystem: false }],
    ['int64 beyond 2^53 stays a string', 'Task', { version: '9007199254740993' }, { version: '9007199254740993' }],
    ['a set optional keeps its zero', 'Container', { exitCode: 0, essential: false }, { exitCode: 0, essential: false }],
  ])('%s', (_name, message, value, expected) => {
    expect(fromProto(schema, `berth.v1.${message}`, decoded(message, value), { mode: 'response' })).toEqual(expected);
  });

  it('bytes become base64', () => {
    expect(fromProto(schema, 'berth.v1.LogChunk', decoded('LogChunk', { stream: 'stdout', data: Buffer.from('hi') }), { mode: 'response' })).toEqual({ stream: 'stdout', data: 'aGk=' });
  });

  it('a non-object is {}', () => {
    expect(fromProto(schema, 'berth.v1.Task', null, { mode: 'response' })).toEqual({});
  });
});

describe('fromProto, request mode (proto3: a default is "not given")', () => {
  it('leaves out scalars at their defaults and empty lists', () => {
    expect(fromProto(schema, 'berth.v1.RunTaskRequest', decoded('RunTaskRequest', { taskDefinition: 'web' }), { mode: 'request' })).toEqual({ taskDefinition: 'web' });
  });

  it('keeps a proto3 optional that was set to 0, and a message that was given empty', () => {
    const value = decoded('UpdateServiceRequest', { service: 'web', desiredCount: 0, deploymentConfiguration: {} });
    expect(fromProto(schema, 'berth.v1.UpdateServiceRequest', value, { mode: 'request' })).toEqual({ service: 'web', desiredCount: 0, deploymentConfiguration: {} });
    expect(fromProto(schema, 'berth.v1.UpdateServiceRequest', decoded('UpdateServiceRequest', { service: 'web' }), { mode: 'request' })).toEqual({ service: 'web' });
  });

  it('keeps non-default values in lists and nested messages', () => {
    const value = decoded('RunTaskRequest', { count: 2, overrides: { containerOverrides: [{ name: 'a', command: ['x'], cpu: 0 }] } });
    expect(fromProto(schema, 'berth.v1.RunTaskRequest', value, { mode: 'request' })).toEqual({ count: 2, overrides: { containerOverrides: [{ name: 'a', command: ['x'], cpu: 0 }] } });
  });
});

describe('toProto', () => {
  it('round-trips ECS JSON through the real encoder: instants, int64, nested lists and maps', () => {
    const json = {
      taskArn: 'arn:t',
      version: 7,
      cpu: '256',
      createdAt: 1_700_000_000.5,
      startedAt: new Date('2023-11-14T22:13:21.250Z'),
      stoppedAt: '2023-11-14T22:13:22.000Z',
      containers: [{ name: 'web', exitCode: 0, networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 32768, protocol: 'tcp' }] }],
      attachments: [{ notInTheProto: true }],
    };
    const back = fromProto(schema, 'berth.v1.Task', decoded('Task', toProto(schema, 'berth.v1.Task', json)), { mode: 'response' });
    expect(back).toMatchObject({
      taskArn: 'arn:t',
      version: 7,
      cpu: '256',
      createdAt: 1_700_000_000.5,
      startedAt: 1_700_000_001.25,
      stoppedAt: 1_700_000_002,
      containers: [{ name: 'web', exitCode: 0, networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 32768, protocol: 'tcp' }] }],
    });
    expect(back).not.toHaveProperty('attachments');
  });

  it('writes numbers given for string fields as strings (task-level cpu and memory)', () => {
    expect(toProto(schema, 'berth.v1.TaskDefinition', { cpu: 256, memory: 512 })).toEqual({ cpu: '256', memory: '512' });
  });

  it('throws on a member of the wrong shape: the caller built it wrong', () => {
    expect(() => toProto(schema, 'berth.v1.Task', { createdAt: 'not a time' })).toThrow(/createdAt: not a timestamp/);
    expect(() => toProto(schema, 'berth.v1.Task', { overrides: 'x' })).toThrow(/overrides: expected an object/);
  });
});

describe('formatJson', () => {
  it('indents with 4 spaces', () => {
    expect(formatJson({ a: [1] })).toBe('{\n    "a": [\n        1\n    ]\n}');
  });
});
