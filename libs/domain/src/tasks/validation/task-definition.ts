import { clientError } from '../../errors.js';
import type { ContainerDefinition, NetworkMode, TaskDefinitionInput } from '../task-definition.js';
import { readContainer } from './container.js';
import { checkContainerReferences } from './dependencies.js';
import { readPlacementConstraints, readRequiresCompatibilities } from './placement.js';
import { readEphemeralStorage, readIpcMode, readPidMode, readRuntimePlatform } from './platform.js';
import { checkDuplicateHostPorts } from './ports.js';
import {
  at,
  fail,
  failVerbatim,
  isObject,
  item,
  optional,
  readArray,
  readString,
  requireName,
  root,
  typeName,
  warnUnknown,
} from './read.js';
import type { Fields, Warnings, Where } from './read.js';
import { checkTaskTotals, readTaskCpu, readTaskMemory } from './resources.js';
import { readVolumes } from './volumes.js';

/**
 * RegisterTaskDefinition's edge validation: untrusted camelCase JSON (ECS documentation shape, or
 * the gRPC request object) in, a domain TaskDefinitionInput with ECS defaults out. Fields Berth
 * does not model are dropped with one warning each rather than rejected, so definitions written
 * for ECS register unchanged.
 */
export interface ValidatedTaskDefinition {
  readonly definition: TaskDefinitionInput;
  readonly warnings: string[];
}

export const maxContainers = 10;
export const maxTaskDefinitionBytes = 64 * 1024;

const topLevelFields = [
  'family',
  'containerDefinitions',
  'cpu',
  'memory',
  'networkMode',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'executionRoleArn',
  'taskRoleArn',
  'pidMode',
  'ipcMode',
  'runtimePlatform',
  'ephemeralStorage',
];
/** Part of the request but handled by the tagging code, not the definition. */
const handledElsewhere = ['tags'];

const networkModes: readonly NetworkMode[] = ['bridge', 'host', 'none'];

function checkSize(input: Fields): void {
  let json: string | undefined;
  try {
    json = JSON.stringify(input);
  } catch {
    throw clientError('RegisterTaskDefinition request: must be plain JSON data.');
  }
  const bytes = new TextEncoder().encode(json ?? '').length;
  if (bytes > maxTaskDefinitionBytes) {
    throw clientError(
      `Task definition is ${bytes} bytes; the limit is ${maxTaskDefinitionBytes} bytes (64 KiB).`,
    );
  }
}

function readNetworkMode(value: unknown, where: Where): NetworkMode {
  const mode = readString(value, where);
  if (mode === undefined) return 'bridge';
  if (mode === 'awsvpc') {
    throw fail(where, `awsvpc is not supported by Berth; use bridge, host or none`);
  }
  if (!(networkModes as readonly string[]).includes(mode)) {
    throw fail(where, `must be one of ${networkModes.join(', ')}, got '${mode}'`);
  }
  return mode as NetworkMode;
}

function readContainers(
  value: unknown,
  context: Parameters<typeof readContainer>[2],
  warnings: Warnings,
): ContainerDefinition[] {
  const where = at(root, 'containerDefinitions');
  const list = readArray(value, where);
  if (list.length === 0) throw fail(where, 'Container list cannot be empty');
  if (list.length > maxContainers) {
    throw fail(where, `at most ${maxContainers} containers are allowed, got ${list.length}`);
  }
  const names = new Set<string>();
  return list.map((entry, i) => {
    const container = readContainer(entry, item(where, i), context, warnings);
    if (names.has(container.name)) {
      throw fail(at(item(where, i), 'name'), `duplicate container name '${container.name}'`);
    }
    names.add(container.name);
    return container;
  });
}

/** ECS's rule: a container logging with awsfirelens needs a log-router container in the task, and there is at most one router. */
function checkFirelens(containers: readonly ContainerDefinition[]): void {
  const routers = containers.filter((c) => c.firelensConfiguration);
  if (routers.length > 1) {
    throw failVerbatim(root, `At most one container in a task definition may have a firelensConfiguration, got ${routers.map((c) => `'${c.name}'`).join(', ')}.`);
  }
  const user = containers.find((c) => c.logConfiguration?.logDriver === 'awsfirelens');
  if (user && routers.length === 0) {
    throw failVerbatim(
      root,
      `Container '${user.name}' uses the awsfirelens log driver, so the task definition must contain a log-router container with a firelensConfiguration.`,
    );
  }
}

/** Validates a RegisterTaskDefinition request; throws EcsError('ClientException') naming the field. */
export function validateTaskDefinition(input: unknown): ValidatedTaskDefinition {
  if (!isObject(input)) {
    throw clientError(`RegisterTaskDefinition request: expected an object, got ${typeName(input)}.`);
  }
  checkSize(input);
  const warnings: Warnings = [];
  warnUnknown(input, root, topLevelFields, warnings, handledElsewhere);

  const family = requireName(input['family'], at(root, 'family'));
  const networkMode = readNetworkMode(input['networkMode'], at(root, 'networkMode'));
  const cpu = readTaskCpu(input['cpu'], at(root, 'cpu'));
  const memory = readTaskMemory(input['memory'], at(root, 'memory'));
  const volumes = readVolumes(input['volumes'], at(root, 'volumes'), warnings);
  const requiresCompatibilities = readRequiresCompatibilities(
    input['requiresCompatibilities'],
    at(root, 'requiresCompatibilities'),
    warnings,
  );
  const placementConstraints = readPlacementConstraints(
    input['placementConstraints'],
    at(root, 'placementConstraints'),
    warnings,
  );
  const containerDefinitions = readContainers(
    input['containerDefinitions'],
    { networkMode, volumeNames: new Set(volumes.map((v) => v.name)), ...optional('taskMemory', memory) },
    warnings,
  );
  if (!containerDefinitions.some((c) => c.essential)) {
    throw failVerbatim(root, 'Task definition must contain at least one essential container.');
  }
  checkFirelens(containerDefinitions);
  checkDuplicateHostPorts(containerDefinitions, root);
  checkContainerReferences(containerDefinitions, root);
  checkTaskTotals(containerDefinitions, { ...optional('cpu', cpu), ...optional('memory', memory) }, root);

  const definition: TaskDefinitionInput = {
    family,
    containerDefinitions,
    ...optional('cpu', cpu),
    ...optional('memory', memory),
    networkMode,
    volumes,
    placementConstraints,
    requiresCompatibilities,
    ...optional('executionRoleArn', readString(input['executionRoleArn'], at(root, 'executionRoleArn'))),
    ...optional('taskRoleArn', readString(input['taskRoleArn'], at(root, 'taskRoleArn'))),
    ...optional('pidMode', readPidMode(input['pidMode'], at(root, 'pidMode'), warnings)),
    ...optional('ipcMode', readIpcMode(input['ipcMode'], at(root, 'ipcMode'), warnings)),
    ...optional('runtimePlatform', readRuntimePlatform(input['runtimePlatform'], at(root, 'runtimePlatform'), warnings)),
    ...optional('ephemeralStorage', readEphemeralStorage(input['ephemeralStorage'], at(root, 'ephemeralStorage'), warnings)),
  };
  return { definition, warnings };
}
