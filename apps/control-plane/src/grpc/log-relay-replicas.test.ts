import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultArnScope } from '@berth/domain';
import { createLogger } from '@berth/log';
import type { Notifier } from '@berth/state-store';
import type { wire } from '@berth/proto';
import { AgentSessions } from './agent-sessions.js';
import { LogRelay } from './log-relay.js';
import { LOG_ACCEPT_WITHIN_MS, LOG_DATA_CHANNEL, LOG_REQUESTS_CHANNEL, ReplicaLogRelay } from './log-relay-replicas.js';

/** One channel bus standing for PostgreSQL: like LISTEN/NOTIFY, every subscriber hears every message, its own too. */
function bus(): Notifier & { published: { channel: string; payload: string }[] } {
  const handlers = new Map<string, ((payload: string) => void)[]>();
  const published: { channel: string; payload: string }[] = [];
  return {
    published,
    publish: async (channel, payload) => {
      published.push({ channel, payload });
      await Promise.resolve();
      for (const h of handlers.get(channel) ?? []) h(payload);
    },
    subscribe: async (channel, handler) => {
      handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
    },
    onResumed: () => undefined,
    close: async () => undefined,
  };
}

const INSTANCE = 'a'.repeat(32);
const REQUEST = '6f1c2b9e-0d55-4c8e-9a51-3f3f0d0a7b11';
const log = createLogger({ level: 'none', name: 'test' });
const settle = () => new Promise((r) => setTimeout(r, 50));

async function replicas() {
  const channel = bus();
  const holderSessions = new AgentSessions(defaultArnScope);
  const toAgent: wire.ControlMessage[] = [];
  holderSessions.attach(INSTANCE, { sessionId: 's', capabilities: new Set(['log-window'] as const), send: (m) => toAgent.push(m), close: () => undefined });
  const holderRelay = new LogRelay();
  const holder = new ReplicaLogRelay(channel, holderSessions, holderRelay, log);
  const servingRelay = new LogRelay();
  const serving = new ReplicaLogRelay(channel, new AgentSessions(defaultArnScope), servingRelay, log);
  await holder.start();
  await serving.start();
  const got: { data: Buffer[]; ended?: string | true } = { data: [] };
  servingRelay.open(REQUEST, INSTANCE, { data: (_s, d) => got.data.push(d), end: (e) => (got.ended = e ?? true) }, 'caller');
  return { channel, holderRelay, toAgent, serving, got };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ReplicaLogRelay', () => {
  it('relays a request to the replica with the session and its output back, once, in order', async () => {
    const { channel, holderRelay, toAgent, serving, got } = await replicas();
    await serving.ask(INSTANCE, { requestId: REQUEST, taskArn: 'arn:task', containerName: 'main', follow: false, since: 0, tail: 0, window: 65536 });
    await settle();
    expect(toAgent).toEqual([{ logRequest: { requestId: REQUEST, taskArn: 'arn:task', containerName: 'main', follow: false, since: '0', tail: 0, window: '65536' } }]);
    // The agent answers a line at a time: 3,000 small pieces.
    const lines = Array.from({ length: 3000 }, (_, i) => Buffer.from(`line ${i}\n`));
    for (const line of lines) holderRelay.deliver(INSTANCE, { requestId: REQUEST, stream: 'stdout', data: line, end: false, error: '' });
    holderRelay.deliver(INSTANCE, { requestId: REQUEST, stream: 'stdout', data: Buffer.alloc(0), end: true, error: '' });
    await settle();
    expect(Buffer.concat(got.data).toString()).toBe(Buffer.concat(lines).toString());
    expect(got.ended).toBe(true);
    // Gathered into chunks: a handful of notifications, each under NOTIFY's 8000 bytes.
    const data = channel.published.filter((p) => p.channel === LOG_DATA_CHANNEL);
    expect(data.length).toBeLessThan(20);
    for (const p of data) expect(Buffer.byteLength(p.payload)).toBeLessThan(8000);
  });

  it("passes the serving replica's grants to the agent, and only for a request the holder serves", async () => {
    const { toAgent, serving } = await replicas();
    await serving.ask(INSTANCE, { requestId: REQUEST, taskArn: 'arn:task', containerName: 'main', follow: true, since: 0, tail: 0, window: 65536 });
    await settle();
    serving.grant(INSTANCE, REQUEST, 32768);
    serving.grant(INSTANCE, 'e'.repeat(36), 32768);
    serving.grant(INSTANCE, REQUEST, -5);
    await settle();
    expect(toAgent.slice(1)).toEqual([{ logRequest: { requestId: REQUEST, grant: '32768' } }]);
  });

  it('ends a request nobody accepts with an error naming the instance', async () => {
    vi.useFakeTimers();
    const channel = bus();
    const relay = new LogRelay();
    const serving = new ReplicaLogRelay(channel, new AgentSessions(defaultArnScope), relay, log);
    await serving.start();
    let ended: string | true | undefined;
    relay.open(REQUEST, INSTANCE, { data: () => undefined, end: (e) => (ended = e ?? true) }, 'caller');
    await serving.ask(INSTANCE, { requestId: REQUEST, taskArn: 'arn:task', containerName: 'main', follow: true, since: 0, tail: 0, window: 65536 });
    await vi.advanceTimersByTimeAsync(LOG_ACCEPT_WITHIN_MS + 10);
    expect(ended).toMatch(new RegExp(`no control-plane replica holds the session of container instance ${INSTANCE}`));
  });

  it('ignores malformed or foreign messages on both channels', async () => {
    const { channel, toAgent, got } = await replicas();
    for (const payload of ['not json', '[]', JSON.stringify({ kind: 'open', instanceId: INSTANCE, request: { requestId: REQUEST, taskArn: 'x', containerName: 'main', follow: 'yes', since: 0, tail: 0 } }), JSON.stringify({ kind: 'open', instanceId: INSTANCE, request: { requestId: 'bad id!', taskArn: 'x', containerName: 'main', follow: false, since: -1, tail: 0 } })]) {
      await channel.publish(LOG_REQUESTS_CHANNEL, payload);
    }
    await channel.publish(LOG_DATA_CHANNEL, JSON.stringify({ requestId: 'f'.repeat(36), instanceId: INSTANCE, data: Buffer.from('stray').toString('base64') }));
    await settle();
    expect(toAgent).toEqual([]);
    expect(got.data).toEqual([]);
  });
});
