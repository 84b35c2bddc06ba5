import { describe, expect, it } from 'vitest';
import { berthSchema } from '@berth/proto';
import { conformElementValue, conformFieldValue, conformMessageValue, requestMessageName } from './conform.js';
import { UsageError } from './usage-error.js';

const schema = berthSchema();

describe('requestMessageName', () => {
  it('names the request message of an operation', () => {
    expect(requestMessageName('RunTask')).toBe('berth.v1.RunTaskRequest');
    expect(schema.has(requestMessageName('GetContainerLogs'))).toBe(true);
  });
});

describe('conform', () => {
  it('drops unknown members at any depth, warning once for each, and keeps the rest in order', () => {
    const out = conformMessageValue(schema, 'berth.v1.RunTaskRequest', {
      taskDefinition: 'web',
      launchType: 'EC2',
      overrides: { containerOverrides: [{ name: 'a', resourceRequirements: [{ type: 'GPU', value: '1' }] }, { name: 'b' }], ephemeralStorage: {} },
    });
    expect(out.value).toEqual({ taskDefinition: 'web', overrides: { containerOverrides: [{ name: 'a' }, { name: 'b' }] } });
    expect(out.warnings).toEqual([
      'warning: ignoring launchType: not supported by Berth',
      'warning: ignoring overrides.containerOverrides[0].resourceRequirements: not supported by Berth',
      'warning: ignoring overrides.ephemeralStorage: not supported by Berth',
    ]);
  });

  it.each<[string, string, string, unknown, unknown]>([
    ['number → string field', 'berth.v1.RegisterTaskDefinitionRequest', 'cpu', 512, '512'],
    ['boolean → string field', 'berth.v1.RegisterTaskDefinitionRequest', 'family', true, 'true'],
    ['integers stay', 'berth.v1.RunTaskRequest', 'count', 3, 3],
    ['nulls in lists are left out', 'berth.v1.DescribeTasksRequest', 'tasks', ['a', null, 'b'], ['a', 'b']],
    ['map values become strings', 'berth.v1.ContainerDefinition', 'dockerLabels', { a: 1, b: 'x', c: null }, { a: '1', b: 'x' }],
  ])('%s', (_name, message, field, value, expected) => {
    expect(conformFieldValue(schema, message, field, value, field).value).toEqual(expected);
  });

  it.each<[string, string, string, unknown]>([
    ['a string for an integer', 'berth.v1.RunTaskRequest', 'count', '3'],
    ['a fraction for an integer', 'berth.v1.RunTaskRequest', 'count', 1.5],
    ['a string for a boolean', 'berth.v1.DeleteServiceRequest', 'force', 'true'],
    ['an object for a string', 'berth.v1.RunTaskRequest', 'group', { a: 1 }],
    ['a scalar for a list', 'berth.v1.DescribeTasksRequest', 'tasks', 'a'],
    ['a list for a message', 'berth.v1.RunTaskRequest', 'overrides', []],
  ])('JSON refuses %s', (_name, message, field, value) => {
    expect(() => conformFieldValue(schema, message, field, value, field)).toThrow(UsageError);
  });

  it('shorthand turns strings into integers and booleans, and refuses unknown names', () => {
    const out = conformFieldValue(
      schema,
      'berth.v1.CreateServiceRequest',
      'deploymentConfiguration',
      { maximumPercent: '200', deploymentCircuitBreaker: { enable: 'TRUE', rollback: 'false' } },
      '--deployment-configuration',
      { shorthand: true },
    );
    expect(out).toEqual({ value: { maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: false } }, warnings: [] });
    expect(() =>
      conformFieldValue(schema, 'berth.v1.CreateServiceRequest', 'deploymentConfiguration', { alarms: 'x' }, '--deployment-configuration', { shorthand: true }),
    ).toThrow('Unknown parameter in --deployment-configuration: "alarms"');
  });

  it('conforms one element of a list field', () => {
    const out = conformElementValue(schema, 'berth.v1.RegisterTaskDefinitionRequest', 'containerDefinitions', { name: 'a', pidMode: 'host' }, 'containerDefinitions[3]');
    expect(out).toEqual({ value: { name: 'a' }, warnings: ['warning: ignoring containerDefinitions[3].pidMode: not supported by Berth'] });
  });
});
