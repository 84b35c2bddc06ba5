import { invalidParameter } from './errors.js';

/** A resource tag, as ECS has them. */
export interface Tag {
  readonly key: string;
  readonly value: string;
}

export const MAX_TAGS = 50;

/** ECS tag rules: at most 50, key 1–128 characters, value up to 256, no repeated keys. */
export function validateTags(tags: readonly { key?: string; value?: string }[] = []): Tag[] {
  if (tags.length > MAX_TAGS) throw invalidParameter(`tags can have at most ${MAX_TAGS} items.`);
  const seen = new Set<string>();
  return tags.map((t, i) => {
    const key = t.key ?? '';
    const value = t.value ?? '';
    if (key.length < 1 || key.length > 128) throw invalidParameter(`tags[${i}].key must be 1 to 128 characters.`);
    if (value.length > 256) throw invalidParameter(`tags[${i}].value must be at most 256 characters.`);
    if (seen.has(key)) throw invalidParameter(`tags[${i}].key '${key}' is repeated.`);
    seen.add(key);
    return { key, value };
  });
}
