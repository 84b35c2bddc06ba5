import type { ContainerDefinition } from './task-definition.js';

/**
 * A container definition with ECS's defaults for everything not given (essential, no ports, no
 * environment, …): what validation yields for `{name, image}`. The one factory for definitions
 * built in code — the agent's stand-in for containers it re-adopts without a definition, and
 * test fixtures — so a new field gets its default in one place.
 */
export function containerDefinition(fields: Partial<ContainerDefinition> & Pick<ContainerDefinition, 'name'>): ContainerDefinition {
  return {
    image: '',
    cpu: 0,
    essential: true,
    portMappings: [],
    environment: [],
    secrets: [],
    command: [],
    entryPoint: [],
    dockerLabels: {},
    ulimits: [],
    privileged: false,
    readonlyRootFilesystem: false,
    links: [],
    mountPoints: [],
    volumesFrom: [],
    dependsOn: [],
    ...fields,
  };
}
