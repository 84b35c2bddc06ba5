import { describe, expect, it } from 'vitest';
import { accepted, container, rejection, taskDef } from './test-fixtures.js';
import type { Json } from './test-fixtures.js';

describe('validateTaskDefinition: top-level rules', () => {
  const tooMany = Array.from({ length: 11 }, (_, i) => container({ name: `c${i}` }));
  const ten = Array.from({ length: 10 }, (_, i) => container({ name: `c${i}` }));
  const big = taskDef({}, [container({ environment: [{ name: 'BIG', value: 'x'.repeat(66_000) }] })]);

  it.each<[string, unknown, string]>([
    ['not an object', 'family', 'RegisterTaskDefinition request: expected an object, got string.'],
    ['an array', [], 'RegisterTaskDefinition request: expected an object, got array.'],
    ['missing family', { containerDefinitions: [container()] }, 'family: required.'],
    ['empty family', taskDef({ family: '' }), 'family: required.'],
    [
      'family with a space',
      taskDef({ family: 'my app' }),
      "family: must be 1-255 letters, numbers, underscores or hyphens, got 'my app'.",
    ],
    ['family too long', taskDef({ family: 'a'.repeat(256) }), `family: must be 1-255 letters, numbers, underscores or hyphens, got '${'a'.repeat(256)}'.`],
    ['family as a number', taskDef({ family: 7 }), 'family: expected a string, got number.'],
    ['no containers', taskDef({}, []), 'containerDefinitions: Container list cannot be empty.'],
    ['containers absent', { family: 'web' }, 'containerDefinitions: Container list cannot be empty.'],
    ['containers as an object', taskDef({ containerDefinitions: { name: 'web' } }), 'containerDefinitions: expected an array, got object.'],
    ['11 containers', taskDef({}, tooMany), 'containerDefinitions: at most 10 containers are allowed, got 11.'],
    ['over 64 KiB', big, 'Task definition is 66132 bytes; the limit is 65536 bytes (64 KiB).'],
    ['awsvpc', taskDef({ networkMode: 'awsvpc' }), 'networkMode: awsvpc is not supported by Berth; use bridge, host or none.'],
    ['unknown network mode', taskDef({ networkMode: 'nat' }), "networkMode: must be one of bridge, host, none, got 'nat'."],
    [
      'no essential container',
      taskDef({}, [container({ essential: false }), container({ name: 'db', essential: false })]),
      'Task definition must contain at least one essential container.',
    ],
    ['executionRoleArn as a number', taskDef({ executionRoleArn: 1 }), 'executionRoleArn: expected a string, got number.'],
    ['requiresCompatibilities unknown', taskDef({ requiresCompatibilities: ['EC2', 'LAMBDA'] }), "requiresCompatibilities[1]: must be one of EC2, EXTERNAL, FARGATE, got 'LAMBDA'."],
    ['requiresCompatibilities as a string', taskDef({ requiresCompatibilities: 'EC2' }), 'requiresCompatibilities: expected an array, got string.'],
  ])('rejects %s', (_case, input, message) => {
    expect(rejection(input)).toEqual({ name: 'ClientException', message });
  });

  it('accepts exactly 10 containers and a definition just under 64 KiB', () => {
    expect(accepted(taskDef({}, ten)).definition.containerDefinitions).toHaveLength(10);
    const fits = taskDef({}, [container({ environment: [{ name: 'BIG', value: 'x'.repeat(65_000) }] })]);
    expect(accepted(fits).warnings).toEqual([]);
  });

  it.each<[string, Json, Partial<Record<'networkMode', string>>]>([
    ['bridge by default', {}, { networkMode: 'bridge' }],
    ['host', { networkMode: 'host' }, { networkMode: 'host' }],
    ['none', { networkMode: 'none' }, { networkMode: 'none' }],
  ])('network mode %s', (_case, fields, expected) => {
    expect(accepted(taskDef(fields)).definition).toMatchObject(expected);
  });

  it.each([['EC2'], ['EXTERNAL']])('accepts requiresCompatibilities %s silently', (compat) => {
    const { definition, warnings } = accepted(taskDef({ requiresCompatibilities: [compat] }));
    expect(definition.requiresCompatibilities).toEqual([compat]);
    expect(warnings).toEqual([]);
  });
});

