import type { ContainerDefinition, TaskDefinitionInput } from '../task-definition.js';
import { readEnvironment } from './container-fields.js';
import type { EnvironmentVariable } from './container-fields.js';
import {
  at,
  fail,
  failVerbatim,
  inContainer,
  item,
  optional,
  readArray,
  readInt,
  readStringArray,
  requireObject,
  requireString,
  warnUnknown,
} from './read.js';
import type { Where } from './read.js';
import { checkContainerMemory, checkTaskTotals, containerCpuRange, readContainerMemory } from './resources.js';

/**
 * RunTask/StartTask container overrides: validated against the task definition they modify, with
 * the same numeric rules as registration, and applied to produce the containers the agent runs.
 */
export interface ContainerOverride {
  readonly name: string;
  readonly command?: readonly string[];
  readonly environment?: readonly EnvironmentVariable[];
  readonly cpu?: number;
  readonly memory?: number;
  readonly memoryReservation?: number;
}

const overrideFields = ['name', 'command', 'environment', 'cpu', 'memory', 'memoryReservation'];

const overridesRoot: Where = { path: 'containerOverrides', errorName: 'InvalidParameterException' };

function readOverride(value: unknown, where: Where, definition: TaskDefinitionInput): ContainerOverride {
  const fields = requireObject(value, where);
  const name = requireString(fields['name'], at(where, 'name'));
  if (!definition.containerDefinitions.some((c) => c.name === name)) {
    throw failVerbatim(where, `Override for container named '${name}' is not a container in the TaskDefinition.`);
  }
  const here = inContainer(where, name);
  // Unknown override fields (environmentFiles, resourceRequirements, ...) have no effect in Berth.
  warnUnknown(fields, here, overrideFields, []);
  const command = readStringArray(fields['command'], at(here, 'command'));
  const environment = readEnvironment(fields['environment'], at(here, 'environment'), []);
  return {
    name,
    ...optional('command', command.length === 0 ? undefined : command),
    ...optional('environment', environment.length === 0 ? undefined : environment),
    ...optional('cpu', readInt(fields['cpu'], at(here, 'cpu'), containerCpuRange)),
    ...optional('memory', readContainerMemory(fields['memory'], at(here, 'memory'))),
    ...optional('memoryReservation', readContainerMemory(fields['memoryReservation'], at(here, 'memoryReservation'))),
  };
}

/** The most container overrides one RunTask or StartTask may carry, as JSON (ECS: 8192 characters). */
export const maxOverridesBytes = 8192;

/** Throws InvalidParameterException naming the override field and container. */
export function validateContainerOverrides(definition: TaskDefinitionInput, overrides: unknown): ContainerOverride[] {
  const bytes = overrides === undefined || overrides === null ? 0 : new TextEncoder().encode(JSON.stringify(overrides) ?? '').length;
  if (bytes > maxOverridesBytes) throw failVerbatim(overridesRoot, `Container overrides are ${bytes} bytes; the limit is ${maxOverridesBytes} bytes (8 KiB).`);
  const names = new Set<string>();
  const result = readArray(overrides, overridesRoot).map((entry, i) => {
    const override = readOverride(entry, item(overridesRoot, i), definition);
    if (names.has(override.name)) {
      const here = inContainer(at(item(overridesRoot, i), 'name'), override.name);
      throw fail(here, `duplicate override for container '${override.name}'`);
    }
    names.add(override.name);
    return override;
  });
  const containers = applyContainerOverrides(definition, result);
  for (const container of containers) {
    checkContainerMemory(container, definition.memory, inContainer(overridesRoot, container.name));
  }
  checkTaskTotals(containers, definition, { path: '', errorName: 'InvalidParameterException' });
  return result;
}

function mergeEnvironment(
  base: readonly EnvironmentVariable[],
  override: readonly EnvironmentVariable[] | undefined,
): readonly EnvironmentVariable[] {
  if (override === undefined) return base;
  const values = new Map(override.map((v) => [v.name, v.value] as const));
  const merged = base.map((v) => ({ name: v.name, value: values.get(v.name) ?? v.value }));
  const baseNames = new Set(base.map((v) => v.name));
  return [...merged, ...override.filter((v) => !baseNames.has(v.name))];
}

/** The containers as they will run: overridden fields replace, environment merges by name (override wins). */
export function applyContainerOverrides(
  definition: TaskDefinitionInput,
  overrides: readonly ContainerOverride[],
): ContainerDefinition[] {
  return definition.containerDefinitions.map((container) => {
    const override = overrides.find((o) => o.name === container.name);
    if (override === undefined) return container;
    return {
      ...container,
      ...optional('command', override.command),
      environment: mergeEnvironment(container.environment, override.environment),
      ...optional('cpu', override.cpu),
      ...optional('memory', override.memory),
      ...optional('memoryReservation', override.memoryReservation),
    };
  });
}
