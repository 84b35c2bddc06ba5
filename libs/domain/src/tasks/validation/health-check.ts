import type { HealthCheck } from '../task-definition.js';
import { at, fail, isAbsent, readInt, readObject, readStringArray, warnUnknown } from './read.js';
import type { IntRange, Warnings, Where } from './read.js';

/**
 * A container health check with ECS's ranges and defaults. A zero interval, timeout or retries is
 * read as "unset" because proto3 sends 0 for a field the user left out.
 */
const healthCheckFields = ['command', 'interval', 'timeout', 'retries', 'startPeriod'];

const interval: IntRange = { min: 5, max: 300, unit: 'seconds' };
const timeout: IntRange = { min: 2, max: 60, unit: 'seconds' };
const retries: IntRange = { min: 1, max: 10 };
const startPeriod: IntRange = { min: 0, max: 300, unit: 'seconds' };

export const healthCheckDefaults = { intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0 } as const;

function readOptionalPositive(value: unknown, where: Where, range: IntRange): number | undefined {
  return value === 0 ? undefined : readInt(value, where, range);
}

export function readHealthCheck(value: unknown, where: Where, warnings: Warnings): HealthCheck | undefined {
  const fields = readObject(value, where);
  if (fields === undefined) return undefined;
  warnUnknown(fields, where, healthCheckFields, warnings);
  const command = readHealthCheckCommand(fields['command'], at(where, 'command'));
  return {
    command,
    intervalSeconds:
      readOptionalPositive(fields['interval'], at(where, 'interval'), interval) ?? healthCheckDefaults.intervalSeconds,
    timeoutSeconds:
      readOptionalPositive(fields['timeout'], at(where, 'timeout'), timeout) ?? healthCheckDefaults.timeoutSeconds,
    retries: readOptionalPositive(fields['retries'], at(where, 'retries'), retries) ?? healthCheckDefaults.retries,
    startPeriodSeconds:
      readInt(fields['startPeriod'], at(where, 'startPeriod'), startPeriod) ?? healthCheckDefaults.startPeriodSeconds,
  };
}

function readHealthCheckCommand(value: unknown, where: Where): string[] {
  if (isAbsent(value)) throw fail(where, 'required');
  const command = readStringArray(value, where);
  const [kind] = command;
  if (kind === undefined) throw fail(where, 'must not be empty');
  if (kind !== 'CMD' && kind !== 'CMD-SHELL') {
    throw fail(where, `must start with "CMD" or "CMD-SHELL", got '${kind}'`);
  }
  if (command.length < 2 || command.slice(1).every((arg) => arg.trim() === '')) {
    throw fail(where, `"${kind}" must be followed by the command to run`);
  }
  return command;
}
