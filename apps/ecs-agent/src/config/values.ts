/** Small value parsers for ecs.config settings. Each returns undefined for an invalid value. */

import type { PortRange } from './types.js';

const TRUE_VALUES = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_VALUES = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go `strconv.ParseBool`: `1 t T TRUE true True` / `0 f F FALSE false False`. */
export function parseBool(value: string): boolean | undefined {
  if (TRUE_VALUES.has(value)) return true;
  if (FALSE_VALUES.has(value)) return false;
  return undefined;
}

/** A decimal integer (optional sign), within the safe integer range. */
export function parseInteger(value: string): number | undefined {
  if (!/^[-+]?\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function isValidPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON array of port numbers, each an integer in 1–65535 (e.g. `[22, 2375]`). */
export function parsePortList(value: string): number[] | undefined {
  const parsed = parseJson(value);
  if (!Array.isArray(parsed)) return undefined;
  const ports: number[] = [];
  for (const item of parsed as unknown[]) {
    if (!isValidPort(item)) return undefined;
    ports.push(item);
  }
  return ports;
}

/** A JSON array of strings (e.g. `["json-file","awslogs"]`). */
export function parseStringList(value: string): string[] | undefined {
  const parsed = parseJson(value);
  if (!Array.isArray(parsed)) return undefined;
  const items = parsed as unknown[];
  return items.every((item): item is string => typeof item === 'string') ? items : undefined;
}

/** A JSON object whose values are all strings (e.g. `{"stack":"prod"}`). */
export function parseStringMap(value: string): Record<string, string> | undefined {
  const parsed = parseJson(value);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const entries = Object.entries(parsed);
  if (!entries.every((e): e is [string, string] => typeof e[1] === 'string')) return undefined;
  // fromEntries defines own properties, so a "__proto__" key is kept as data, not a prototype.
  return Object.fromEntries(entries);
}

function toRange(a: string, b: string): PortRange | undefined {
  const start = Number(a);
  const end = Number(b);
  if (!isValidPort(start) || !isValidPort(end) || start > end) return undefined;
  return { start, end };
}

/** A port range `start-end` with 1 ≤ start ≤ end ≤ 65535. */
export function parsePortRange(value: string): PortRange | undefined {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(value.trim());
  return m ? toRange(m[1] ?? '', m[2] ?? '') : undefined;
}

/** The contents of /proc/sys/net/ipv4/ip_local_port_range: two integers separated by whitespace. */
export function parseIpLocalPortRange(text: string): PortRange | undefined {
  const m = /^(\d{1,5})\s+(\d{1,5})$/.exec(text.trim());
  return m ? toRange(m[1] ?? '', m[2] ?? '') : undefined;
}
