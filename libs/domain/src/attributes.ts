import { EcsError, invalidParameter } from './errors.js';

/** A container-instance attribute. `value` is undefined for a name-only attribute. */
export interface InstanceAttribute {
  readonly name: string;
  readonly value?: string;
}

/** ECS limit on custom attributes per container instance. */
export const MAX_CUSTOM_ATTRIBUTES = 10;

const namePattern = /^[A-Za-z0-9\-_/.]{1,128}$/;
// ECS: letters, numbers, hyphens, underscores, periods, at signs, forward slashes, back slashes,
// colons, or spaces; no leading or trailing whitespace.
const valuePattern = /^[A-Za-z0-9\-_.@/\\: ]{1,128}$/;

/** Attributes the agent sets itself; users may not put or delete them. */
export function isBuiltInAttribute(name: string): boolean {
  return name.startsWith('ecs.') || name.startsWith('com.amazonaws.ecs.');
}

export function validateAttribute(attr: InstanceAttribute): InstanceAttribute {
  if (!namePattern.test(attr.name)) {
    throw invalidParameter(
      `Invalid attribute name '${attr.name}'. Up to 128 letters (uppercase and lowercase), numbers, hyphens, underscores, forward slashes, and periods are allowed.`,
    );
  }
  if (attr.value !== undefined && attr.value !== '') {
    if (!valuePattern.test(attr.value) || attr.value.trim() !== attr.value) {
      throw invalidParameter(
        `Invalid value '${attr.value}' for attribute '${attr.name}'. Up to 128 letters, numbers, hyphens, underscores, periods, at signs, slashes, colons, and spaces are allowed, with no leading or trailing space.`,
      );
    }
    return attr;
  }
  return { name: attr.name };
}

/**
 * The custom attributes after a put: later wins per name; more than the limit is refused so
 * nothing is half-written.
 */
export function mergeCustomAttributes(
  existing: readonly InstanceAttribute[],
  puts: readonly InstanceAttribute[],
): InstanceAttribute[] {
  const byName = new Map(existing.filter((a) => !isBuiltInAttribute(a.name)).map((a) => [a.name, a]));
  for (const put of puts) byName.set(put.name, put);
  if (byName.size > MAX_CUSTOM_ATTRIBUTES) {
    throw new EcsError(
      'AttributeLimitExceededException',
      `You can apply up to ${MAX_CUSTOM_ATTRIBUTES} custom attributes per resource; this request would leave ${byName.size}.`,
    );
  }
  return [...byName.values()];
}
