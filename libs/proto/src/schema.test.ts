import { describe, expect, it } from 'vitest';
import { berthSchema, schemaFromDefinition } from './schema.js';

const schema = berthSchema();

describe('schemaFromDefinition', () => {
  it('reads fields with JSON names, lists, messages and maps', () => {
    const container = schema.get('berth.v1.ContainerDefinition');
    expect(container?.fields.get('memoryReservation')).toEqual({ name: 'memoryReservation', repeated: false, type: 'integer' });
    expect(container?.fields.get('portMappings')).toEqual({ name: 'portMappings', repeated: true, type: 'message', message: 'berth.v1.PortMapping' });
    expect(container?.fields.get('command')).toEqual({ name: 'command', repeated: true, type: 'string' });
    expect(container?.fields.get('essential')).toEqual({ name: 'essential', repeated: false, type: 'boolean' });
    expect(container?.fields.get('dockerLabels')).toEqual({
      name: 'dockerLabels',
      repeated: false,
      type: 'map',
      mapValue: { name: 'value', repeated: false, type: 'string' },
    });
    expect(schema.get('berth.v1.GetContainerLogsRequest')?.fields.get('since')).toMatchObject({ type: 'integer', int64: true });
    expect(schema.get('berth.v1.GetContainerLogsRequest')?.fields.get('tail')).not.toHaveProperty('int64');
    expect(schema.get('berth.v1.Task')?.fields.get('createdAt')?.message).toBe('google.protobuf.Timestamp');
    expect(schema.get('berth.v1.NetworkBinding')?.fields.has('bindIP')).toBe(true);
  });

  it('ignores entries that are not message descriptors', () => {
    expect(schemaFromDefinition({ 'x.Service': { Method: {} }, junk: 1 }).size).toBe(0);
  });
});

