import { describe, expect, it } from 'vitest';
import type { ContainerDefinition } from '../task-definition.js';
import { accepted, container, rejection, taskDef } from './test-fixtures.js';
import type { Json } from './test-fixtures.js';

function only(fields: Json, top: Json = {}): ContainerDefinition {
  const result = accepted(taskDef(top, [container(fields)])).definition.containerDefinitions[0];
  if (result === undefined) throw new Error('no container');
  return result;
}

function rejectContainer(fields: Json, top: Json = {}): string {
  const { name, message } = rejection(taskDef(top, [container(fields)]));
  expect(name).toBe('ClientException');
  return message;
}

describe('container fields: accepted values', () => {
  it.each<[string, Json, Partial<ContainerDefinition>]>([
    ['defaults', {}, { cpu: 0, essential: true, privileged: false, readonlyRootFilesystem: false, command: [], entryPoint: [], dockerLabels: {} }],
    ['name with underscores and hyphens', { name: 'my_web-1' }, { name: 'my_web-1' }],
    ['255-character name', { name: 'n'.repeat(255) }, { name: 'n'.repeat(255) }],
    ['image with registry and digest', { image: 'registry:5000/team/app@sha256:abc' }, { image: 'registry:5000/team/app@sha256:abc' }],
    ['cpu bounds', { cpu: 262_144 }, { cpu: 262_144 }],
    ['memory only', { memory: 6 }, { memory: 6 }],
    ['memoryReservation only', { memory: undefined, memoryReservation: 64 }, { memoryReservation: 64 }],
    ['both with memory above reservation', { memory: 512, memoryReservation: 256 }, { memory: 512, memoryReservation: 256 }],
    ['essential false next to an essential one', { essential: true }, { essential: true }],
    ['command and entryPoint', { command: ['-c', 'echo hi'], entryPoint: ['sh'] }, { command: ['-c', 'echo hi'], entryPoint: ['sh'] }],
    ['strings', { workingDirectory: '/app', user: '1000:1000', hostname: 'web-1' }, { workingDirectory: '/app', user: '1000:1000', hostname: 'web-1' }],
    ['dockerLabels', { dockerLabels: { 'com.example.team': 'web' } }, { dockerLabels: { 'com.example.team': 'web' } }],
    ['booleans', { privileged: true, readonlyRootFilesystem: true }, { privileged: true, readonlyRootFilesystem: true }],
    ['stopTimeout 0 and 120', { stopTimeout: 120, startTimeout: 2 }, { stopTimeout: 120, startTimeout: 2 }],
    ['stopTimeout 0', { stopTimeout: 0 }, { stopTimeout: 0 }],
    ['environment value absent is empty', { environment: [{ name: 'A' }, { name: 'B', value: 'x' }] }, { environment: [{ name: 'A', value: '' }, { name: 'B', value: 'x' }] }],
    ['ulimits', { ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }, { name: 'core', softLimit: 0, hardLimit: 0 }] }, {
      ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }, { name: 'core', softLimit: 0, hardLimit: 0 }],
    }],
    ['logConfiguration without options', { logConfiguration: { logDriver: 'json-file' } }, { logConfiguration: { logDriver: 'json-file', options: {} } }],
    ['secrets from a secret, a JSON key and a parameter', {
      secrets: [
        { name: 'DB', valueFrom: 'arn:aws:secretsmanager:r:1:secret:db' },
        { name: 'PW', valueFrom: 'arn:aws:secretsmanager:r:1:secret:db:password::' },
        { name: 'TOKEN', valueFrom: '/app/token' },
      ],
    }, {
      secrets: [
        { name: 'DB', valueFrom: 'arn:aws:secretsmanager:r:1:secret:db' },
        { name: 'PW', valueFrom: 'arn:aws:secretsmanager:r:1:secret:db:password::' },
        { name: 'TOKEN', valueFrom: '/app/token' },
      ],
    }],
    ['repositoryCredentials', { repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:r:1:secret:hub-AbCdEf' } }, {
      repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:r:1:secret:hub-AbCdEf' },
    }],
  ])('%s', (_case, fields, expected) => {
    expect(only(fields)).toMatchObject(expected);
  });

  it('leaves unset optional fields absent', () => {
    const result = only({});
    for (const key of ['memoryReservation', 'workingDirectory', 'user', 'hostname', 'stopTimeout', 'startTimeout', 'logConfiguration', 'healthCheck']) {
      expect(result).not.toHaveProperty(key);
    }
  });

  it.each([
    'json-file', 'syslog', 'journald', 'gelf', 'fluentd', 'awslogs', 'splunk', 'none', 'local',
  ])('accepts log driver %s', (logDriver) => {
    expect(only({ logConfiguration: { logDriver, options: { tag: 'x' } } }).logConfiguration?.logDriver).toBe(logDriver);
  });

  it.each([
    'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack',
  ])('accepts ulimit %s', (name) => {
    expect(only({ ulimits: [{ name, softLimit: 1, hardLimit: 1 }] }).ulimits).toEqual([{ name, softLimit: 1, hardLimit: 1 }]);
  });
});

