import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from './loopback.js';

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1:7470', true],
    ['127.9.8.7:1', true],
    ['localhost:7470', true],
    ['LOCALHOST:7470', true],
    ['[::1]:7470', true],
    ['0.0.0.0:7470', false],
    ['10.0.0.5:7470', false],
    ['[::]:7470', false],
    ['berth.internal:443', false],
    ['127.0.0.1.evil.example:7470', false],
    ['localhost.evil.example:7470', false],
  ])('%s → %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});
