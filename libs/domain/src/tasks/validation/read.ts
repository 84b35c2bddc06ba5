import { EcsError } from '../../errors.js';
import type { EcsErrorName } from '../../errors.js';

/**
 * Typed readers for untrusted, JSON-like request data. Each reader knows where it is (`Where`), so
 * every rejection names the field path and the container, and every ignored field is reported as a
 * warning instead of being dropped silently.
 *
 * Absence is uniform: `undefined`, `null` and `''` all mean "not given", because the gRPC edge fills
 * unset scalars with empty strings and unset messages with null.
 */
export interface Where {
  /** Field path in the request, e.g. `containerDefinitions[1].portMappings[0].containerPort`. */
  readonly path: string;
  /** The container the field belongs to, when it has a (possibly not yet validated) name. */
  readonly container?: string;
  /** RegisterTaskDefinition rejects with ClientException; RunTask overrides with InvalidParameterException. */
  readonly errorName?: EcsErrorName;
}

export type Warnings = string[];

export const root: Where = { path: '' };

export function at(where: Where, key: string): Where {
  return { ...where, path: where.path === '' ? key : `${where.path}.${key}` };
}

export function item(where: Where, index: number): Where {
  return { ...where, path: `${where.path}[${index}]` };
}

export function inContainer(where: Where, container: string | undefined): Where {
  return container === undefined ? where : { ...where, container };
}

function containerSuffix(where: Where): string {
  return where.container === undefined ? '' : ` (container '${where.container}')`;
}

/** `path: message (container 'x').` — the one shape of every field-level rejection. */
export function fail(where: Where, message: string): EcsError {
  const prefix = where.path === '' ? '' : `${where.path}: `;
  return new EcsError(where.errorName ?? 'ClientException', `${prefix}${message}${containerSuffix(where)}.`);
}

/** For messages whose wording ECS fixes (they name the container themselves). */
export function failVerbatim(where: Where, message: string): EcsError {
  return new EcsError(where.errorName ?? 'ClientException', message);
}

export function isAbsent(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || value === '';
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function expected(where: Where, what: string, value: unknown): EcsError {
  return fail(where, `expected ${what}, got ${typeName(value)}`);
}

export type Fields = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readObject(value: unknown, where: Where): Fields | undefined {
  if (isAbsent(value)) return undefined;
  if (!isObject(value)) throw expected(where, 'an object', value);
  return value;
}

export function requireObject(value: unknown, where: Where): Fields {
  const result = readObject(value, where);
  if (result === undefined) throw fail(where, 'required');
  return result;
}

export function readString(value: unknown, where: Where): string | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'string') throw expected(where, 'a string', value);
  return value;
}

export function requireString(value: unknown, where: Where): string {
  const result = readString(value, where);
  if (result === undefined) throw fail(where, 'required');
  return result;
}

export function readBool(value: unknown, where: Where): boolean | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'boolean') throw expected(where, 'a boolean', value);
  return value;
}

export interface IntRange {
  readonly min: number;
  readonly max?: number;
  /** Appended to the bound in messages, e.g. "MiB" or "seconds". */
  readonly unit?: string;
}

export function describeRange(range: IntRange): string {
  const unit = range.unit === undefined ? '' : ` ${range.unit}`;
  return range.max === undefined
    ? `must be an integer of at least ${range.min}${unit}`
    : `must be an integer between ${range.min} and ${range.max}${unit}`;
}

export function readInt(value: unknown, where: Where, range: IntRange): number | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'number') throw expected(where, 'an integer', value);
  const max = range.max ?? 2_147_483_647;
  if (!Number.isInteger(value) || value < range.min || value > max) {
    throw fail(where, `${describeRange(range)}, got ${value}`);
  }
  return value;
}

export function requireInt(value: unknown, where: Where, range: IntRange): number {
  const result = readInt(value, where, range);
  if (result === undefined) throw fail(where, 'required');
  return result;
}

/** An absent list is an empty list (proto3 repeated fields cannot tell the two apart). */
export function readArray(value: unknown, where: Where): readonly unknown[] {
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) throw expected(where, 'an array', value);
  return value;
}

export function readStringArray(value: unknown, where: Where): string[] {
  return readArray(value, where).map((element, i) => {
    if (typeof element !== 'string') throw expected(item(where, i), 'a string', element);
    return element;
  });
}

/** A string-to-string map such as dockerLabels or log options; keys must be non-empty. */
export function readStringMap(value: unknown, where: Where): Record<string, string> {
  const object = readObject(value, where);
  const result: Record<string, string> = {};
  if (object === undefined) return result;
  for (const [key, entry] of Object.entries(object)) {
    if (key === '') throw fail(where, 'keys must not be empty');
    if (typeof entry !== 'string') throw expected(at(where, key), 'a string', entry);
    result[key] = entry;
  }
  return result;
}

export function readEnum<T extends string>(value: unknown, where: Where, allowed: readonly T[]): T | undefined {
  const text = readString(value, where);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw fail(where, `must be one of ${allowed.join(', ')}, got '${text}'`);
  }
  return text as T;
}

/** An empty list or object is as good as absent: copied describe-task-definition output is full of them. */
function isEmptyValue(value: unknown): boolean {
  if (isAbsent(value)) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.keys(value).length === 0;
}

/**
 * proto3 `optional` fields arrive from @grpc/proto-loader (oneofs: true) with a synthetic
 * `_memory: 'memory'` key; it is bookkeeping, not user input.
 */
function isSyntheticOneof(key: string, value: unknown): boolean {
  return key.startsWith('_') && value === key.slice(1);
}

/**
 * Adds one warning per field that Berth does not model. `silent` names fields that are accepted but
 * handled elsewhere (so warning about them would be wrong).
 */
export function warnUnknown(
  object: Fields,
  where: Where,
  known: readonly string[],
  warnings: Warnings,
  silent: readonly string[] = [],
): void {
  for (const [key, value] of Object.entries(object)) {
    if (known.includes(key) || silent.includes(key)) continue;
    if (isEmptyValue(value) || isSyntheticOneof(key, value)) continue;
    warnings.push(`Ignoring '${at(where, key).path}'${containerSuffix(where)}: not supported by Berth.`);
  }
}

export const namePattern = /^[A-Za-z0-9_-]{1,255}$/;
export const nameRule = 'must be 1-255 letters, numbers, underscores or hyphens';

export function requireName(value: unknown, where: Where): string {
  const name = requireString(value, where);
  if (!namePattern.test(name)) throw fail(where, `${nameRule}, got '${name}'`);
  return name;
}

/** `{ key: value }`, or `{}` when the value is absent, so optional fields stay absent. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/');
}
