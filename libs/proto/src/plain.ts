/**
 * A decoded message as plain data for domain validators: drops the `_field` markers proto-loader
 * adds for proto3 `optional` fields and the nulls of unset message fields, recursively. Scalars
 * at their proto3 defaults ('' / 0 / false / []) stay; validators treat '' and [] as absent.
 */
export function plainFromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainFromWire);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('_') || v === null || v === undefined) continue;
    out[key] = plainFromWire(v);
  }
  return out;
}