describe('container fields: rejections', () => {
  it.each<[string, Json, string]>([
    ['missing name', { name: undefined }, 'containerDefinitions[0].name: required.'],
    ['secret without valueFrom', { secrets: [{ name: 'A' }] }, "containerDefinitions[0].secrets[0].valueFrom: required (container 'web')."],
    ['secret named twice', { secrets: [{ name: 'A', valueFrom: 'a' }, { name: 'A', valueFrom: 'b' }] }, "containerDefinitions[0].secrets[1].name: duplicate secret 'A' (container 'web')."],
    ['secret from an S3 ARN', { secrets: [{ name: 'A', valueFrom: 'arn:aws:s3:::b/k' }] }, "containerDefinitions[0].secrets[0].valueFrom: 'arn:aws:s3:::b/k' is neither a Secrets Manager secret ARN nor an SSM parameter ARN (container 'web')."],
    ['credentials from a parameter', { repositoryCredentials: { credentialsParameter: '/hub' } }, "containerDefinitions[0].repositoryCredentials.credentialsParameter: must be a Secrets Manager secret ARN, got '/hub' (container 'web')."],
    ['credentials missing', { repositoryCredentials: {} }, "containerDefinitions[0].repositoryCredentials.credentialsParameter: required (container 'web')."],
    ['bad name', { name: 'web app' }, "containerDefinitions[0].name: must be 1-255 letters, numbers, underscores or hyphens, got 'web app'."],
    ['missing image', { image: '' }, "containerDefinitions[0].image: required (container 'web')."],
    ['image with whitespace', { image: 'nginx latest' }, "containerDefinitions[0].image: must not contain whitespace, got 'nginx latest' (container 'web')."],
    ['image too long', { image: 'i'.repeat(256) }, "containerDefinitions[0].image: must be at most 255 characters, got 256 (container 'web')."],
    ['image as a number', { image: 5 }, "containerDefinitions[0].image: expected a string, got number (container 'web')."],
    ['cpu negative', { cpu: -1 }, "containerDefinitions[0].cpu: must be an integer between 0 and 262144, got -1 (container 'web')."],
    ['cpu too large', { cpu: 262_145 }, "containerDefinitions[0].cpu: must be an integer between 0 and 262144, got 262145 (container 'web')."],
    ['cpu fractional', { cpu: 1.5 }, "containerDefinitions[0].cpu: must be an integer between 0 and 262144, got 1.5 (container 'web')."],
    ['cpu as a string', { cpu: '256' }, "containerDefinitions[0].cpu: expected an integer, got string (container 'web')."],
    ['memory below 6', { memory: 5 }, "containerDefinitions[0].memory: must be an integer of at least 6 MiB, got 5 (container 'web')."],
    ['memoryReservation below 6', { memoryReservation: 4 }, "containerDefinitions[0].memoryReservation: must be an integer of at least 6 MiB, got 4 (container 'web')."],
    ['memory as a string', { memory: '128' }, "containerDefinitions[0].memory: expected an integer, got string (container 'web')."],
    ['neither memory nor reservation', { memory: undefined }, "Invalid setting for container 'web'. At least one of 'memory' or 'memoryReservation' must be specified."],
    ['reservation equal to memory', { memory: 256, memoryReservation: 256 }, "Invalid setting for container 'web'. The memory reservation must be less than the memory limit."],
    ['reservation above memory', { memory: 256, memoryReservation: 512 }, "Invalid setting for container 'web'. The memory reservation must be less than the memory limit."],
    ['essential as a string', { essential: 'true' }, "containerDefinitions[0].essential: expected a boolean, got string (container 'web')."],
    ['command as a string', { command: 'echo hi' }, "containerDefinitions[0].command: expected an array, got string (container 'web')."],
    ['command element a number', { command: ['sleep', 5] }, "containerDefinitions[0].command[1]: expected a string, got number (container 'web')."],
    ['entryPoint as an object', { entryPoint: { sh: true } }, "containerDefinitions[0].entryPoint: expected an array, got object (container 'web')."],
    ['relative workingDirectory', { workingDirectory: 'app' }, "containerDefinitions[0].workingDirectory: must be an absolute path, got 'app' (container 'web')."],
    ['user as a number', { user: 1000 }, "containerDefinitions[0].user: expected a string, got number (container 'web')."],
    ['hostname as a boolean', { hostname: true }, "containerDefinitions[0].hostname: expected a string, got boolean (container 'web')."],
    ['dockerLabels as an array', { dockerLabels: ['a=b'] }, "containerDefinitions[0].dockerLabels: expected an object, got array (container 'web')."],
    ['dockerLabels value a number', { dockerLabels: { port: 80 } }, "containerDefinitions[0].dockerLabels.port: expected a string, got number (container 'web')."],
    ['dockerLabels empty key', { dockerLabels: { '': 'x' } }, "containerDefinitions[0].dockerLabels: keys must not be empty (container 'web')."],
    ['privileged as a number', { privileged: 1 }, "containerDefinitions[0].privileged: expected a boolean, got number (container 'web')."],
    ['stopTimeout above 120', { stopTimeout: 121 }, "containerDefinitions[0].stopTimeout: must be an integer between 0 and 120 seconds, got 121 (container 'web')."],
    ['stopTimeout negative', { stopTimeout: -1 }, "containerDefinitions[0].stopTimeout: must be an integer between 0 and 120 seconds, got -1 (container 'web')."],
    ['startTimeout below 2', { startTimeout: 1 }, "containerDefinitions[0].startTimeout: must be an integer of at least 2 seconds, got 1 (container 'web')."],
    ['startTimeout as a string', { startTimeout: '30' }, "containerDefinitions[0].startTimeout: expected an integer, got string (container 'web')."],
    ['environment as an object', { environment: { A: '1' } }, "containerDefinitions[0].environment: expected an array, got object (container 'web')."],
    ['environment name missing', { environment: [{ value: '1' }] }, "containerDefinitions[0].environment[0].name: required (container 'web')."],
    ['environment name empty', { environment: [{ name: '', value: '1' }] }, "containerDefinitions[0].environment[0].name: required (container 'web')."],
    ['environment duplicate', { environment: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }, "containerDefinitions[0].environment[1].name: duplicate environment variable 'A' (container 'web')."],
    ['environment value a number', { environment: [{ name: 'PORT', value: 80 }] }, "containerDefinitions[0].environment[0].value: expected a string, got number (container 'web')."],
    ['ulimit unknown name', { ulimits: [{ name: 'files', softLimit: 1, hardLimit: 1 }] }, "containerDefinitions[0].ulimits[0].name: must be one of core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack, got 'files' (container 'web')."],
    ['ulimit missing name', { ulimits: [{ softLimit: 1, hardLimit: 1 }] }, "containerDefinitions[0].ulimits[0].name: required (container 'web')."],
    ['ulimit duplicate', { ulimits: [{ name: 'nofile', softLimit: 1, hardLimit: 1 }, { name: 'nofile', softLimit: 2, hardLimit: 2 }] }, "containerDefinitions[0].ulimits[1].name: duplicate ulimit 'nofile' (container 'web')."],
    ['ulimit soft above hard', { ulimits: [{ name: 'nofile', softLimit: 10, hardLimit: 5 }] }, "containerDefinitions[0].ulimits[0].softLimit: 10 must not exceed hardLimit 5 (container 'web')."],
    ['ulimit negative', { ulimits: [{ name: 'nofile', softLimit: -1, hardLimit: 5 }] }, "containerDefinitions[0].ulimits[0].softLimit: must be an integer of at least 0, got -1 (container 'web')."],
    ['ulimit hardLimit missing', { ulimits: [{ name: 'nofile', softLimit: 1 }] }, "containerDefinitions[0].ulimits[0].hardLimit: required (container 'web')."],
    ['logDriver missing', { logConfiguration: { options: {} } }, "containerDefinitions[0].logConfiguration.logDriver: required (container 'web')."],
    ['logDriver unknown', { logConfiguration: { logDriver: 'loki' } }, "containerDefinitions[0].logConfiguration.logDriver: must be one of json-file, syslog, journald, gelf, fluentd, awslogs, splunk, awsfirelens, logentries, sumologic, local, none, got 'loki' (container 'web')."],
    ['log options value a number', { logConfiguration: { logDriver: 'json-file', options: { 'max-file': 3 } } }, "containerDefinitions[0].logConfiguration.options.max-file: expected a string, got number (container 'web')."],
    ['logConfiguration as a string', { logConfiguration: 'json-file' }, "containerDefinitions[0].logConfiguration: expected an object, got string (container 'web')."],
  ])('%s', (_case, fields, message) => {
    expect(rejectContainer(fields)).toBe(message);
  });

  it('names the failing container by index and name', () => {
    const message = rejection(taskDef({}, [container(), container({ name: 'db', cpu: -5 })])).message;
    expect(message).toBe("containerDefinitions[1].cpu: must be an integer between 0 and 262144, got -5 (container 'db').");
  });

  it('rejects duplicate container names', () => {
    expect(rejection(taskDef({}, [container(), container()])).message).toBe(
      "containerDefinitions[1].name: duplicate container name 'web'.",
    );
  });

  it('rejects a container that is not an object', () => {
    expect(rejection({ family: 'web', containerDefinitions: ['web'] }).message).toBe('containerDefinitions[0]: expected an object, got string.');
  });

  it('accepts a non-essential container beside an essential one', () => {
    const containers = accepted(taskDef({}, [container(), container({ name: 'init', essential: false })])).definition.containerDefinitions;
    expect(containers.map((c) => c.essential)).toEqual([true, false]);
  });
});
