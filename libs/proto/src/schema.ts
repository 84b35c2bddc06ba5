/**
 * The shapes of the Berth proto messages, read from proto-loader's descriptors: field JSON names,
 * lists, maps, nested messages, which integers are 64-bit. What the ECS-JSON bridge (ecs-json.ts)
 * and the CLI's input checks walk. Pure, apart from `berthSchema`, which loads the protos once.
 */
import { loadBerthGrpc } from './load.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type ScalarType = 'string' | 'integer' | 'number' | 'boolean' | 'bytes';

export interface FieldSchema {
  /** The JSON (camelCase) name. */
  readonly name: string;
  readonly repeated: boolean;
  /** A scalar, a message (`message` names it) or a map (`mapValue` is the value's shape). */
  readonly type: ScalarType | 'message' | 'map';
  readonly message?: string;
  readonly mapValue?: FieldSchema;
  /** An integer of 64 bits: decoded as a decimal string (loader option `longs: String`). */
  readonly int64?: true;
}

/** The message that carries instants; ECS JSON writes them as epoch seconds. */
export const TIMESTAMP_MESSAGE = 'google.protobuf.Timestamp';

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

const isInt64 = (type: string | undefined): boolean => type !== undefined && /^TYPE_S?U?(INT|FIXED)64$/.test(type);

const scalarType = (type: string | undefined): ScalarType | undefined =>
  type === undefined ? undefined : (SCALARS[type] ?? (/^TYPE_S?U?(INT|FIXED)(32|64)$/.test(type) ? 'integer' : undefined));


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
    if (scalar) return { name: f.name, repeated, type: scalar, ...(isInt64(f.type) ? { int64: true as const } : {}) };
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

/** The schema of the Berth protos (public API and agent protocol), read once per process. */
export function berthSchema(): Schema {
  cached ??= schemaFromDefinition(loadBerthGrpc().definition);
  return cached;
}

