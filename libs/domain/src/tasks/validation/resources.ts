import { at, fail, failVerbatim, inContainer, item, readInt, readString } from './read.js';
import type { IntRange, Where } from './read.js';

/**
 * CPU and memory rules shared by RegisterTaskDefinition and RunTask overrides: container ranges,
 * the ECS "memory or memoryReservation" rule, and the task-level totals.
 */
export const containerCpuRange: IntRange = { min: 0, max: 262_144 };
/** Docker (and so ECS) needs at least 6 MiB for a container. */
export const containerMemoryRange: IntRange = { min: 6, unit: 'MiB' };

const maxTaskCpu = 262_144;
const maxTaskMemory = 2_147_483_647;

export interface ContainerResources {
  readonly name: string;
  readonly cpu: number;
  readonly memory?: number;
  readonly memoryReservation?: number;
}

export function readContainerCpu(value: unknown, where: Where): number {
  return readInt(value, where, containerCpuRange) ?? 0;
}

export function readContainerMemory(value: unknown, where: Where): number | undefined {
  return readInt(value, where, containerMemoryRange);
}

function parseUnits(text: string, unit: RegExp, perUnit: number): number | undefined {
  const plain = /^\s*(\d+)\s*$/.exec(text);
  if (plain?.[1] !== undefined) return Number(plain[1]);
  const withUnit = new RegExp(`^\\s*(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*${unit.source}\\s*$`, 'i').exec(text);
  if (withUnit?.[1] === undefined) return undefined;
  const value = Number(withUnit[1]) * perUnit;
  return Number.isInteger(value) ? value : undefined;
}

function readTaskQuantity(value: unknown, where: Where, unit: RegExp, forms: string, max: number): number | undefined {
  if (typeof value === 'number') {
    throw fail(where, `expected a string such as ${forms}, got number`);
  }
  const text = readString(value, where);
  if (text === undefined) return undefined;
  const parsed = parseUnits(text, unit, 1024);
  if (parsed === undefined || parsed <= 0 || parsed > max) {
    throw fail(where, `must be a positive whole amount such as ${forms}, got '${text}'`);
  }
  return parsed;
}

/** Task-level cpu as ECS JSON writes it: "256" (units) or "1 vCPU" (1024 units). */
export function readTaskCpu(value: unknown, where: Where): number | undefined {
  return readTaskQuantity(value, where, /vcpus?/, `"256" or "1 vCPU"`, maxTaskCpu);
}

/** Task-level memory as ECS JSON writes it: "512" (MiB) or "2 GB" (2048 MiB). */
export function readTaskMemory(value: unknown, where: Where): number | undefined {
  return readTaskQuantity(value, where, /gb/, `"512" or "2 GB"`, maxTaskMemory);
}

/** One container's memory rules; `taskMemory` relaxes "at least one of" as ECS does. */
export function checkContainerMemory(container: ContainerResources, taskMemory: number | undefined, where: Where): void {
  const { name, memory, memoryReservation } = container;
  if (memory === undefined && memoryReservation === undefined && taskMemory === undefined) {
    throw failVerbatim(
      where,
      `Invalid setting for container '${name}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
    );
  }
  if (memory !== undefined && memoryReservation !== undefined && memory <= memoryReservation) {
    throw failVerbatim(
      where,
      `Invalid setting for container '${name}'. The memory reservation must be less than the memory limit.`,
    );
  }
}

/** What placement reserves for one container: memoryReservation if set, else memory. */
export function reservedMemory(container: ContainerResources): number {
  return container.memoryReservation ?? container.memory ?? 0;
}

/** With task-level cpu/memory the containers must fit inside them. */
export function checkTaskTotals(
  containers: readonly ContainerResources[],
  task: { readonly cpu?: number; readonly memory?: number },
  where: Where,
): void {
  const list = at(where, 'containerDefinitions');
  if (task.cpu !== undefined) {
    const sum = containers.reduce((total, c) => total + c.cpu, 0);
    if (sum > task.cpu) {
      throw fail(at(where, 'cpu'), `the containers' cpu adds up to ${sum} units, more than the task-level cpu ${task.cpu}`);
    }
  }
  const taskMemory = task.memory;
  if (taskMemory !== undefined) {
    containers.forEach((c, i) => {
      if (c.memory !== undefined && c.memory > taskMemory) {
        const field = inContainer(at(item(list, i), 'memory'), c.name);
        throw fail(field, `${c.memory} MiB is more than the task-level memory ${taskMemory} MiB`);
      }
    });
    const sum = containers.reduce((total, c) => total + reservedMemory(c), 0);
    if (sum > taskMemory) {
      throw fail(
        at(where, 'memory'),
        `the containers reserve ${sum} MiB (memoryReservation, else memory), ` +
          `more than the task-level memory ${taskMemory} MiB`,
      );
    }
  }
}
