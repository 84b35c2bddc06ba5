/**
 * `conform` fits user JSON to a request message's shape (read from the proto descriptors by
 * @berth/proto's `berthSchema`): what `--cli-input-json` and structure flags are checked against.
 * ECS JSON has many fields Berth's proto does not (proxyConfiguration, credentialSpecs, restartPolicy, ...): those
 * are dropped with a warning each instead of failing, so task definitions from the AWS
 * documentation register as they are. Pure.
 */
import type { FieldSchema, ScalarType, Schema } from '@berth/proto';
import { UsageError } from './usage-error.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The request message of an operation (`RunTask` → `berth.v1.RunTaskRequest`). */
export const requestMessageName = (operation: string): string => `berth.v1.${operation}Request`;

export interface ConformOptions {
  /**
   * Values came from aws shorthand, where every scalar is a string: turn "128" into 128 and "true"
   * into true, and refuse unknown names (a typo on the command line) instead of warning.
   */
  shorthand?: boolean;
}

export interface Conformed {
  value: unknown;
  /** One line per dropped field: `warning: ignoring containerDefinitions[0].secrets: not supported by Berth`. */
  warnings: string[];
}

/** The value as JSON, cut short: an error quotes at most 200 characters of what it was given. */
const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text;
};
const clip = (name: string): string => (name.length > 64 ? `${name.slice(0, 64)}…` : name);

/** More dropped members than this are summed up in one last line. */
export const MAX_WARNINGS = 50;
const invalid = (path: string, value: unknown, valid: string) =>
  new UsageError(`Invalid type for parameter ${path}, value: ${show(value)}, valid types: ${valid}`);

const SCALAR_NAMES: Record<ScalarType, string> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  bytes: 'string',
};

function conformScalar(type: ScalarType, value: unknown, path: string, options: ConformOptions): unknown {
  switch (type) {
    case 'string':
    case 'bytes':
      if (typeof value === 'string') return value;
      // ECS JSON writes task-level cpu and memory as numbers or strings; the proto has strings.
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      break;
    case 'integer':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      if (options.shorthand && typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) && Number.isSafeInteger(Number(value))) {
        return Number(value);
      }
      break;
    case 'number':
      if (typeof value === 'number') return value;
      if (options.shorthand && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (options.shorthand && typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      break;
  }
  throw invalid(path, value, SCALAR_NAMES[type]);
}

/** The members of one message, unknown ones dropped (or refused in shorthand). */
function conformMessage(
  schema: Schema,
  messageName: string,
  value: unknown,
  path: string,
  options: ConformOptions,
  warnings: string[],
): Record<string, unknown> {
  const message = schema.get(messageName);
  if (!message) throw new Error(`no message ${messageName} in the schema`);
  if (!isPlainObject(value)) throw invalid(path, value, 'object');
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const memberPath = path === '' ? clip(key) : `${path}.${clip(key)}`;
    const field = message.fields.get(key);
    if (member === null || member === undefined) continue; // absent, whatever the name
    if (!field) {
      if (options.shorthand) {
        throw new UsageError(`Unknown parameter in ${path || 'input'}: "${clip(key)}", must be one of: ${[...message.fields.keys()].join(', ')}`);
      }
      if (warnings.length < MAX_WARNINGS) warnings.push(`warning: ignoring ${memberPath}: not supported by Berth`);
      else if (warnings.length === MAX_WARNINGS) warnings.push('warning: ignoring more members not supported by Berth');
      continue;
    }
    out[key] = conformField(schema, field, member, memberPath, options, warnings);
  }
  return out;
}

function conformOne(schema: Schema, field: FieldSchema, value: unknown, path: string, options: ConformOptions, warnings: string[]): unknown {
  if (field.type === 'message') return conformMessage(schema, field.message ?? '', value, path, options, warnings);
  if (field.type === 'map') {
    if (!isPlainObject(value)) throw invalid(path, value, 'map');
    const valueField = field.mapValue;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === null || item === undefined || !valueField) continue;
      // Map keys are data (docker labels, log options), never field names.
      out[key] = conformOne(schema, valueField, item, `${path}.${key}`, options, warnings);
    }
    return out;
  }
  return conformScalar(field.type, value, path, options);
}

function conformField(schema: Schema, field: FieldSchema, value: unknown, path: string, options: ConformOptions, warnings: string[]): unknown {
  if (!field.repeated) return conformOne(schema, field, value, path, options, warnings);
  if (!Array.isArray(value)) throw invalid(path, value, 'list');
  return value.flatMap((item, i) =>
    item === null || item === undefined ? [] : [conformOne(schema, field, item, `${path}[${i}]`, options, warnings)],
  );
}

/** Fits a whole request (`--cli-input-json`) to its message. */
export function conformMessageValue(schema: Schema, messageName: string, value: unknown, options: ConformOptions = {}): Conformed {
  const warnings: string[] = [];
  return { value: conformMessage(schema, messageName, value, '', options, warnings), warnings };
}

/** Fits the value of one field of a message; `path` names it in messages. */
export function conformFieldValue(
  schema: Schema,
  messageName: string,
  fieldName: string,
  value: unknown,
  path: string,
  options: ConformOptions = {},
): Conformed {
  const field = schema.get(messageName)?.fields.get(fieldName);
  if (!field) throw new Error(`no field ${fieldName} in ${messageName}`);
  const warnings: string[] = [];
  return { value: conformField(schema, field, value, path, options, warnings), warnings };
}

/** Fits one element of a repeated field (one argument of a structure-list flag). */
export function conformElementValue(
  schema: Schema,
  messageName: string,
  fieldName: string,
  value: unknown,
  path: string,
  options: ConformOptions = {},
): Conformed {
  const field = schema.get(messageName)?.fields.get(fieldName);
  if (!field) throw new Error(`no field ${fieldName} in ${messageName}`);
  const warnings: string[] = [];
  return { value: conformOne(schema, field, value, path, options, warnings), warnings };
}
