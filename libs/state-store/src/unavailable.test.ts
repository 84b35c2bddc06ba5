import { describe, expect, it } from 'vitest';
import { isStoreUnavailable } from './unavailable.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isStoreUnavailable', () => {
  it.each<[string, unknown, boolean]>([
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), true],
    ['admin shutdown', withCode('terminating connection due to administrator command', '57P01'), true],
    ['starting up', withCode('the database system is starting up', '57P03'), true],
    ['connection failure class 08', withCode('connection failure', '08006'), true],
    ['a cut connection', new Error('Connection terminated unexpectedly'), true],
    ['a pool timeout', new Error('timeout exceeded when trying to connect'), true],
    ['wrapped', new Error('outer', { cause: withCode('x', 'ECONNRESET') }), true],
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505'), false],
    ['a syntax error', withCode('syntax error at or near', '42601'), false],
    ['a plain error', new Error('boom'), false],
    ['not an error', 'ECONNREFUSED', false],
  ])('%s', (_name, error, unavailable) => {
    expect(isStoreUnavailable(error)).toBe(unavailable);
  });
});
