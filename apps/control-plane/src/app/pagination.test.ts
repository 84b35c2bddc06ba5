import { describe, expect, it } from 'vitest';
import { decodeToken, encodeToken, pageOf, pageSize } from './pagination.js';

describe('pagination', () => {
  it.each([
    [undefined, 100],
    [0, 100],
    [1, 1],
    [100, 100],
  ])('maxResults %s → page of %d', (given, size) => expect(pageSize(given)).toBe(size));

  it.each([-1, 101, 2.5])('refuses maxResults %s', (n) => expect(() => pageSize(n)).toThrow(/maxResults must be between 1 and 100/));

  it('round-trips keys through opaque tokens and refuses forged ones', () => {
    expect(decodeToken(encodeToken('web:12'))).toBe('web:12');
    expect(decodeToken('')).toBeUndefined();
    expect(() => decodeToken('not-a-token')).toThrow(/Invalid nextToken/);
  });

  it('fetches one extra row to know there is a next page', () => {
    expect(pageOf(['a', 'b', 'c'], 2, (x) => x)).toEqual({ items: ['a', 'b'], nextToken: encodeToken('b') });
    expect(pageOf(['a', 'b'], 2, (x) => x)).toEqual({ items: ['a', 'b'] });
  });
});
