import { describe, expect, it } from 'vitest';
import type { wire } from '@berth/proto';
import { LogRelay, MAX_LOG_STREAMS_PER_CALLER, type LogSink } from './log-relay.js';

const sink = (ended: (string | undefined)[] = [], data: string[] = []): LogSink => ({
  data: (_stream, d) => data.push(d.toString()),
  end: (error) => ended.push(error),
});
const frame = (requestId: string, fields: Partial<wire.LogData__Output> = {}): wire.LogData__Output =>
  ({ requestId, stream: 'stdout', data: Buffer.alloc(0), end: false, error: '', ...fields }) as wire.LogData__Output;

describe('LogRelay', () => {
  it('admits at most MAX_LOG_STREAMS_PER_CALLER streams per credential, others unaffected', () => {
    const relay = new LogRelay();
    for (let i = 0; i < MAX_LOG_STREAMS_PER_CALLER; i++) expect(relay.admit('AKIAA')).toBe(true);
    expect(relay.admit('AKIAA')).toBe(false);
    expect(relay.admit('AKIAB')).toBe(true);
    relay.release('AKIAA');
    expect(relay.admit('AKIAA')).toBe(true);
  });

  it('gives a slot back when a stream ends, is closed, or its agent goes away', () => {
    const relay = new LogRelay();
    for (let i = 0; i < MAX_LOG_STREAMS_PER_CALLER; i++) {
      relay.admit('AKIAA');
      relay.open(`r${i}`, i % 2 ? 'host-1' : 'host-2', sink(), 'AKIAA');
    }
    expect(relay.admit('AKIAA')).toBe(false);
    relay.deliver('host-2', frame('r0', { end: true }));
    expect(relay.admit('AKIAA')).toBe(true);
    expect(relay.admit('AKIAA')).toBe(false);
    relay.close('r2');
    relay.close('r2'); // twice gives back one slot, not two
    expect(relay.admit('AKIAA')).toBe(true);
    expect(relay.admit('AKIAA')).toBe(false);
    relay.instanceGone('host-1'); // r1, r3, … r15: eight streams
    for (let i = 0; i < 8; i++) expect(relay.admit('AKIAA')).toBe(true);
    expect(relay.admit('AKIAA')).toBe(false);
  });

  it('delivers only what the asked instance sends', () => {
    const relay = new LogRelay();
    const data: string[] = [];
    const ended: (string | undefined)[] = [];
    relay.admit('AKIAA');
    relay.open('r', 'host-1', sink(ended, data), 'AKIAA');
    relay.deliver('host-2', frame('r', { data: Buffer.from('forged'), end: true }));
    relay.deliver('host-1', frame('r', { data: Buffer.from('real') }));
    relay.deliver('host-1', frame('r', { end: true, error: 'gone' }));
    expect(data).toEqual(['real']);
    expect(ended).toEqual(['gone']);
  });
});
