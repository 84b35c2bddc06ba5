import { describe, expect, it } from 'vitest';
import type { TaskDefinitionInput } from '../task-definition.js';
import { applyContainerOverrides, validateContainerOverrides } from './overrides.js';
import type { ContainerOverride } from './overrides.js';
import { taskReservation } from './reservation.js';
import { accepted, container, taskDef, thrown } from './test-fixtures.js';
import type { Json } from './test-fixtures.js';

function definition(top: Json = {}, containers: Json[] = [
  container({ name: 'web', cpu: 256, memory: 512, environment: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }),
  container({ name: 'db', cpu: 512, memory: 1024, memoryReservation: 256, command: ['postgres'] }),
]): TaskDefinitionInput {
  return accepted(taskDef(top, containers)).definition;
}

describe('validateContainerOverrides: accepted', () => {
  it.each<[string, unknown, ContainerOverride[]]>([
    ['absent', undefined, []],
    ['null', null, []],
    ['empty list', [], []],
    ['command and environment', [{ name: 'web', command: ['serve', '--debug'], environment: [{ name: 'A', value: 'x' }] }], [
      { name: 'web', command: ['serve', '--debug'], environment: [{ name: 'A', value: 'x' }] },
    ]],
    ['numbers', [{ name: 'db', cpu: 1024, memory: 2048, memoryReservation: 512 }], [{ name: 'db', cpu: 1024, memory: 2048, memoryReservation: 512 }]],
    ['cpu 0', [{ name: 'db', cpu: 0 }], [{ name: 'db', cpu: 0 }]],
    ['gRPC shape: empty lists and synthetic keys are absent', [{ name: 'web', command: [], environment: [], _cpu: 'cpu' }], [{ name: 'web' }]],
    ['unknown fields are ignored', [{ name: 'web', environmentFiles: [{ type: 's3', value: 'arn' }] }], [{ name: 'web' }]],
    ['two containers', [{ name: 'web', cpu: 1 }, { name: 'db', cpu: 2 }], [{ name: 'web', cpu: 1 }, { name: 'db', cpu: 2 }]],
  ])('%s', (_case, overrides, expected) => {
    expect(validateContainerOverrides(definition(), overrides)).toEqual(expected);
  });
});

describe('validateContainerOverrides: rejected', () => {
  const at = 'containerOverrides[0]';
  it.each<[string, unknown, string, Json?]>([
    ['not a container', [{ name: 'x' }], "Override for container named 'x' is not a container in the TaskDefinition."],
    ['missing name', [{ cpu: 1 }], `${at}.name: required.`],
    ['not an array', { name: 'web' }, 'containerOverrides: expected an array, got object.'],
    ['element not an object', ['web'], `${at}: expected an object, got string.`],
    ['duplicate', [{ name: 'web' }, { name: 'web' }], "containerOverrides[1].name: duplicate override for container 'web' (container 'web')."],
    ['cpu negative', [{ name: 'web', cpu: -1 }], `${at}.cpu: must be an integer between 0 and 262144, got -1 (container 'web').`],
    ['cpu as a string', [{ name: 'web', cpu: '512' }], `${at}.cpu: expected an integer, got string (container 'web').`],
    ['memory below 6', [{ name: 'web', memory: 4 }], `${at}.memory: must be an integer of at least 6 MiB, got 4 (container 'web').`],
    ['memoryReservation fractional', [{ name: 'web', memoryReservation: 6.5 }], `${at}.memoryReservation: must be an integer of at least 6 MiB, got 6.5 (container 'web').`],
    ['command element a number', [{ name: 'web', command: ['sleep', 1] }], `${at}.command[1]: expected a string, got number (container 'web').`],
    ['environment duplicate', [{ name: 'web', environment: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }], `${at}.environment[1].name: duplicate environment variable 'A' (container 'web').`],
    ['environment value a number', [{ name: 'web', environment: [{ name: 'A', value: 1 }] }], `${at}.environment[0].value: expected a string, got number (container 'web').`],
    ['memory not above the definition reservation', [{ name: 'db', memory: 256 }], "Invalid setting for container 'db'. The memory reservation must be less than the memory limit."],
    ['reservation not below the definition memory', [{ name: 'web', memoryReservation: 512 }], "Invalid setting for container 'web'. The memory reservation must be less than the memory limit."],
    ['cpu above the task cpu', [{ name: 'web', cpu: 1024 }], "cpu: the containers' cpu adds up to 1536 units, more than the task-level cpu 1024.", { cpu: '1 vCPU' }],
    ['larger than 8 KiB', [{ name: 'web', command: ['x'.repeat(8200)] }], 'Container overrides are 8231 bytes; the limit is 8192 bytes (8 KiB).'],
    ['memory above the task memory', [{ name: 'db', memoryReservation: 4000, memory: 5000 }], "containerDefinitions[1].memory: 5000 MiB is more than the task-level memory 4096 MiB (container 'db').", { memory: '4 GB' }],
  ])('%s', (_case, overrides, message, top = {}) => {
    const error = thrown(() => validateContainerOverrides(definition(top), overrides));
    expect({ name: error.errorName, message: error.message }).toEqual({ name: 'InvalidParameterException', message });
  });
});

describe('applyContainerOverrides', () => {
  it('replaces command and numbers and merges environment by name, override winning', () => {
    const def = definition();
    const [web, db] = applyContainerOverrides(def, [
      { name: 'web', command: ['serve'], environment: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }], cpu: 128 },
      { name: 'db', memory: 2048, memoryReservation: 1024 },
    ]);
    expect(web).toMatchObject({
      command: ['serve'],
      cpu: 128,
      memory: 512,
      environment: [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }],
    });
    expect(db).toMatchObject({ command: ['postgres'], cpu: 512, memory: 2048, memoryReservation: 1024 });
    expect(def.containerDefinitions[0]?.environment).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
  });

  it('returns containers unchanged without overrides', () => {
    const def = definition();
    expect(applyContainerOverrides(def, [])).toEqual(def.containerDefinitions);
  });
});

describe('taskReservation', () => {
  it.each<[string, Json, ContainerOverride[], { cpu: number; memory: number }]>([
    ['sums cpu and reservation-else-memory', {}, [], { cpu: 768, memory: 512 + 256 }],
    ['task-level values win', { cpu: '2 vCPU', memory: '4 GB' }, [], { cpu: 2048, memory: 4096 }],
    ['task cpu only', { cpu: '4096' }, [], { cpu: 4096, memory: 768 }],
    ['task memory only', { memory: '3072' }, [], { cpu: 768, memory: 3072 }],
    ['overrides change the sums', {}, [{ name: 'web', cpu: 1024, memoryReservation: 128 }, { name: 'db', memoryReservation: 512 }], { cpu: 1536, memory: 128 + 512 }],
    ['overridden memory counts when there is no reservation', {}, [{ name: 'web', memory: 700 }], { cpu: 768, memory: 700 + 256 }],
  ])('%s', (_case, top, overrides, expected) => {
    expect(taskReservation(definition(top), overrides)).toEqual(expected);
  });

  it('counts a container without cpu or memory as zero under task memory', () => {
    const def = definition({ memory: '512' }, [container({ memory: undefined })]);
    expect(taskReservation(def)).toEqual({ cpu: 0, memory: 512 });
  });
});