describe('validateTaskDefinition: task-level cpu and memory', () => {
  it.each<[unknown, number]>([
    ['256', 256],
    [' 1024 ', 1024],
    ['1 vCPU', 1024],
    ['2vcpu', 2048],
    ['0.25 vCPU', 256],
    ['.5 vCPU', 512],
  ])('cpu %j is %d units', (cpu, units) => {
    expect(accepted(taskDef({ cpu })).definition.cpu).toBe(units);
  });

  it.each<[unknown, number]>([
    ['512', 512],
    ['2 GB', 2048],
    ['0.5GB', 512],
    ['1 gb', 1024],
  ])('memory %j is %d MiB', (memory, mib) => {
    expect(accepted(taskDef({ memory })).definition.memory).toBe(mib);
  });

  it.each<[string, Json, string]>([
    ['cpu zero', { cpu: '0' }, `cpu: must be a positive whole amount such as "256" or "1 vCPU", got '0'.`],
    ['cpu negative', { cpu: '-1' }, `cpu: must be a positive whole amount such as "256" or "1 vCPU", got '-1'.`],
    ['cpu in GB', { cpu: '1 GB' }, `cpu: must be a positive whole amount such as "256" or "1 vCPU", got '1 GB'.`],
    ['cpu fraction of a unit', { cpu: '0.0001 vCPU' }, `cpu: must be a positive whole amount such as "256" or "1 vCPU", got '0.0001 vCPU'.`],
    ['cpu as a number', { cpu: 256 }, `cpu: expected a string such as "256" or "1 vCPU", got number.`],
    ['cpu as an object', { cpu: { units: 1 } }, 'cpu: expected a string, got object.'],
    ['memory zero', { memory: '0' }, `memory: must be a positive whole amount such as "512" or "2 GB", got '0'.`],
    ['memory in vCPU', { memory: '1 vCPU' }, `memory: must be a positive whole amount such as "512" or "2 GB", got '1 vCPU'.`],
    ['memory as a number', { memory: 512 }, `memory: expected a string such as "512" or "2 GB", got number.`],
  ])('rejects %s', (_case, fields, message) => {
    expect(rejection(taskDef(fields))).toEqual({ name: 'ClientException', message });
  });

  it('makes container memory optional when task memory is given', () => {
    const { definition } = accepted(taskDef({ memory: '512' }, [container({ memory: undefined })]));
    expect(definition.containerDefinitions[0]).not.toHaveProperty('memory');
  });

  it.each<[string, Json, Json[], string | undefined]>([
    ['cpu sum fits', { cpu: '1024' }, [container({ cpu: 512 }), container({ name: 'b', cpu: 512 })], undefined],
    [
      'cpu sum exceeds',
      { cpu: '1024' },
      [container({ cpu: 512 }), container({ name: 'b', cpu: 513 })],
      "cpu: the containers' cpu adds up to 1025 units, more than the task-level cpu 1024.",
    ],
    ['memory sum fits', { memory: '1 GB' }, [container({ memory: 512 }), container({ name: 'b', memory: 512 })], undefined],
    [
      'reservations exceed',
      { memory: '1024' },
      [container({ memory: undefined, memoryReservation: 600 }), container({ name: 'b', memory: 500 })],
      'memory: the containers reserve 1100 MiB (memoryReservation, else memory), more than the task-level memory 1024 MiB.',
    ],
    [
      'one hard limit above the task',
      { memory: '1024' },
      [container({ memory: 2048, memoryReservation: 256 })],
      "containerDefinitions[0].memory: 2048 MiB is more than the task-level memory 1024 MiB (container 'web').",
    ],
    ['reservation counts instead of memory', { memory: '1024' }, [container({ memory: 1024, memoryReservation: 256 }), container({ name: 'b', memory: 768 })], undefined],
  ])('totals: %s', (_case, fields, containers, message) => {
    if (message === undefined) expect(() => accepted(taskDef(fields, containers))).not.toThrow();
    else expect(rejection(taskDef(fields, containers))).toEqual({ name: 'ClientException', message });
  });
});

