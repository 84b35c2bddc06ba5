import type { CpuArchitecture, IpcMode, PidMode, RuntimePlatform } from '../task-definition.js';
import { at, fail, readEnum, readObject, requireInt, warnUnknown } from './read.js';
import type { Warnings, Where } from './read.js';

/**
 * Task-level fields of Fargate-era definitions: runtimePlatform, ephemeralStorage, pidMode and
 * ipcMode. What Docker can do is honoured by the agent; the rest is kept, shown, and named in a
 * warning so nothing is dropped silently.
 */

const cpuArchitectures: readonly CpuArchitecture[] = ['X86_64', 'ARM64'];

/** The ecs.cpu-architecture attribute an instance must have for a runtimePlatform.cpuArchitecture. */
export function cpuArchitectureAttribute(architecture: CpuArchitecture): string {
  return architecture === 'ARM64' ? 'arm64' : 'x86_64';
}

export function readRuntimePlatform(value: unknown, where: Where, warnings: Warnings): RuntimePlatform | undefined {
  const fields = readObject(value, where);
  if (!fields) return undefined;
  warnUnknown(fields, where, ['cpuArchitecture', 'operatingSystemFamily'], warnings);
  const cpuArchitecture = readEnum(fields['cpuArchitecture'], at(where, 'cpuArchitecture'), cpuArchitectures);
  const family = at(where, 'operatingSystemFamily');
  const operatingSystemFamily = readEnum(fields['operatingSystemFamily'], family, [
    'LINUX',
    'WINDOWS_SERVER_2019_FULL',
    'WINDOWS_SERVER_2019_CORE',
    'WINDOWS_SERVER_2016_FULL',
    'WINDOWS_SERVER_2004_CORE',
    'WINDOWS_SERVER_2022_CORE',
    'WINDOWS_SERVER_2022_FULL',
    'WINDOWS_SERVER_20H2_CORE',
  ]);
  if (operatingSystemFamily !== undefined && operatingSystemFamily !== 'LINUX') {
    throw fail(family, `Berth runs Linux containers only, got '${operatingSystemFamily}'`);
  }
  return {
    ...(cpuArchitecture ? { cpuArchitecture } : {}),
    ...(operatingSystemFamily ? { operatingSystemFamily } : {}),
  };
}

export const ephemeralStorageWarning =
  "ephemeralStorage is recorded but not enforced: containers write to the instance's Docker storage.";

export function readEphemeralStorage(value: unknown, where: Where, warnings: Warnings): { sizeInGiB: number } | undefined {
  const fields = readObject(value, where);
  if (!fields) return undefined;
  warnUnknown(fields, where, ['sizeInGiB'], warnings);
  const sizeInGiB = requireInt(fields['sizeInGiB'], at(where, 'sizeInGiB'), { min: 21, max: 200, unit: 'GiB' });
  warnings.push(ephemeralStorageWarning);
  return { sizeInGiB };
}

export const taskNamespaceWarning = (field: 'pidMode' | 'ipcMode'): string =>
  `${field} task is accepted but not emulated yet: Berth starts no per-task namespace holder, so each container keeps its own ${field === 'pidMode' ? 'PID' : 'IPC'} namespace.`;

export function readPidMode(value: unknown, where: Where, warnings: Warnings): PidMode | undefined {
  const mode = readEnum(value, where, ['host', 'task'] as const);
  if (mode === 'task') warnings.push(taskNamespaceWarning('pidMode'));
  return mode;
}

export function readIpcMode(value: unknown, where: Where, warnings: Warnings): IpcMode | undefined {
  const mode = readEnum(value, where, ['host', 'task', 'none'] as const);
  if (mode === 'task') warnings.push(taskNamespaceWarning('ipcMode'));
  return mode;
}
