import { describe, expect, it } from 'vitest';
import { createLogger } from '@berth/log';
import { MetricsSampler } from './metrics-sampler.js';
import type { ContainerStats } from './runtime.js';

const MiB = 1024 * 1024;

/** A runtime whose counters the test moves, and a clock it reads them at. */
function fixture() {
  let now = Date.UTC(2026, 11, 3, 12);
  const counters = new Map<string, { cpuNs: number; memoryBytes: number }>();
  const running = [
    { taskArn: 'task/a', runtimeId: 'a1' },
    { taskArn: 'task/a', runtimeId: 'a2' },
    { taskArn: 'task/b', runtimeId: 'b1' },
  ];
  const runtime = {
    containerStats: async (id: string): Promise<ContainerStats | undefined> => {
      if (id === 'gone') throw new Error('no such container');
      const c = counters.get(id);
      return c ? { ...c, at: new Date(now) } : undefined;
    },
  };
  const sent: { tasks: unknown[] }[] = [];
  const sampler = new MetricsSampler({ runtime, running: () => running, intervalMs: 10_000, log: createLogger({ name: 'test', level: 'error' }) });
  return { sampler, counters, running, sent, advance: (ms: number) => (now += ms) };
}

describe('MetricsSampler', () => {
  it('turns two readings into CPU units over the time between them, summed per task with its memory', async () => {
    const f = fixture();
    f.sampler.connected((round) => f.sent.push(round));
    f.counters.set('a1', { cpuNs: 0, memoryBytes: 10 * MiB });
    f.counters.set('a2', { cpuNs: 0, memoryBytes: 6 * MiB });
    f.counters.set('b1', { cpuNs: 5e9, memoryBytes: 1 * MiB });
    expect(await f.sampler.sample()).toEqual([]); // baselines only
    expect(f.sent).toEqual([]);
    f.advance(10_000);
    f.counters.set('a1', { cpuNs: 10e9, memoryBytes: 12 * MiB }); // one core for 10 s
    f.counters.set('a2', { cpuNs: 2.5e9, memoryBytes: 6 * MiB }); // a quarter core
    f.counters.set('b1', { cpuNs: 5e9, memoryBytes: 1 * MiB }); // idle
    const round = await f.sampler.sample();
    expect(round).toEqual([
      { taskArn: 'task/a', cpuUnits: 1280, memoryMiB: 18 },
      { taskArn: 'task/b', cpuUnits: 0, memoryMiB: 1 },
    ]);
    expect(f.sent).toHaveLength(1);
  });

  it('sends nothing while disconnected, and starts a container again from a baseline when its counter goes back', async () => {
    const f = fixture();
    f.running.splice(1);
    f.counters.set('a1', { cpuNs: 4e9, memoryBytes: MiB });
    await f.sampler.sample();
    f.advance(10_000);
    f.counters.set('a1', { cpuNs: 1e9, memoryBytes: MiB }); // restarted: its counter began again
    expect(await f.sampler.sample()).toEqual([]);
    f.advance(10_000);
    f.counters.set('a1', { cpuNs: 6e9, memoryBytes: MiB });
    expect(await f.sampler.sample()).toEqual([{ taskArn: 'task/a', cpuUnits: 512, memoryMiB: 1 }]);
    expect(f.sent).toEqual([]); // never connected
  });

  it('leaves out a container that cannot be read, and forgets containers that stopped', async () => {
    const f = fixture();
    f.running.splice(0, 3, { taskArn: 'task/a', runtimeId: 'a1' }, { taskArn: 'task/a', runtimeId: 'gone' });
    f.counters.set('a1', { cpuNs: 0, memoryBytes: MiB });
    await f.sampler.sample();
    f.advance(5_000);
    f.counters.set('a1', { cpuNs: 5e9, memoryBytes: MiB });
    expect(await f.sampler.sample()).toEqual([{ taskArn: 'task/a', cpuUnits: 1024, memoryMiB: 1 }]);
    f.running.splice(0);
    expect(await f.sampler.sample()).toEqual([]);
    f.running.push({ taskArn: 'task/a', runtimeId: 'a1' });
    f.advance(5_000);
    expect(await f.sampler.sample()).toEqual([]); // a baseline again, not a rate over the gap
  });
});
