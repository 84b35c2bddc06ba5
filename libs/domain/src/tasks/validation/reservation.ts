import type { TaskDefinitionInput } from '../task-definition.js';
import { applyContainerOverrides } from './overrides.js';
import type { ContainerOverride } from './overrides.js';
import { reservedMemory } from './resources.js';

/**
 * What placement takes from an instance for one task: the task-level cpu/memory when the definition
 * sets them (each on its own), else the containers' sum of cpu and of memoryReservation-else-memory,
 * after any RunTask overrides.
 */
export function taskReservation(
  definition: TaskDefinitionInput,
  overrides: readonly ContainerOverride[] = [],
): { cpu: number; memory: number } {
  const containers = applyContainerOverrides(definition, overrides);
  return {
    cpu: definition.cpu ?? containers.reduce((total, c) => total + c.cpu, 0),
    memory: definition.memory ?? containers.reduce((total, c) => total + reservedMemory(c), 0),
  };
}
