/**
 * `berth logs` (ours): streams GetContainerLogs and copies each chunk, raw, to stdout or stderr as
 * the container wrote it. `--since` takes a duration before now (`10m`, `1h30m`), an ISO-8601 time
 * or unix seconds. Ctrl-C cancels the call and ends with exit code 0.
 */
import type { wire } from '@berth/proto';
import { UsageError } from './usage-error.js';

/** A chunk as grpc-js decodes it (`data` is a Buffer) or as a test writes it. */
export interface LogChunkLike {
  stream?: string;
  data?: Uint8Array | string;
}

/** The server stream: async-iterable chunks that can be cancelled (grpc-js's ClientReadableStream is one). */
export interface LogStream extends AsyncIterable<LogChunkLike> {
  cancel(): void;
}

export interface LogsClient {
  getContainerLogs(request: wire.GetContainerLogsRequest): LogStream;
}

/** Writes output; a returned promise means "wait before writing more" (backpressure). */
export type RawWrite = (data: Uint8Array) => void | Promise<void>;

export interface LogsDeps {
  client: LogsClient;
  stdout: RawWrite;
  stderr: RawWrite;
  /** Calls `handler` on Ctrl-C until the returned function is called. */
  onInterrupt: (handler: () => void) => () => void;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * `--since` → unix seconds: `90s`, `10m`, `1h30m`, `2d`, `1w` before `now`; an ISO-8601 date or
 * time (`2024-05-01`, `2024-05-01T10:00:00Z`); or unix seconds (`1714557600`).
 */
export function parseSince(text: string, now: Date): number {
  const value = text.trim();
  if (/^(\d+(\.\d+)?[smhdw])+$/i.test(value)) {
    let seconds = 0;
    for (const [, amount, unit] of value.toLowerCase().matchAll(/(\d+(?:\.\d+)?)([smhdw])/g)) seconds += Number(amount) * UNITS[unit!]!;
    return Math.max(0, Math.floor(now.getTime() / 1000 - seconds));
  }
  if (/^\d+(\.\d+)?$/.test(value)) return Math.floor(Number(value));
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(value)) {
    const ms = Date.parse(value.replace(' ', 'T'));
    if (!Number.isNaN(ms)) return Math.max(0, Math.floor(ms / 1000));
  }
  throw new UsageError(
    `argument --since: expected a duration before now (10m, 1h30m, 2d), an ISO-8601 time or unix seconds, received '${text}'`,
    'logs',
  );
}

/** The GetContainerLogs request: the parsed flags' request plus `--since` resolved against `now`. */
export function logsRequest(request: Record<string, unknown>, options: Record<string, unknown>, now: Date): wire.GetContainerLogsRequest {
  const since = options['since'];
  return {
    ...(request as wire.GetContainerLogsRequest),
    ...(typeof since === 'string' ? { since: parseSince(since, now) } : {}),
  };
}

const bytes = (data: Uint8Array | string | undefined): Uint8Array =>
  data === undefined ? new Uint8Array() : typeof data === 'string' ? Buffer.from(data) : data;

export type LogsResult = { ok: true } | { ok: false; error: unknown };

/**
 * Copies the stream until it ends, fails or Ctrl-C. Cancelling by Ctrl-C is a clean end; any other
 * failure comes back for the caller to map (fromGrpcError).
 */
export async function streamLogs(request: wire.GetContainerLogsRequest, deps: LogsDeps): Promise<LogsResult> {
  const stream = deps.client.getContainerLogs(request);
  let interrupted = false;
  const stopListening = deps.onInterrupt(() => {
    interrupted = true;
    stream.cancel();
  });
  try {
    for await (const chunk of stream) {
      const data = bytes(chunk.data);
      if (data.length === 0) continue;
      await (chunk.stream === 'stderr' ? deps.stderr : deps.stdout)(data);
      if (interrupted) break;
    }
    return { ok: true };
  } catch (error) {
    return interrupted ? { ok: true } : { ok: false, error };
  } finally {
    stopListening();
  }
}
