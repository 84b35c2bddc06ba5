import { invalidParameter } from '@berth/domain';

/** ECS tag rules: at most 50, key 1–128 chars, value up to 256, no duplicate keys. */
export function validateTags(tags: readonly { key?: string; value?: string }[]): { key: string; value: string }[] {
  if (tags.length > 50) throw invalidParameter('tags can have at most 50 items.');
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
