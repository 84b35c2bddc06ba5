import { parseValueFrom } from '../../secrets/value-from.js';
import type { LogConfiguration, Ulimit } from '../task-definition.js';
import {
  at,
  fail,
  item,
  readArray,
  readEnum,
  readObject,
  readString,
  readStringMap,
  requireInt,
  requireObject,
  requireString,
  warnUnknown,
} from './read.js';
import type { Warnings, Where } from './read.js';

/** The smaller container fields: environment, ulimits and logConfiguration. */
export interface EnvironmentVariable {
  readonly name: string;
  readonly value: string;
}

/** Names must be non-empty and unique within the list; an absent value is the empty string. */
export function readEnvironment(value: unknown, where: Where, warnings: Warnings): EnvironmentVariable[] {
  const seen = new Set<string>();
  return readArray(value, where).map((entry, i) => {
    const here = item(where, i);
    const fields = requireObject(entry, here);
    warnUnknown(fields, here, ['name', 'value'], warnings);
    const name = requireString(fields['name'], at(here, 'name'));
    if (seen.has(name)) throw fail(at(here, 'name'), `duplicate environment variable '${name}'`);
    seen.add(name);
    return { name, value: readString(fields['value'], at(here, 'value')) ?? '' };
  });
}

/** `secrets[]`: environment variables filled from the secret store; names unique, each `valueFrom` a secret or parameter reference. */
export function readSecrets(value: unknown, where: Where, warnings: Warnings): { name: string; valueFrom: string }[] {
  const seen = new Set<string>();
  return readArray(value, where).map((entry, i) => {
    const here = item(where, i);
    const fields = requireObject(entry, here);
    warnUnknown(fields, here, ['name', 'valueFrom'], warnings);
    const name = requireString(fields['name'], at(here, 'name'));
    if (seen.has(name)) throw fail(at(here, 'name'), `duplicate secret '${name}'`);
    seen.add(name);
    return { name, valueFrom: readReference(fields['valueFrom'], at(here, 'valueFrom')) };
  });
}

/** `repositoryCredentials`: the secret that holds a private registry's user name and password. */
export function readRepositoryCredentials(value: unknown, where: Where, warnings: Warnings): { credentialsParameter: string } | undefined {
  const fields = readObject(value, where);
  if (!fields) return undefined;
  warnUnknown(fields, where, ['credentialsParameter'], warnings);
  const reference = readReference(fields['credentialsParameter'], at(where, 'credentialsParameter'));
  const parsed = parseValueFrom(reference);
  if ('ok' in parsed && parsed.ok.kind !== 'secret') throw fail(at(where, 'credentialsParameter'), `must be a Secrets Manager secret ARN, got '${reference.slice(0, 64)}'`);
  return { credentialsParameter: reference };
}

function readReference(value: unknown, where: Where): string {
  const reference = requireString(value, where);
  if (reference.length > 2048) throw fail(where, `must be at most 2048 characters, got ${reference.length}`);
  const parsed = parseValueFrom(reference);
  if ('problem' in parsed) throw fail(where, parsed.problem);
  return reference;
}

/** The resource names Docker accepts for `--ulimit`. */
export const ulimitNames = [
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
] as const;

export function readUlimits(value: unknown, where: Where, warnings: Warnings): Ulimit[] {
  const seen = new Set<string>();
  return readArray(value, where).map((entry, i) => {
    const here = item(where, i);
    const fields = requireObject(entry, here);
    warnUnknown(fields, here, ['name', 'softLimit', 'hardLimit'], warnings);
    const name = readEnum(fields['name'], at(here, 'name'), ulimitNames);
    if (name === undefined) throw fail(at(here, 'name'), 'required');
    if (seen.has(name)) throw fail(at(here, 'name'), `duplicate ulimit '${name}'`);
    seen.add(name);
    const softLimit = requireInt(fields['softLimit'], at(here, 'softLimit'), { min: 0 });
    const hardLimit = requireInt(fields['hardLimit'], at(here, 'hardLimit'), { min: 0 });
    if (softLimit > hardLimit) {
      throw fail(at(here, 'softLimit'), `${softLimit} must not exceed hardLimit ${hardLimit}`);
    }
    return { name, softLimit, hardLimit };
  });
}

/**
 * The log drivers Berth knows: what a task definition's logConfiguration may name and what
 * ECS_AVAILABLE_LOGGING_DRIVERS may list. ECS's own (botocore's LogDriver), the ones the ECS agent
 * also accepts (logentries, sumologic), and Docker's local and none.
 */
export const logDrivers = [
  'json-file',
  'syslog',
  'journald',
  'gelf',
  'fluentd',
  'awslogs',
  'splunk',
  'awsfirelens',
  'logentries',
  'sumologic',
  'local',
  'none',
] as const;

export function readLogConfiguration(value: unknown, where: Where, warnings: Warnings): LogConfiguration | undefined {
  const fields = readObject(value, where);
  if (fields === undefined) return undefined;
  warnUnknown(fields, where, ['logDriver', 'options'], warnings);
  const logDriver = readEnum(fields['logDriver'], at(where, 'logDriver'), logDrivers);
  if (logDriver === undefined) throw fail(at(where, 'logDriver'), 'required');
  return { logDriver, options: readStringMap(fields['options'], at(where, 'options')) };
}
