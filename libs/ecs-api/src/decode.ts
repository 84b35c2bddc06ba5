import { invalidParameter, validationError } from '@berth/domain';
import type { z } from 'zod';
import { isApplicationAutoScalingOperation, operations, type OperationName, type RequestOf } from './operations.js';

const describe = (value: unknown): string => (Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value === 'object' ? 'an object' : JSON.stringify(value));

const article: Record<string, string> = { int: 'an integer', array: 'a list', object: 'an object' };

/** `containerOverrides[0].name` from zod's path. */
function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') || 'the request';
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/**
 * An operation's request as ECS JSON (decoded from gRPC, or an HTTP body) → the typed request its
 * handler takes. A member of the wrong type is an InvalidParameterException naming it
 * (Application Auto Scaling's operations say ValidationException, as that API does).
 */
export function decodeRequest<K extends OperationName>(name: K, input: unknown): RequestOf<K> {
  const schema: z.ZodType = operations[name].request;
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data as RequestOf<K>;
  const refuse = isApplicationAutoScalingOperation(name) ? validationError : invalidParameter;
  const issue = parsed.error.issues[0]!;
  const at = pathOf(issue.path);
  const expected = 'expected' in issue && typeof issue.expected === 'string' ? issue.expected : undefined;
  const value = valueAt(input, issue.path);
  if (expected && value === undefined) throw refuse(`${at} is required.`);
  throw refuse(expected ? `${at} must be ${article[expected] ?? `a ${expected}`}, got ${describe(value)}.` : `${at}: ${issue.message}.`);
}
