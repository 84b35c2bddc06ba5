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

/** Static host ports a task needs on its instance, by protocol (host mode maps containerPort itself). */
export function staticHostPorts(definition: Pick<TaskDefinitionInput, 'containerDefinitions' | 'networkMode'>): { ports: number[]; portsUdp: number[] } {
  const ports: number[] = [];
  const portsUdp: number[] = [];
  for (const c of definition.containerDefinitions) {
    for (const m of c.portMappings) {
      const host = definition.networkMode === 'host' ? m.containerPort : m.hostPort;
      if (host > 0) (m.protocol === 'udp' ? portsUdp : ports).push(host);
    }
  }
  return { ports, portsUdp };
}
