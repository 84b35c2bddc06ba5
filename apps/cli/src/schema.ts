/**
 * The request messages' shapes, read from the proto descriptors, and `conform`, which fits user JSON
 * to them: what `--cli-input-json` and structure flags are checked against. ECS JSON has many
 * fields Berth's proto does not (pidMode, secrets, linuxParameters, ...): those are dropped with a
 * warning each instead of failing, so task definitions from the AWS documentation register as they
 * are. Pure, apart from `berthSchema`, which loads the descriptors once.
 */
import { loadBerthGrpc } from '@berth/proto';
import { UsageError } from './usage-error.js';

export type ScalarType = 'string' | 'integer' | 'number' | 'boolean' | 'bytes';

export interface FieldSchema {
  /** The JSON (camelCase) name. */
  readonly name: string;
  readonly repeated: boolean;
  /** A scalar, a message (`message` names it) or a map (`mapValue` is the value's shape). */
  readonly type: ScalarType | 'message' | 'map';
  readonly message?: string;
  readonly mapValue?: FieldSchema;
}

export interface MessageSchema {
  readonly name: string;
  readonly fields: ReadonlyMap<string, FieldSchema>;
}

/** Message schemas by full name (`berth.v1.ContainerDefinition`). */
export type Schema = ReadonlyMap<string, MessageSchema>;

interface FieldDescriptor {
  name?: string;
  label?: string;
  type?: string;
  typeName?: string;
}

interface MessageDescriptor {
  name?: string;
  field?: readonly FieldDescriptor[];
  nestedType?: readonly MessageDescriptor[];
  options?: { mapEntry?: boolean } | null;
}

const SCALARS: Record<string, ScalarType> = {
  TYPE_STRING: 'string',
  TYPE_BYTES: 'bytes',
  TYPE_BOOL: 'boolean',
  TYPE_DOUBLE: 'number',
  TYPE_FLOAT: 'number',
  TYPE_ENUM: 'string',
};

const scalarType = (type: string | undefined): ScalarType | undefined =>
  type === undefined ? undefined : (SCALARS[type] ?? (/^TYPE_S?U?(INT|FIXED)(32|64)$/.test(type) ? 'integer' : undefined));

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the message descriptors of a proto-loader PackageDefinition (keepCase: false). */
export function schemaFromDefinition(definition: Readonly<Record<string, unknown>>): Schema {
  const descriptors = new Map<string, MessageDescriptor>();
  const collect = (fullName: string, type: MessageDescriptor): void => {
    descriptors.set(fullName, type);
    for (const nested of type.nestedType ?? []) if (nested.name) collect(`${fullName}.${nested.name}`, nested);
  };
  for (const [name, entry] of Object.entries(definition)) {
    if (isPlainObject(entry) && typeof entry['format'] === 'string' && entry['format'].includes('DescriptorProto')) {
      collect(name, entry['type'] as MessageDescriptor);
    }
  }

  /** A type name as written in a field, looked up from the innermost scope outwards. */
  const resolve = (scope: string, typeName: string): string | undefined => {
    if (typeName.startsWith('.')) return descriptors.has(typeName.slice(1)) ? typeName.slice(1) : undefined;
    for (let prefix = scope; ; prefix = prefix.slice(0, Math.max(0, prefix.lastIndexOf('.')))) {
      const candidate = prefix === '' ? typeName : `${prefix}.${typeName}`;
      if (descriptors.has(candidate)) return candidate;
      if (prefix === '') return undefined;
    }
  };

  const fieldSchema = (scope: string, f: FieldDescriptor): FieldSchema | undefined => {
    if (!f.name) return undefined;
    const repeated = f.label === 'LABEL_REPEATED';
    const scalar = scalarType(f.type);
    if (scalar) return { name: f.name, repeated, type: scalar };
    const message = f.typeName ? resolve(scope, f.typeName) : undefined;
    if (message === undefined) return undefined;
    const entry = descriptors.get(message);
    if (repeated && entry?.options?.mapEntry) {
      const value = entry.field?.find((v) => v.name === 'value');
      const valueSchema = value ? fieldSchema(message, value) : undefined;
      return valueSchema ? { name: f.name, repeated: false, type: 'map', mapValue: valueSchema } : undefined;
    }
    return { name: f.name, repeated, type: 'message', message };
  };

  const schema = new Map<string, MessageSchema>();
  for (const [name, type] of descriptors) {
    const fields = new Map<string, FieldSchema>();
    for (const f of type.field ?? []) {
      const field = fieldSchema(name, f);
      if (field) fields.set(field.name, field);
    }
    schema.set(name, { name, fields });
  }
  return schema;
}

let cached: Schema | undefined;

/** The schema of the Berth API, loaded once. */
export function berthSchema(): Schema {
  cached ??= schemaFromDefinition(loadBerthGrpc().definition);
  return cached;
}

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

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);
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
    const memberPath = path === '' ? key : `${path}.${key}`;
    const field = message.fields.get(key);
    if (member === null || member === undefined) continue; // absent, whatever the name
    if (!field) {
      if (options.shorthand) {
        throw new UsageError(`Unknown parameter in ${path || 'input'}: "${key}", must be one of: ${[...message.fields.keys()].join(', ')}`);
      }
      warnings.push(`warning: ignoring ${memberPath}: not supported by Berth`);
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