describe('validateTaskDefinition: placement constraints', () => {
  it('accepts up to 10 memberOf constraints', () => {
    const constraints = Array.from({ length: 10 }, () => ({ type: 'memberOf', expression: 'attribute:ecs.os-type == linux' }));
    expect(accepted(taskDef({ placementConstraints: constraints })).definition.placementConstraints).toHaveLength(10);
  });

  it.each<[string, unknown, string]>([
    ['distinctInstance', [{ type: 'distinctInstance' }], 'placementConstraints[0].type: distinctInstance is not allowed in a task definition; only memberOf is.'],
    ['unknown type', [{ type: 'spread' }], "placementConstraints[0].type: must be memberOf, got 'spread'."],
    ['missing type', [{ expression: 'x' }], 'placementConstraints[0].type: required.'],
    ['memberOf without expression', [{ type: 'memberOf', expression: '' }], 'placementConstraints[0].expression: required for memberOf.'],
    ['expression too long', [{ type: 'memberOf', expression: 'a'.repeat(2001) }], 'placementConstraints[0].expression: must be at most 2000 characters, got 2001.'],
    ['11 constraints', Array.from({ length: 11 }, () => ({ type: 'memberOf', expression: 'x' })), 'placementConstraints: at most 10 placement constraints are allowed, got 11.'],
    ['not an array', { type: 'memberOf' }, 'placementConstraints: expected an array, got object.'],
    ['an element that is not an object', ['memberOf'], 'placementConstraints[0]: expected an object, got string.'],
  ])('rejects %s', (_case, placementConstraints, message) => {
    expect(rejection(taskDef({ placementConstraints }))).toEqual({ name: 'ClientException', message });
  });
});

describe('validateTaskDefinition: unknown fields', () => {
  it.each<[string, Json, Json, string[]]>([
    ['top-level proxyConfiguration', { proxyConfiguration: { type: 'APPMESH' } }, {}, ["Ignoring 'proxyConfiguration': not supported by Berth."]],
    ['top-level inferenceAccelerators', { inferenceAccelerators: [{ deviceName: 'x' }] }, {}, ["Ignoring 'inferenceAccelerators': not supported by Berth."]],
    ['top-level ipcMode host is honoured, not ignored', { ipcMode: 'host' }, {}, []],
    ['read-only describe fields', { revision: 3, status: 'ACTIVE' }, {}, ["Ignoring 'revision': not supported by Berth.", "Ignoring 'status': not supported by Berth."]],
    ['empty values are skipped', { pidMode: '', inferenceAccelerators: [], runtimePlatform: {}, ipcMode: null }, {}, []],
    ['tags are handled elsewhere', { tags: [{ key: 'a', value: 'b' }] }, {}, []],
    ['repositoryCredentials members', {}, { repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:r:1:secret:hub', region: 'x' } }, ["Ignoring 'containerDefinitions[0].repositoryCredentials.region' (container 'web'): not supported by Berth."]],
    ['container dnsSearchDomains', {}, { dnsSearchDomains: ['example.com'] }, ["Ignoring 'containerDefinitions[0].dnsSearchDomains' (container 'web'): not supported by Berth."]],
    ['container resourceRequirements', {}, { resourceRequirements: [{ type: 'GPU', value: '1' }] }, ["Ignoring 'containerDefinitions[0].resourceRequirements' (container 'web'): not supported by Berth."]],
    ['container dnsServers and extraHosts', {}, { dnsServers: ['1.1.1.1'], extraHosts: [{ hostname: 'a', ipAddress: '1.2.3.4' }] }, [
      "Ignoring 'containerDefinitions[0].dnsServers' (container 'web'): not supported by Berth.",
      "Ignoring 'containerDefinitions[0].extraHosts' (container 'web'): not supported by Berth.",
    ]],
    ['container booleans', {}, { disableNetworking: true, interactive: true, pseudoTerminal: false }, [
      "Ignoring 'containerDefinitions[0].disableNetworking' (container 'web'): not supported by Berth.",
      "Ignoring 'containerDefinitions[0].interactive' (container 'web'): not supported by Berth.",
      "Ignoring 'containerDefinitions[0].pseudoTerminal' (container 'web'): not supported by Berth.",
    ]],
  ])('%s', (_case, top, containerFields, warnings) => {
    expect(accepted(taskDef(top, [container(containerFields)])).warnings).toEqual(warnings);
  });
});
