import { toEpochSeconds } from '@berth/domain';

/** A JSON object as ECS sends it. */
export type JsonObject = Record<string, unknown>;

/** An instant on the ECS wire (epoch seconds), or nothing when it has not happened. */
export function instant(date: Date | null | undefined): number | undefined {
  return date ? toEpochSeconds(date) : undefined;
}

/** The object without its undefined members: ECS leaves out what is not set. */
export function compact(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = member;
  return out;
}

/** `{key, value}` pairs as ECS lists tags. */
export const encodeTags = (tags: readonly { key: string; value: string }[]): JsonObject[] => tags.map((t) => ({ key: t.key, value: t.value }));
