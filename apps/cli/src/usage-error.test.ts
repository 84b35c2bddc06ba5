import { describe, expect, it } from 'vitest';
import { boundMessage, UsageError } from './usage-error.js';

describe('boundMessage', () => {
  it.each([
    ['argument --count: invalid integer value: \'abc\'', 'argument --count: invalid integer value: \'abc\''],
    [`value: '${'y'.repeat(500)}' here`, `value: '${'y'.repeat(99)}… (502 characters) here`],
  ])('%s', (message, bounded) => {
    expect(boundMessage(message)).toBe(bounded);
  });

  it('cuts a long message of short words', () => {
    const message = 'word '.repeat(1000);
    expect(boundMessage(message)).toHaveLength(2000 + '… (cut short)'.length);
  });

  it('is what UsageError carries', () => {
    expect(new UsageError(`x ${'z'.repeat(10_000)}`).message.length).toBeLessThan(200);
  });
});
