import { describe, expect, it } from 'vitest';
import { dataDirStatusOf, SessionRefused } from './session.js';

describe('dataDirStatusOf (the heartbeat says what ECS_DATADIR is like)', () => {
  it.each([
    ['', 'ok'],
    ['ok', 'ok'],
    ['full', 'full'],
    ['unwritable', 'unwritable'],
  ])('%j is %s', (reported, status) => {
    expect(dataDirStatusOf(reported)).toBe(status);
  });

  it.each(['OK', 'broken', 'x'.repeat(5000), 'full\u0000'])('refuses %j, naming the field and quoting a bounded prefix', (reported) => {
    expect(() => dataDirStatusOf(reported)).toThrow(SessionRefused);
    expect(() => dataDirStatusOf(reported)).toThrow(/^heartbeat\.dataDir must be one of ok, full, unwritable; got '.{0,32}'\.$/s);
  });
});
