/**
 * Proto messages ⇄ ECS JSON, driven by the message descriptors (schema.ts). The proto field names
 * are ECS's, so the two differ only where protobuf does: google.protobuf.Timestamp objects are
 * epoch seconds in ECS JSON (ISO-8601 for people), int64 decimal strings are numbers, proto3 has no
 * "absent" for plain scalars, and bytes are base64. The gRPC edge and the CLI use this; the HTTP
 * edge speaks ECS JSON already. Pure.
 */
import { toEpochSeconds } from '@berth/domain';
import { TIMESTAMP_MESSAGE, type FieldSchema, type Schema } from './schema.js';
import { fromTimestamp } from './timestamp.js';

export interface FromProtoOptions {
  /**
   * request: proto3 semantics — a scalar at its default ('' / 0 / false) without a presence
   * marker was not set, so it is left out, as are empty lists and maps.
   * response: what a client prints — empty strings, lists and objects are left out, numbers and
   * booleans stay (0 running tasks and agentConnected false mean something).
   */
  readonly mode: 'request' | 'response';
  /** epoch-seconds: the ECS wire (default); iso: ISO-8601 strings, for people. */
  readonly timestamps?: 'epoch-seconds' | 'iso';
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function int64ToNumber(value: unknown): unknown {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

function scalarFromProto(field: FieldSchema, value: unknown, present: boolean, options: FromProtoOptions): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Uint8Array) return value.length === 0 && !present ? undefined : Buffer.from(value).toString('base64');
  if (typeof value === 'string') {
    if (value === '' && !present) return undefined;
    const converted = field.int64 ? int64ToNumber(value) : value;
    if (options.mode === 'request' && !present && converted === 0) return undefined;
    return converted;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    if (options.mode === 'request' && !present && (value === 0 || value === false)) return undefined;
    return value;
  }
  return undefined;
}

function oneFromProto(schema: Schema, field: FieldSchema, value: unknown, present: boolean, options: FromProtoOptions): unknown {
  if (field.type === 'message') {
    if (field.message === TIMESTAMP_MESSAGE) {
      const date = isPlainObject(value) ? fromTimestamp(value) : null;
      if (!date) return undefined;
      return options.timestamps === 'iso' ? date.toISOString() : toEpochSeconds(date);
    }
    if (!isPlainObject(value)) return undefined;
    const out = messageFromProto(schema, field.message ?? '', value, options);
    return options.mode === 'response' && Object.keys(out).length === 0 ? undefined : out;
  }
  if (field.type === 'map') {
    if (!isPlainObject(value) || !field.mapValue) return undefined;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const converted = oneFromProto(schema, field.mapValue, item, true, options);
      if (converted !== undefined) out[key] = converted;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return scalarFromProto(field, value, present, options);
}

function messageFromProto(schema: Schema, messageName: string, value: Record<string, unknown>, options: FromProtoOptions): Record<string, unknown> {
  const message = schema.get(messageName);
  if (!message) throw new Error(`no message ${messageName} in the schema`);
  const out: Record<string, unknown> = {};
  for (const [name, field] of message.fields) {
    const member = value[name];
    if (member === undefined || member === null) continue;
    // proto-loader marks a set proto3 `optional` field with a synthetic oneof: `_memory: 'memory'`.
    const present = value[`_${name}`] === name;
    let converted: unknown;
    if (field.repeated) {
      if (!Array.isArray(member)) continue;
      const items = member.map((item) => oneFromProto(schema, field, item, true, options)).filter((item) => item !== undefined);
      converted = items.length === 0 ? undefined : items;
    } else {
      converted = oneFromProto(schema, field, member, present, options);
    }
    if (converted !== undefined) out[name] = converted;
  }
  return out;
}

/** A message as grpc-js decoded it (loader options of load.ts) → ECS JSON. */
export function fromProto(schema: Schema, messageName: string, value: unknown, options: FromProtoOptions): Record<string, unknown> {
  return isPlainObject(value) ? messageFromProto(schema, messageName, value, options) : {};
}

function timestampToProto(value: unknown, path: string): { seconds: string; nanos: number } {
  const ms =
    value instanceof Date ? value.getTime() : typeof value === 'number' ? Math.round(value * 1000) : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new TypeError(`${path}: not a timestamp: ${JSON.stringify(value)}`);
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
}

function oneToProto(schema: Schema, field: FieldSchema, value: unknown, path: string): unknown {
  if (field.type === 'message') {
    if (field.message === TIMESTAMP_MESSAGE) return timestampToProto(value, path);
    if (!isPlainObject(value)) throw new TypeError(`${path}: expected an object, got ${JSON.stringify(value)}`);
    return messageToProto(schema, field.message ?? '', value, path);
  }
  if (field.type === 'map') {
    if (!isPlainObject(value) || !field.mapValue) throw new TypeError(`${path}: expected a map, got ${JSON.stringify(value)}`);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined && item !== null) out[key] = oneToProto(schema, field.mapValue, item, `${path}.${key}`);
    return out;
  }
  if (field.type === 'string' && typeof value === 'number') return String(value);
  if (field.int64 && typeof value === 'number') return String(value);
  return value;
}

function messageToProto(schema: Schema, messageName: string, value: Record<string, unknown>, path: string): Record<string, unknown> {
  const message = schema.get(messageName);
  if (!message) throw new Error(`no message ${messageName} in the schema`);
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    const field = message.fields.get(name);
    if (!field || member === undefined || member === null) continue;
    const at = path ? `${path}.${name}` : name;
    out[name] = field.repeated
      ? (Array.isArray(member) ? member : [member]).filter((item) => item !== undefined && item !== null).map((item, i) => oneToProto(schema, field, item, `${at}[${i}]`))
      : oneToProto(schema, field, member, at);
  }
  return out;
}

/**
 * ECS JSON → an object grpc-js serializes as `messageName`: instants (epoch seconds, Date or
 * ISO-8601) become Timestamps, members the message lacks are left out. A member of the wrong
 * shape is a programming error and throws.
 */
export function toProto(schema: Schema, messageName: string, json: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return messageToProto(schema, messageName, json, '');
}

/** Pretty-printed with 4-space indentation, as aws prints. */
export function formatJson(json: unknown): string {
  return JSON.stringify(json, null, 4);
}
