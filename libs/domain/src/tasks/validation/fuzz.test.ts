import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EcsError } from '../../errors.js';
import { validateTaskDefinition } from './task-definition.js';

/** Anything, shaped somewhat like a task definition so the fuzzing reaches past the first check. */
const member = fc.oneof(fc.jsonValue(), fc.string(), fc.integer(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 }));
const containerish = fc.dictionary(
  fc.constantFrom('name', 'image', 'cpu', 'memory', 'memoryReservation', 'portMappings', 'environment', 'healthCheck', 'dependsOn', 'links', 'mountPoints', 'ulimits', 'logConfiguration', 'essential', 'command', 'entryPoint', 'privileged', 'x'),
  member,
);
const definitionish = fc.record(
  {
    family: fc.oneof(fc.string(), member),
    containerDefinitions: fc.oneof(fc.array(containerish, { maxLength: 4 }), member),
    networkMode: fc.oneof(fc.constantFrom('bridge', 'host', 'none', 'awsvpc'), member),
    volumes: member,
    cpu: member,
    memory: member,
    placementConstraints: member,
  },
  { requiredKeys: [] },
);

function outcome(input: unknown): 'ok' | 'refused' {
  try {
    validateTaskDefinition(input);
    return 'ok';
  } catch (error) {
    // Refusals are ECS errors with a message naming what was wrong; anything else is a defect.
    expect(error).toBeInstanceOf(EcsError);
    expect((error as EcsError).message.length).toBeGreaterThan(0);
    expect((error as EcsError).message.length).toBeLessThan(2000);
    return 'refused';
  }
}

describe('validateTaskDefinition on hostile input', () => {
  it('answers any JSON value with a definition or an ECS error, never a crash', () => {
    fc.assert(fc.property(fc.jsonValue(), (input) => void outcome(input)), { numRuns: 500 });
  });

  it('answers near-miss definitions the same way', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(definitionish, (input) => void seen.add(outcome(input))), { numRuns: 1000 });
    expect(seen).toContain('refused');
  });

  it('refuses deep nesting and huge values without running out of stack', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(outcome({ family: 'f', containerDefinitions: [{ name: 'a', image: 'b', memory: 64, command: deep }] })).toBe('refused');
    expect(outcome({ family: 'f', containerDefinitions: [{ name: 'a', image: 'b', memory: 64, environment: Array.from({ length: 100_000 }, (_, i) => ({ name: `K${i}`, value: 'v' })) }] })).toBe('refused');
    expect(outcome({ family: 'f'.repeat(1_000_000), containerDefinitions: [] })).toBe('refused');
  });
});
