import { seededRandom } from '@berth/scheduler';
import { describe, expect, it } from 'vitest';
import { drawLatency, parseLatency } from './latency.js';

describe('parseLatency', () => {
  it.each([
    ['238,347', { p50Ms: 238, p99Ms: 347 }],
    ['50', { p50Ms: 50, p99Ms: 50 }],
    [' 10 , 20 ', { p50Ms: 10, p99Ms: 20 }],
    ['0', { p50Ms: 0, p99Ms: 0 }],
  ])('reads %j', (text, expected) => expect(parseLatency('--start-ms', text)).toEqual(expected));

  it.each([
    ['', 'P50,P99 or one number'],
    ['a', 'P50,P99 or one number'],
    ['1,2,3', 'P50,P99 or one number'],
    ['-5', 'P50,P99 or one number'],
    ['10,', 'P50,P99 or one number'],
    ['700000', 'P50,P99 or one number'],
    ['300,200', 'below the median'],
  ])('refuses %j, naming the flag', (text, message) => {
    expect(() => parseLatency('--start-ms', text)).toThrow(message);
    expect(() => parseLatency('--start-ms', text)).toThrow('--start-ms');
  });
});

describe('drawLatency', () => {
  it('puts the median and the 99th percentile where they were measured', () => {
    const random = seededRandom(3);
    const draws = Array.from({ length: 20_000 }, () => drawLatency({ p50Ms: 238, p99Ms: 347 }, random(), random())).sort((a, b) => a - b);
    expect(draws[10_000]!).toBeGreaterThan(238 * 0.97);
    expect(draws[10_000]!).toBeLessThan(238 * 1.03);
    expect(draws[19_800]!).toBeGreaterThan(347 * 0.95);
    expect(draws[19_800]!).toBeLessThan(347 * 1.05);
    expect(draws[0]!).toBeGreaterThan(0);
  });

  it('a fixed latency is always itself', () => {
    expect(drawLatency({ p50Ms: 40, p99Ms: 40 }, 0.9, 0.1)).toBe(40);
    expect(drawLatency({ p50Ms: 0, p99Ms: 0 }, 0.5, 0.5)).toBe(0);
  });
});
