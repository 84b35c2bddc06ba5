/**
 * A response as grpc-js decoded it → the ECS JSON `aws ecs` prints. Pure.
 *
 * - google.protobuf.Timestamp objects ({seconds, nanos}) become ISO-8601 strings;
 * - int64 fields (decoded as strings) become numbers; which fields are int64 comes from the proto
 *   descriptors (`int64FieldNames`), by field name;
 * - empty strings, nulls, empty arrays and empty objects are dropped (numbers and booleans stay:
 *   0 and false mean something for counts and agentConnected);
 * - protobufjs's virtual oneof markers (`_memory: "memory"`) are dropped; bytes become base64.
 */
import { fromTimestamp } from '@berth/proto';

export interface JsonOptions {
  /** Field names whose values are int64 strings to turn into numbers. */
  int64Fields?: ReadonlySet<string>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isTimestamp(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v);
  return (
    keys.includes('seconds') &&
    keys.every((k) => k === 'seconds' || k === 'nanos') &&
    (typeof v['seconds'] === 'string' || typeof v['seconds'] === 'number') &&
    (v['nanos'] === undefined || typeof v['nanos'] === 'number')
  );
}

function int64(value: string): number | string {
  if (!/^-?\d+$/.test(value)) return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

function normalise(value: unknown, field: string | undefined, opts: JsonOptions): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') {
    if (value === '') return undefined;
    return field !== undefined && opts.int64Fields?.has(field) ? int64(value) : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return value.length === 0 ? undefined : Buffer.from(value).toString('base64');
  if (Array.isArray(value)) {
    const items = value.map((item) => normalise(item, field, opts)).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (isPlainObject(value)) {
    if (isTimestamp(value)) return fromTimestamp(value)?.toISOString();
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (key.startsWith('_') && member === key.slice(1)) continue; // a synthetic oneof's marker
      const normalised = normalise(member, key, opts);
      if (normalised !== undefined) out[key] = normalised;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return undefined;
}

/** The ECS JSON of a response; `{}` when nothing is left. */
export function toEcsJson(response: unknown, opts: JsonOptions = {}): Record<string, unknown> {
  const out = normalise(response, undefined, opts);
  return isPlainObject(out) ? out : {};
}

/** Pretty-printed with 4-space indentation, as aws prints. */
export function formatJson(json: unknown): string {
  return JSON.stringify(json, null, 4);
}

const INT64_TYPES = new Set(['TYPE_INT64', 'TYPE_UINT64', 'TYPE_SINT64', 'TYPE_FIXED64', 'TYPE_SFIXED64']);

interface DescriptorLike {
  field?: readonly { name?: string; type?: string }[];
  nestedType?: readonly DescriptorLike[];
}

/** The names of every int64 field in a proto-loader PackageDefinition (its message descriptors). */
export function int64FieldNames(definition: Readonly<Record<string, unknown>>): Set<string> {
  const names = new Set<string>();
  const visit = (type: DescriptorLike | undefined): void => {
    for (const f of type?.field ?? []) if (f.name && f.type && INT64_TYPES.has(f.type)) names.add(f.name);
    for (const nested of type?.nestedType ?? []) visit(nested);
  };
  for (const entry of Object.values(definition)) {
    if (isPlainObject(entry) && typeof entry['format'] === 'string' && entry['format'].includes('DescriptorProto')) {
      visit(entry['type'] as DescriptorLike);
    }
  }
  return names;
}
