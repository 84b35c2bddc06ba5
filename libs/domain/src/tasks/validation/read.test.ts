import { describe, expect, it } from 'vitest';
import {
  at,
  fail,
  item,
  readArray,
  readBool,
  readInt,
  readString,
  readStringMap,
  root,
  warnUnknown,
} from './read.js';
import type { Where } from './read.js';
import { thrown } from './test-fixtures.js';

const where: Where = { path: 'containerDefinitions[0].x', container: 'web' };

describe('paths', () => {
  it.each<[Where, string]>([
    [at(root, 'family'), 'family'],
    [item(at(root, 'volumes'), 2), 'volumes[2]'],
    [at(item(at(at(root, 'a'), 'b'), 0), 'c'), 'a.b[0].c'],
  ])('%j', (built, path) => {
    expect(built.path).toBe(path);
  });

  it.each<[Where, string]>([
    [{ path: 'family' }, 'family: bad.'],
    [{ path: 'x', container: 'web' }, "x: bad (container 'web')."],
    [{ path: '' }, 'bad.'],
  ])('fail formats %j', (w, message) => {
    const error = fail(w, 'bad');
    expect([error.errorName, error.message]).toEqual(['ClientException', message]);
  });

  it('uses the error name of the context', () => {
    expect(fail({ path: 'x', errorName: 'InvalidParameterException' }, 'bad').errorName).toBe('InvalidParameterException');
  });
});

describe('absence', () => {
  it.each([[undefined], [null], ['']])('%j is absent for every reader', (value) => {
    expect(readString(value, where)).toBeUndefined();
    expect(readInt(value, where, { min: 0 })).toBeUndefined();
    expect(readBool(value, where)).toBeUndefined();
    expect(readArray(value, where)).toEqual([]);
    expect(readStringMap(value, where)).toEqual({});
  });
});

describe('type errors name the expected and actual type', () => {
  it.each<[string, () => unknown, string]>([
    ['string for integer', () => readInt('5', where, { min: 0 }), 'expected an integer, got string'],
    ['NaN', () => readInt(Number.NaN, where, { min: 0, max: 5 }), 'must be an integer between 0 and 5, got NaN'],
    ['Infinity', () => readInt(Number.POSITIVE_INFINITY, where, { min: 0 }), 'must be an integer of at least 0, got Infinity'],
    ['above int32', () => readInt(2 ** 31, where, { min: 0 }), 'must be an integer of at least 0, got 2147483648'],
    ['object for array', () => readArray({}, where), 'expected an array, got object'],
    ['number for string', () => readString(5, where), 'expected a string, got number'],
    ['array for map', () => readStringMap([], where), 'expected an object, got array'],
    ['string for boolean', () => readBool('false', where), 'expected a boolean, got string'],
  ])('%s', (_case, read, text) => {
    expect(thrown(read).message).toBe(`containerDefinitions[0].x: ${text} (container 'web').`);
  });
});

describe('warnUnknown', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['known fields', { name: 'a', image: 'b' }, []],
    ['unknown field', { secrets: [{ name: 'a' }] }, ["Ignoring 'containerDefinitions[0].x.secrets' (container 'web'): not supported by Berth."]],
    ['empty values', { secrets: [], linuxParameters: {}, pidMode: '', ipcMode: null, user2: undefined }, []],
    ['synthetic proto3 optional key', { _memory: 'memory', _cpu: 'cpu' }, []],
    ['underscore key with another value', { _memory: 'x' }, ["Ignoring 'containerDefinitions[0].x._memory' (container 'web'): not supported by Berth."]],
    ['zero and false are values', { interactive: false, priority: 0 }, [
      "Ignoring 'containerDefinitions[0].x.interactive' (container 'web'): not supported by Berth.",
      "Ignoring 'containerDefinitions[0].x.priority' (container 'web'): not supported by Berth.",
    ]],
  ])('%s', (_case, object, expected) => {
    const warnings: string[] = [];
    warnUnknown(object, where, ['name', 'image'], warnings);
    expect(warnings).toEqual(expected);
  });
});
