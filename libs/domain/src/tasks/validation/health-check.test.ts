import { describe, expect, it } from 'vitest';
import type { HealthCheck } from '../task-definition.js';
import { accepted, container, rejection, taskDef } from './test-fixtures.js';

function healthCheck(value: unknown): HealthCheck | undefined {
  return accepted(taskDef({}, [container({ healthCheck: value })])).definition.containerDefinitions[0]?.healthCheck;
}

describe('healthCheck', () => {
  it.each<[string, unknown, HealthCheck | undefined]>([
    ['absent', undefined, undefined],
    ['null (gRPC)', null, undefined],
    ['defaults', { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'] }, {
      command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0,
    }],
    ['CMD form with lower bounds', { command: ['CMD', 'pg_isready'], interval: 5, timeout: 2, retries: 1, startPeriod: 0 }, {
      command: ['CMD', 'pg_isready'], intervalSeconds: 5, timeoutSeconds: 2, retries: 1, startPeriodSeconds: 0,
    }],
    ['upper bounds', { command: ['CMD', 'true'], interval: 300, timeout: 60, retries: 10, startPeriod: 300 }, {
      command: ['CMD', 'true'], intervalSeconds: 300, timeoutSeconds: 60, retries: 10, startPeriodSeconds: 300,
    }],
    ['zeros from gRPC mean defaults', { command: ['CMD', 'true'], interval: 0, timeout: 0, retries: 0, startPeriod: 0 }, {
      command: ['CMD', 'true'], intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0,
    }],
    ['timeout longer than interval is allowed', { command: ['CMD', 'true'], interval: 5, timeout: 60 }, {
      command: ['CMD', 'true'], intervalSeconds: 5, timeoutSeconds: 60, retries: 3, startPeriodSeconds: 0,
    }],
  ])('%s', (_case, value, expected) => {
    expect(healthCheck(value)).toEqual(expected);
  });

  const at = 'containerDefinitions[0].healthCheck';
  it.each<[string, unknown, string]>([
    ['missing command', { interval: 30 }, `${at}.command: required (container 'web').`],
    ['empty command', { command: [] }, `${at}.command: must not be empty (container 'web').`],
    ['command as a string', { command: 'CMD-SHELL true' }, `${at}.command: expected an array, got string (container 'web').`],
    ['NONE', { command: ['NONE'] }, `${at}.command: must start with "CMD" or "CMD-SHELL", got 'NONE' (container 'web').`],
    ['bare command', { command: ['curl', 'localhost'] }, `${at}.command: must start with "CMD" or "CMD-SHELL", got 'curl' (container 'web').`],
    ['CMD alone', { command: ['CMD'] }, `${at}.command: "CMD" must be followed by the command to run (container 'web').`],
    ['CMD-SHELL with blank script', { command: ['CMD-SHELL', ' '] }, `${at}.command: "CMD-SHELL" must be followed by the command to run (container 'web').`],
    ['interval below 5', { command: ['CMD', 'true'], interval: 4 }, `${at}.interval: must be an integer between 5 and 300 seconds, got 4 (container 'web').`],
    ['interval above 300', { command: ['CMD', 'true'], interval: 301 }, `${at}.interval: must be an integer between 5 and 300 seconds, got 301 (container 'web').`],
    ['timeout below 2', { command: ['CMD', 'true'], timeout: 1 }, `${at}.timeout: must be an integer between 2 and 60 seconds, got 1 (container 'web').`],
    ['timeout above 60', { command: ['CMD', 'true'], timeout: 61 }, `${at}.timeout: must be an integer between 2 and 60 seconds, got 61 (container 'web').`],
    ['retries above 10', { command: ['CMD', 'true'], retries: 11 }, `${at}.retries: must be an integer between 1 and 10, got 11 (container 'web').`],
    ['retries negative', { command: ['CMD', 'true'], retries: -1 }, `${at}.retries: must be an integer between 1 and 10, got -1 (container 'web').`],
    ['startPeriod above 300', { command: ['CMD', 'true'], startPeriod: 301 }, `${at}.startPeriod: must be an integer between 0 and 300 seconds, got 301 (container 'web').`],
    ['interval as a string', { command: ['CMD', 'true'], interval: '30' }, `${at}.interval: expected an integer, got string (container 'web').`],
    ['not an object', ['CMD', 'true'], `${at}: expected an object, got array (container 'web').`],
  ])('rejects %s', (_case, value, message) => {
    expect(rejection(taskDef({}, [container({ healthCheck: value })]))).toEqual({ name: 'ClientException', message });
  });
});
