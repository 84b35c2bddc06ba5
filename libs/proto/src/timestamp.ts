import type { Timestamp } from './generated/google/protobuf/Timestamp.js';

/** google.protobuf.Timestamp ⇄ Date. Seconds arrive as strings because longs are loaded as String. */
export function toTimestamp(date: Date | null | undefined): Timestamp | null {
  if (!date) return null;
  const ms = date.getTime();
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}

export function fromTimestamp(ts: { seconds?: unknown; nanos?: number | null } | null | undefined): Date | null {
  if (!ts || ts.seconds === undefined || ts.seconds === null) return null;
  const seconds = Number(ts.seconds);
  if (!Number.isFinite(seconds)) return null;
  return new Date(seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1_000_000));
}
