import type { ContainerDefinition, NetworkMode } from '../task-definition.js';
import { readEnvironment, readLogConfiguration, readRepositoryCredentials, readSecrets, readUlimits } from './container-fields.js';
import { readDependsOn, readLinks } from './dependencies.js';
import { readHealthCheck } from './health-check.js';
import { awsfirelensWarning, firelensWarning, readFirelensConfiguration, readLinuxParameters, readSystemControls } from './linux-fields.js';
import { readPortMappings } from './ports.js';
import {
  at,
  fail,
  inContainer,
  isAbsolutePath,
  optional,
  readBool,
  readInt,
  readString,
  readStringArray,
  readStringMap,
  requireName,
  requireObject,
  requireString,
  warnUnknown,
} from './read.js';
import type { Warnings, Where } from './read.js';
import { checkContainerMemory, readContainerCpu, readContainerMemory } from './resources.js';
import { readMountPoints, readVolumesFrom } from './volumes.js';

/**
 * One entry of containerDefinitions: its own fields and rules. Rules that need the other
 * containers (unique names, references, ports across the task, totals) run afterwards.
 */
export const containerFields = [
  'name',
  'image',
  'cpu',
  'memory',
  'memoryReservation',
  'essential',
  'portMappings',
  'environment',
  'secrets',
  'repositoryCredentials',
  'command',
  'entryPoint',
  'workingDirectory',
  'user',
  'hostname',
  'dockerLabels',
  'ulimits',
  'privileged',
  'readonlyRootFilesystem',
  'stopTimeout',
  'startTimeout',
  'links',
  'mountPoints',
  'volumesFrom',
  'logConfiguration',
  'healthCheck',
  'dependsOn',
  'linuxParameters',
  'systemControls',
  'firelensConfiguration',
] as const;

export interface ContainerContext {
  readonly networkMode: NetworkMode;
  readonly volumeNames: ReadonlySet<string>;
  /** Task-level memory, which makes container memory optional. */
  readonly taskMemory?: number;
}

function readImage(value: unknown, where: Where): string {
  const image = requireString(value, where);
  if (image.length > 255) throw fail(where, `must be at most 255 characters, got ${image.length}`);
  if (/\s/.test(image)) throw fail(where, `must not contain whitespace, got '${image}'`);
  return image;
}

function readWorkingDirectory(value: unknown, where: Where): string | undefined {
  const directory = readString(value, where);
  if (directory !== undefined && !isAbsolutePath(directory)) {
    throw fail(where, `must be an absolute path, got '${directory}'`);
  }
  return directory;
}

export function readContainer(
  value: unknown,
  where: Where,
  context: ContainerContext,
  warnings: Warnings,
): ContainerDefinition {
  const fields = requireObject(value, where);
  const name = requireName(fields['name'], at(where, 'name'));
  const here = inContainer(where, name);
  const field = (key: (typeof containerFields)[number]): Where => at(here, key);
  warnUnknown(fields, here, containerFields, warnings);

  const image = readImage(fields['image'], field('image'));
  const cpu = readContainerCpu(fields['cpu'], field('cpu'));
  const memory = readContainerMemory(fields['memory'], field('memory'));
  const memoryReservation = readContainerMemory(fields['memoryReservation'], field('memoryReservation'));
  checkContainerMemory({ name, cpu, memory, memoryReservation }, context.taskMemory, here);
  const logConfiguration = readLogConfiguration(fields['logConfiguration'], field('logConfiguration'), warnings);
  if (logConfiguration?.logDriver === 'awsfirelens') warnings.push(awsfirelensWarning(name));
  const firelensConfiguration = readFirelensConfiguration(fields['firelensConfiguration'], field('firelensConfiguration'), warnings);
  if (firelensConfiguration) warnings.push(firelensWarning(name));
  const systemControls = readSystemControls(fields['systemControls'], field('systemControls'), context.networkMode, warnings);
  const linuxParameters = readLinuxParameters(fields['linuxParameters'], field('linuxParameters'), warnings);
  if (linuxParameters?.maxSwap !== undefined && memory === undefined) {
    warnings.push(`Ignoring 'linuxParameters.maxSwap' (container '${name}'): Docker limits swap only together with the container's memory, which is not set.`);
  }

  return {
    name,
    image,
    cpu,
    ...optional('memory', memory),
    ...optional('memoryReservation', memoryReservation),
    essential: readBool(fields['essential'], field('essential')) ?? true,
    portMappings: readPortMappings(fields['portMappings'], field('portMappings'), context.networkMode, warnings),
    environment: readEnvironment(fields['environment'], field('environment'), warnings),
    secrets: readSecrets(fields['secrets'], field('secrets'), warnings),
    ...optional('repositoryCredentials', readRepositoryCredentials(fields['repositoryCredentials'], field('repositoryCredentials'), warnings)),
    command: readStringArray(fields['command'], field('command')),
    entryPoint: readStringArray(fields['entryPoint'], field('entryPoint')),
    ...optional('workingDirectory', readWorkingDirectory(fields['workingDirectory'], field('workingDirectory'))),
    ...optional('user', readString(fields['user'], field('user'))),
    ...optional('hostname', readString(fields['hostname'], field('hostname'))),
    dockerLabels: readStringMap(fields['dockerLabels'], field('dockerLabels')),
    ulimits: readUlimits(fields['ulimits'], field('ulimits'), warnings),
    privileged: readBool(fields['privileged'], field('privileged')) ?? false,
    readonlyRootFilesystem: readBool(fields['readonlyRootFilesystem'], field('readonlyRootFilesystem')) ?? false,
    ...optional('stopTimeout', readInt(fields['stopTimeout'], field('stopTimeout'), { min: 0, max: 120, unit: 'seconds' })),
    ...optional('startTimeout', readInt(fields['startTimeout'], field('startTimeout'), { min: 2, unit: 'seconds' })),
    links: readLinks(fields['links'], field('links'), context.networkMode),
    mountPoints: readMountPoints(fields['mountPoints'], field('mountPoints'), context.volumeNames, warnings),
    volumesFrom: readVolumesFrom(fields['volumesFrom'], field('volumesFrom'), warnings),
    ...optional('logConfiguration', logConfiguration),
    ...optional('healthCheck', readHealthCheck(fields['healthCheck'], field('healthCheck'), warnings)),
    dependsOn: readDependsOn(fields['dependsOn'], field('dependsOn'), warnings),
    ...optional('linuxParameters', linuxParameters),
    ...(systemControls.length > 0 ? { systemControls } : {}),
    ...optional('firelensConfiguration', firelensConfiguration),
  };
}
