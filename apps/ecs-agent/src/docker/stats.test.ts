import { describe, expect, it } from 'vitest';
import { statsOf } from './docker-runtime.js';

describe("statsOf (Docker's stats answer)", () => {
  it.each<[string, Parameters<typeof statsOf>[0], { cpuNs: number; memoryBytes: number } | undefined]>([
    ['cgroup v2: usage less inactive_file', { read: '2026-12-03T12:00:00Z', cpu_stats: { cpu_usage: { total_usage: 123 } }, memory_stats: { usage: 1000, stats: { inactive_file: 300 } } }, { cpuNs: 123, memoryBytes: 700 }],
    ['cgroup v1: usage less total_inactive_file', { read: '2026-12-03T12:00:00Z', cpu_stats: { cpu_usage: { total_usage: 5 } }, memory_stats: { usage: 1000, stats: { total_inactive_file: 100 } } }, { cpuNs: 5, memoryBytes: 900 }],
    ['no page cache figure', { read: '2026-12-03T12:00:00Z', cpu_stats: { cpu_usage: { total_usage: 5 } }, memory_stats: { usage: 42 } }, { cpuNs: 5, memoryBytes: 42 }],
    ['a stopped container (no counters)', { read: '0001-01-01T00:00:00Z', cpu_stats: {}, memory_stats: {} }, undefined],
  ])('%s', (_name, data, expected) => {
    const stats = statsOf(data);
    expect(stats === undefined ? undefined : { cpuNs: stats.cpuNs, memoryBytes: stats.memoryBytes }).toEqual(expected);
    if (stats) expect(stats.at.toISOString()).toBe('2026-12-03T12:00:00.000Z');
  });
});
