import { EcsError } from '../../errors.js';
import { validateTaskDefinition } from './task-definition.js';

/** Builders for validation tests: a minimal valid container and task definition in ECS JSON. */
export type Json = Record<string, unknown>;

export function container(fields: Json = {}): Json {
  return { name: 'web', image: 'nginx:1.27', memory: 128, ...fields };
}

export function taskDef(fields: Json = {}, containers: Json[] = [container()]): Json {
  return { family: 'web', containerDefinitions: containers, ...fields };
}

/** The error a call throws; fails the test if it returns or throws something that is not an EcsError. */
export function thrown(fn: () => unknown): EcsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EcsError) return error;
    throw error;
  }
  throw new Error('expected an EcsError, but the call succeeded');
}

export function rejection(input: unknown): { name: string; message: string } {
  const error = thrown(() => validateTaskDefinition(input));
  return { name: error.errorName, message: error.message };
}

export function accepted(input: unknown): ReturnType<typeof validateTaskDefinition> {
  return validateTaskDefinition(input);
}
