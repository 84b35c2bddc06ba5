/** Keys whose bad values are fatal (ConfigError): cluster, backend host, attributes, tags, drivers. */

import type { ResolveContext, Setting } from './context.js';
import {
  DEFAULT_BACKEND_HOST,
  DEFAULT_CLUSTER,
  DEFAULT_LOGGING_DRIVERS,
  KNOWN_LOGGING_DRIVERS,
  MAX_INSTANCE_ATTRIBUTES,
  MAX_INSTANCE_TAGS,
} from './defaults.js';
import { parseStringList, parseStringMap } from './values.js';

const CLUSTER_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
const HOST_PORT_PATTERN = /^(?:\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?\]|[A-Za-z0-9._-]+):(\d{1,5})$/;
const ATTRIBUTE_NAME_PATTERN = /^[A-Za-z0-9_./-]{1,128}$/;
/** ECS: letters, digits, - _ . @ / \ : and spaces, 1–128 chars, no leading/trailing space. */
const ATTRIBUTE_VALUE_PATTERN = /^(?! )[A-Za-z0-9_.@/\\: -]{1,128}(?<! )$/;

export function resolveCluster(ctx: ResolveContext): { cluster: string; clusterExplicit: boolean } {
  const setting = ctx.read('ECS_CLUSTER');
  if (setting === undefined) return { cluster: DEFAULT_CLUSTER, clusterExplicit: false };
  if (!CLUSTER_PATTERN.test(setting.value)) {
    throw ctx.fail(setting, 'is not a valid cluster name (1-255 letters, digits, "-" or "_")');
  }
  return { cluster: setting.value, clusterExplicit: true };
}

/** ECS_BACKEND_HOST: `host:port`, or with `https://` (TLS) or `http://` (plain text) in front. */
export function resolveBackendHost(ctx: ResolveContext): { backendHost: string; scheme?: 'https' | 'http' } {
  const setting = ctx.read('ECS_BACKEND_HOST');
  if (setting === undefined) return { backendHost: DEFAULT_BACKEND_HOST };
  const scheme = /^(https?):\/\//i.exec(setting.value);
  const address = scheme ? setting.value.slice(scheme[0].length).replace(/\/$/, '') : setting.value;
  const port = Number(HOST_PORT_PATTERN.exec(address)?.[1] ?? Number.NaN);
  if (!(port >= 1 && port <= 65535)) {
    throw ctx.fail(setting, 'is not a host:port address with a port from 1 to 65535, optionally after https:// or http:// (for example https://10.0.0.5:7470)');
  }
  return { backendHost: address, ...(scheme ? { scheme: scheme[1]!.toLowerCase() as 'https' | 'http' } : {}) };
}

function resolveStringMap(
  ctx: ResolveContext,
  key: string,
): { setting: Setting; map: Record<string, string> } | undefined {
  const setting = ctx.read(key);
  if (setting === undefined) return undefined;
  const map = parseStringMap(setting.value);
  if (map === undefined) {
    throw ctx.fail(setting, 'is not a JSON object of string values (for example {"name":"value"})');
  }
  return { setting, map };
}

export function resolveInstanceAttributes(ctx: ResolveContext): Record<string, string> {
  const found = resolveStringMap(ctx, 'ECS_INSTANCE_ATTRIBUTES');
  if (found === undefined) return {};
  const { setting, map: attributes } = found;
  const entries = Object.entries(attributes);
  if (entries.length > MAX_INSTANCE_ATTRIBUTES) {
    throw ctx.fail(setting, `has ${entries.length} attributes, more than the ECS limit of ${MAX_INSTANCE_ATTRIBUTES}`);
  }
  for (const [name, value] of entries) {
    if (!ATTRIBUTE_NAME_PATTERN.test(name)) {
      throw ctx.fail(
        setting,
        `has an invalid attribute name ${JSON.stringify(name)} (1-128 letters, digits, "-", "_", "/" or ".")`,
      );
    }
    if (!ATTRIBUTE_VALUE_PATTERN.test(value)) {
      throw ctx.fail(
        setting,
        `has an invalid value ${JSON.stringify(value)} for attribute ${JSON.stringify(name)} (1-128 letters, digits, spaces, "-", "_", ".", "@", "/", "\\" or ":", not starting or ending with a space)`,
      );
    }
  }
  return attributes;
}

export function resolveInstanceTags(ctx: ResolveContext): Record<string, string> {
  const found = resolveStringMap(ctx, 'ECS_CONTAINER_INSTANCE_TAGS');
  if (found === undefined) return {};
  const { setting, map: tags } = found;
  const entries = Object.entries(tags);
  if (entries.length > MAX_INSTANCE_TAGS) {
    throw ctx.fail(setting, `has ${entries.length} tags, more than the ECS limit of ${MAX_INSTANCE_TAGS}`);
  }
  for (const [name, value] of entries) {
    const nameLength = [...name].length;
    if (nameLength < 1 || nameLength > 128) {
      throw ctx.fail(setting, `has a tag key ${JSON.stringify(name)} that is not 1-128 characters long`);
    }
    if ([...value].length > 256) {
      throw ctx.fail(setting, `has a value longer than 256 characters for tag ${JSON.stringify(name)}`);
    }
  }
  return tags;
}

export function resolveLoggingDrivers(ctx: ResolveContext): string[] {
  const setting = ctx.read('ECS_AVAILABLE_LOGGING_DRIVERS');
  if (setting === undefined) return [...DEFAULT_LOGGING_DRIVERS];
  const drivers = parseStringList(setting.value);
  if (drivers === undefined) {
    ctx.warn(setting, 'is not a JSON array of strings', `the default ${JSON.stringify(DEFAULT_LOGGING_DRIVERS)}`);
    return [...DEFAULT_LOGGING_DRIVERS];
  }
  const unknown = drivers.find((d) => !KNOWN_LOGGING_DRIVERS.includes(d));
  if (unknown !== undefined) {
    throw ctx.fail(
      setting,
      `names the unknown logging driver ${JSON.stringify(unknown)} (known: ${KNOWN_LOGGING_DRIVERS.join(', ')})`,
    );
  }
  return [...new Set(drivers)];
}
