import { describe, expect, it } from 'vitest';
import { formatGoDuration, parseGoDuration, parseGoDurationNs } from './duration.js';

describe('parseGoDuration', () => {
  it.each([
    ['0', 0],
    ['-0', 0],
    ['+0', 0],
    ['0s', 0],
    ['300ms', 300],
    ['30s', 30_000],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['2h45m30.5s', 9_930_500],
    ['.5s', 500],
    ['1.s', 1_000],
    ['1500us', 1.5],
    ['1500µs', 1.5],
    ['1500μs', 1.5],
    ['2000000ns', 2],
    ['1m1m', 120_000],
    ['-1s', -1_000],
    ['+5m', 300_000],
    ['1h0m0s', 3_600_000],
  ])('%s → %s ms', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.each([
    [''],
    ['30'],
    ['1'],
    ['-5'],
    ['s'],
    ['.s'],
    ['1d'],
    ['1 s'],
    [' 1s'],
    ['1s '],
    ['1S'],
    ['1h30'],
    ['1.5.5s'],
    ['abc'],
    ['--1s'],
    ['9999999999999999999h'],
  ])('%j is invalid', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });

  it('accepts the largest Go duration and rejects one past it', () => {
    expect(parseGoDurationNs('9223372036854775807ns')).toBe(9223372036854775807n);
    expect(parseGoDurationNs('9223372036854775808ns')).toBeUndefined();
    expect(parseGoDurationNs('-9223372036854775808ns')).toBe(-9223372036854775808n);
  });
});

describe('formatGoDuration', () => {
  it.each([
    [0, '0s'],
    [30_000, '30s'],
    [60_000, '1m0s'],
    [5_400_000, '1h30m0s'],
    [10_800_000, '3h0m0s'],
    [300, '300ms'],
    [1.5, '1.5ms'],
    [0.0015, '1.5µs'],
    [0.000001, '1ns'],
    [61_500, '1m1.5s'],
    [-1_000, '-1s'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });

  it.each([['30s'], ['1h30m0s'], ['300ms'], ['2h45m30.5s'], ['1.5ms']])('round-trips %s', (text) => {
    const ms = parseGoDuration(text);
    expect(ms).toBeDefined();
    expect(formatGoDuration(ms ?? Number.NaN)).toBe(text);
  });
});
