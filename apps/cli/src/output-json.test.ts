import { describe, expect, it } from 'vitest';
import { loadBerthGrpc } from '@berth/proto';
import { formatJson, int64FieldNames, toEcsJson } from './output-json.js';

const int64Fields = new Set(['version', 'longValue']);

describe('toEcsJson', () => {
  it.each<[string, unknown, Record<string, unknown>]>([
    ['drops empty strings, nulls, empty arrays', { a: '', b: null, c: [], d: 'x', e: undefined }, { d: 'x' }],
    ['keeps 0 and false', { runningTasksCount: 0, agentConnected: false }, { runningTasksCount: 0, agentConnected: false }],
    ['drops objects left empty', { versionInfo: { agentVersion: '', agentHash: '' }, x: 1 }, { x: 1 }],
    ['drops empty maps', { dockerLabels: {}, x: 1 }, { x: 1 }],
    ['keeps map entries', { dockerLabels: { a: 'b' } }, { dockerLabels: { a: 'b' } }],
    [
      'timestamps become ISO-8601',
      { registeredAt: { seconds: '1700000000', nanos: 123_000_000 } },
      { registeredAt: '2023-11-14T22:13:20.123Z' },
    ],
    ['numeric seconds too', { createdAt: { seconds: 0, nanos: 0 } }, { createdAt: '1970-01-01T00:00:00.000Z' }],
    ['int64 strings become numbers', { version: '42', other: '42' }, { version: 42, other: '42' }],
    ['int64 inside arrays', { resources: [{ name: 'CPU', longValue: '7' }] }, { resources: [{ name: 'CPU', longValue: 7 }] }],
    ['int64 beyond 2^53 stays a string', { version: '9007199254740993' }, { version: '9007199254740993' }],
    ['drops synthetic oneof markers', { memory: 5, _memory: 'memory' }, { memory: 5 }],
    ['keeps other underscore keys', { _x: 'y' }, { _x: 'y' }],
    ['filters empty items out of arrays', { clusters: [{ status: '' }, { status: 'ACTIVE' }] }, { clusters: [{ status: 'ACTIVE' }] }],
    ['bytes become base64', { data: Buffer.from('hi') }, { data: 'aGk=' }],
    ['nothing left is {}', { failures: [], nextToken: '' }, {}],
    ['a non-object is {}', null, {}],
  ])('%s', (_name, input, expected) => {
    expect(toEcsJson(input, { int64Fields })).toEqual(expected);
  });

  it('turns a decoded DescribeContainerInstancesResponse into ECS JSON', () => {
    const { definition } = loadBerthGrpc();
    const type = definition['berth.v1.DescribeContainerInstancesResponse'] as unknown as {
      serialize(v: unknown): Buffer;
      deserialize(b: Buffer): unknown;
    };
    const decoded = type.deserialize(
      type.serialize({
        containerInstances: [
          {
            containerInstanceArn: 'arn:aws:ecs:local:000000000000:container-instance/default/0123456789abcdef0123456789abcdef',
            status: 'ACTIVE',
            agentConnected: true,
            registeredResources: [{ name: 'CPU', type: 'INTEGER', integerValue: 2048 }],
            registeredAt: { seconds: 1_700_000_000, nanos: 0 },
            version: 3,
          },
        ],
      }),
    );
    expect(toEcsJson(decoded, { int64Fields: int64FieldNames(definition) })).toEqual({
      containerInstances: [
        {
          containerInstanceArn: 'arn:aws:ecs:local:000000000000:container-instance/default/0123456789abcdef0123456789abcdef',
          status: 'ACTIVE',
          agentConnected: true,
          registeredResources: [{ name: 'CPU', type: 'INTEGER', integerValue: 2048, doubleValue: 0, longValue: 0 }],
          runningTasksCount: 0,
          pendingTasksCount: 0,
          registeredAt: '2023-11-14T22:13:20.000Z',
          version: 3,
        },
      ],
    });
  });
});

describe('int64FieldNames', () => {
  it('finds the int64 fields of the Berth protos and nothing else', () => {
    const names = int64FieldNames(loadBerthGrpc().definition);
    expect(names.has('version')).toBe(true);
    expect(names.has('longValue')).toBe(true);
    expect(names.has('since')).toBe(true);
    expect(names.has('integerValue')).toBe(false);
    expect(names.has('cpu')).toBe(false);
  });

  it('reads nested message types', () => {
    const definition = {
      'x.Outer': { format: 'Protocol Buffer 3 DescriptorProto', type: { field: [], nestedType: [{ field: [{ name: 'n', type: 'TYPE_UINT64' }] }] } },
      'x.Svc': { Method: {} },
    };
    expect([...int64FieldNames(definition)]).toEqual(['n']);
  });
});

describe('formatJson', () => {
  it('indents with 4 spaces', () => {
    expect(formatJson({ a: [1] })).toBe('{\n    "a": [\n        1\n    ]\n}');
  });
});
