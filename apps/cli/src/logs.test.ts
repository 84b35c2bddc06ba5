import { describe, expect, it } from 'vitest';
import { status as Status } from '@grpc/grpc-js';
import { logsRequest, parseSince, streamLogs, type LogChunkLike, type LogsDeps, type LogStream } from './logs.js';
import { UsageError } from './usage-error.js';

const NOW = new Date('2024-05-01T12:00:00.000Z');
const NOW_S = NOW.getTime() / 1000;

describe('parseSince', () => {
  it.each<[string, number]>([
    ['10m', NOW_S - 600],
    ['30s', NOW_S - 30],
    ['2h', NOW_S - 7200],
    ['1h30m', NOW_S - 5400],
    ['1d', NOW_S - 86_400],
    ['1w', NOW_S - 604_800],
    ['1.5h', NOW_S - 5400],
    ['10M', NOW_S - 600],
    ['1714557600', 1_714_557_600],
    ['1714557600.9', 1_714_557_600],
    ['0', 0],
    ['2024-05-01T10:00:00Z', NOW_S - 7200],
    ['2024-05-01T10:00:00.500Z', NOW_S - 7200],
    ['2024-05-01T12:00:00+02:00', NOW_S - 7200],
    ['2024-05-01', Date.UTC(2024, 4, 1) / 1000],
    [' 5m ', NOW_S - 300],
  ])('%s', (text, seconds) => {
    expect(parseSince(text, NOW)).toBe(seconds);
  });

  it('never goes before the epoch', () => {
    expect(parseSince('100000w', NOW)).toBe(0);
  });

  it.each(['', 'yesterday', '10x', 'm', '-5m', '2024-13-45', '2024/05/01'])('refuses %j', (text) => {
    expect(() => parseSince(text, NOW)).toThrow(UsageError);
    expect(() => parseSince(text, NOW)).toThrow('argument --since: expected a duration before now');
  });
});

describe('logsRequest', () => {
  it('resolves --since against now and keeps the rest', () => {
    expect(logsRequest({ cluster: 'c', task: 't', follow: true, tail: 5 }, { since: '10m' }, NOW)).toEqual({
      cluster: 'c',
      task: 't',
      follow: true,
      tail: 5,
      since: NOW_S - 600,
    });
    expect(logsRequest({ task: 't' }, {}, NOW)).toEqual({ task: 't' });
  });
});

/** A fake server stream: yields `chunks`, then ends, fails with `error`, or (hang) waits for cancel. */
function fakeStream(chunks: LogChunkLike[], end: 'end' | 'hang' | Error = 'end') {
  let cancel: (() => void) | undefined;
  const state = { cancelled: false };
  const cancelled = new Promise<void>((resolve) => {
    cancel = resolve;
  });
  const stream: LogStream = {
    async *[Symbol.asyncIterator]() {
      for (const chunk of chunks) {
        if (state.cancelled) break;
        yield chunk;
      }
      if (end instanceof Error) throw end;
      if (end === 'hang') {
        await cancelled;
        throw Object.assign(new Error('1 CANCELLED: Cancelled on client'), { code: Status.CANCELLED, details: 'Cancelled on client' });
      }
    },
    cancel() {
      state.cancelled = true;
      cancel?.();
    },
  };
  return { stream, state };
}

function deps(stream: LogStream) {
  const out: string[] = [];
  const err: string[] = [];
  const requests: unknown[] = [];
  const handlers = new Set<() => void>();
  const d: LogsDeps = {
    client: {
      getContainerLogs: (request) => {
        requests.push(request);
        return stream;
      },
    },
    stdout: (data) => {
      out.push(Buffer.from(data).toString());
    },
    stderr: async (data) => {
      await Promise.resolve(); // backpressure: the copy waits for it
      err.push(Buffer.from(data).toString());
    },
    onInterrupt: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
  return { d, out, err, requests, interrupt: () => [...handlers].forEach((h) => h()), handlers };
}

describe('streamLogs', () => {
  it('copies stdout chunks to stdout and stderr chunks to stderr, in order, raw', async () => {
    const { stream } = fakeStream([
      { stream: 'stdout', data: Buffer.from('one\n') },
      { stream: 'stderr', data: Buffer.from('oops\n') },
      { stream: 'stdout', data: Buffer.from([0xe2, 0x82]) }, // a character split across chunks stays bytes
      { stream: 'stdout', data: Buffer.from([0xac, 0x0a]) },
      { stream: 'stdout', data: Buffer.alloc(0) },
    ]);
    const t = deps(stream);
    expect(await streamLogs({ cluster: 'c', task: 't' }, t.d)).toEqual({ ok: true });
    expect(t.requests).toEqual([{ cluster: 'c', task: 't' }]);
    expect(t.err).toEqual(['oops\n']);
    expect(t.out[0]).toBe('one\n');
    expect(t.out).toHaveLength(3);
    expect(t.handlers.size).toBe(0);
  });

  it('Ctrl-C cancels the call and ends cleanly', async () => {
    const { stream, state } = fakeStream([{ stream: 'stdout', data: 'first\n' }], 'hang');
    const t = deps(stream);
    const done = streamLogs({ task: 't', follow: true }, t.d);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(t.out).toEqual(['first\n']);
    t.interrupt();
    expect(await done).toEqual({ ok: true });
    expect(state.cancelled).toBe(true);
    expect(t.handlers.size).toBe(0);
  });

  it('returns any other failure', async () => {
    const failure = Object.assign(new Error('5 NOT_FOUND: Task not found'), { code: Status.NOT_FOUND, details: 'Task not found' });
    const { stream } = fakeStream([{ stream: 'stdout', data: 'a' }], failure);
    const t = deps(stream);
    expect(await streamLogs({ task: 't' }, t.d)).toEqual({ ok: false, error: failure });
    expect(t.out).toEqual(['a']);
  });
});
