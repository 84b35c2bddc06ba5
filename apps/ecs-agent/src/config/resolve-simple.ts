import { isIP } from 'node:net';
/** Keys with warn-and-default semantics: numbers, ports, booleans, enums, strings. */

import type { ResolveContext } from './context.js';
import {
  DEFAULT_DYNAMIC_HOST_PORT_RANGE,
  DEFAULT_IMAGE_PULL_BEHAVIOR,
  DEFAULT_LOG_LEVEL,
  DEFAULT_NUM_IMAGES_DELETE_PER_CYCLE,
  DEFAULT_TASK_METADATA_PORT,
  IMAGE_PULL_BEHAVIORS,
  LOG_LEVELS,
} from './defaults.js';
import type { AgentLogLevel, ImagePullBehavior, PortRange } from './types.js';
import { parseBool, parseInteger, parseIpLocalPortRange, parsePortList, parsePortRange } from './values.js';

export function resolveBool(ctx: ResolveContext, key: string, fallback = false): boolean {
  const setting = ctx.read(key);
  if (setting === undefined) return fallback;
  const value = parseBool(setting.value);
  if (value === undefined) {
    ctx.warn(setting, 'is not a boolean (1, t, T, TRUE, true, True, 0, f, F, FALSE, false or False)', `the default ${fallback}`);
    return fallback;
  }
  return value;
}

export function resolveString(ctx: ResolveContext, key: string, fallback: string): string {
  return ctx.read(key)?.value ?? fallback;
}

export function resolveReservedMemory(ctx: ResolveContext): number {
  const setting = ctx.read('ECS_RESERVED_MEMORY');
  if (setting === undefined) return 0;
  const mib = parseInteger(setting.value);
  if (mib === undefined || mib < 0) {
    ctx.warn(setting, 'is not a non-negative whole number of MiB', '0');
    return 0;
  }
  return mib;
}

export function resolvePorts(ctx: ResolveContext, key: string, fallback: readonly number[]): number[] {
  const setting = ctx.read(key);
  if (setting === undefined) return [...fallback];
  const ports = parsePortList(setting.value);
  if (ports === undefined) {
    ctx.warn(setting, 'is not a JSON array of port numbers from 1 to 65535', `the default ${JSON.stringify(fallback)}`);
    return [...fallback];
  }
  return ports;
}

export function resolveImagePullBehavior(ctx: ResolveContext): ImagePullBehavior {
  const setting = ctx.read('ECS_IMAGE_PULL_BEHAVIOR');
  if (setting === undefined) return DEFAULT_IMAGE_PULL_BEHAVIOR;
  const wanted = setting.value.toLowerCase();
  const found = IMAGE_PULL_BEHAVIORS.find((b) => b === wanted);
  if (found === undefined) {
    ctx.warn(setting, `is not one of ${IMAGE_PULL_BEHAVIORS.join(', ')}`, `"${DEFAULT_IMAGE_PULL_BEHAVIOR}"`);
    return DEFAULT_IMAGE_PULL_BEHAVIOR;
  }
  return found;
}

export function resolveLogLevel(ctx: ResolveContext): AgentLogLevel {
  const setting = ctx.read('ECS_LOGLEVEL');
  if (setting === undefined) return DEFAULT_LOG_LEVEL;
  const wanted = setting.value.toLowerCase();
  const found = LOG_LEVELS.find((l) => l === wanted);
  if (found === undefined) {
    ctx.warn(setting, `is not one of ${LOG_LEVELS.join(', ')}`, `"${DEFAULT_LOG_LEVEL}"`);
    return DEFAULT_LOG_LEVEL;
  }
  return found;
}

export function resolveNumImagesDeletePerCycle(ctx: ResolveContext): number {
  const setting = ctx.read('ECS_NUM_IMAGES_DELETE_PER_CYCLE');
  const fallback = DEFAULT_NUM_IMAGES_DELETE_PER_CYCLE;
  if (setting === undefined) return fallback;
  const n = parseInteger(setting.value);
  if (n === undefined) {
    ctx.warn(setting, 'is not a whole number', `the default ${fallback}`);
    return fallback;
  }
  if (n < 1) {
    ctx.warn(setting, 'is below the minimum 1', `the default ${fallback}`);
    return fallback;
  }
  return n;
}

export function resolveDynamicHostPortRange(ctx: ResolveContext, ipLocalPortRange: string | undefined): PortRange {
  const fromKernel = ipLocalPortRange === undefined ? undefined : parseIpLocalPortRange(ipLocalPortRange);
  const fallback = fromKernel ?? DEFAULT_DYNAMIC_HOST_PORT_RANGE;
  const setting = ctx.read('ECS_DYNAMIC_HOST_PORT_RANGE');
  if (setting === undefined) return { ...fallback };
  const range = parsePortRange(setting.value);
  if (range === undefined) {
    const origin = fromKernel === undefined ? 'the default' : 'the kernel ephemeral port range';
    ctx.warn(setting, 'is not a port range "start-end" with 1 <= start <= end <= 65535', `${origin} ${fallback.start}-${fallback.end}`);
    return { ...fallback };
  }
  return range;
}

/**
 * ECS_HOST_PORT_BIND_IP *(ours)*: the address published container ports bind to (default all
 * interfaces, as Docker does). A single-host trial or a test can keep tasks on 127.0.0.1.
 */
export function resolveHostPortBindIp(ctx: ResolveContext): string {
  const setting = ctx.read('ECS_HOST_PORT_BIND_IP');
  if (setting === undefined) return '0.0.0.0';
  if (isIP(setting.value) === 0) throw ctx.fail(setting, 'is not an IPv4 or IPv6 address');
  return setting.value;
}

/**
 * ECS_TASK_METADATA_PORT *(Berth)*: the port of the task metadata endpoint, on the Docker bridge's
 * gateway address (default 51679, the ECS agent's; reserved for the agent by ECS_RESERVED_PORTS'
 * default). 0 takes any free port: tests running many agents on one Docker use it.
 */
export function resolveTaskMetadataPort(ctx: ResolveContext): number {
  const setting = ctx.read('ECS_TASK_METADATA_PORT');
  if (setting === undefined) return DEFAULT_TASK_METADATA_PORT;
  const n = parseInteger(setting.value);
  if (n === undefined || n < 0 || n > 65535) throw ctx.fail(setting, 'is not a port number 0-65535 (0: any free port)');
  return n;
}
