import { describe, expect, it } from 'vitest';
import {
  parseBool,
  parseInteger,
  parseIpLocalPortRange,
  parsePortList,
  parsePortRange,
  parseStringList,
  parseStringMap,
} from './values.js';

describe('parseBool', () => {
  it.each(['1', 't', 'T', 'TRUE', 'true', 'True'])('%s → true', (v) => expect(parseBool(v)).toBe(true));
  it.each(['0', 'f', 'F', 'FALSE', 'false', 'False'])('%s → false', (v) => expect(parseBool(v)).toBe(false));
  it.each(['yes', 'no', 'on', 'tRUE', '2', '', ' true'])('%j → undefined', (v) => expect(parseBool(v)).toBeUndefined());
});

describe('parseInteger', () => {
  it.each([
    ['0', 0],
    ['512', 512],
    ['-3', -3],
    ['+7', 7],
  ])('%s → %s', (v, n) => expect(parseInteger(v)).toBe(n));
  it.each(['', '1.5', '1e3', '0x10', 'abc', '12MiB', '99999999999999999999'])('%j → undefined', (v) =>
    expect(parseInteger(v)).toBeUndefined(),
  );
});

describe('parsePortList', () => {
  it.each([
    ['[]', []],
    ['[22]', [22]],
    ['[22, 2375, 65535, 1]', [22, 2375, 65535, 1]],
  ])('%s', (v, ports) => expect(parsePortList(v)).toEqual(ports));
  it.each(['', '22', '[0]', '[65536]', '[-1]', '[22.5]', '["22"]', '{"a":1}', '[22,', 'null'])('%j → undefined', (v) =>
    expect(parsePortList(v)).toBeUndefined(),
  );
});

describe('parseStringList', () => {
  it.each([
    ['[]', []],
    ['["json-file","awslogs"]', ['json-file', 'awslogs']],
  ])('%s', (v, list) => expect(parseStringList(v)).toEqual(list));
  it.each(['json-file', '[1]', '{"a":"b"}', '["a",null]', '['])('%j → undefined', (v) =>
    expect(parseStringList(v)).toBeUndefined(),
  );
});

describe('parseStringMap', () => {
  it.each([
    ['{}', {}],
    ['{"a":"b","c":""}', { a: 'b', c: '' }],
  ])('%s', (v, map) => expect(parseStringMap(v)).toEqual(map));
  it('keeps a "__proto__" key as data', () => {
    const map = parseStringMap('{"__proto__":"x"}');
    expect(Object.keys(map ?? {})).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
  });
  it.each(['', 'null', '[]', '"a"', '{"a":1}', '{"a":{"b":"c"}}', '{a:"b"}', "{'a':'b'}"])('%j → undefined', (v) =>
    expect(parseStringMap(v)).toBeUndefined(),
  );
});

describe('parsePortRange', () => {
  it.each([
    ['1-65535', { start: 1, end: 65535 }],
    ['32768-60999', { start: 32768, end: 60999 }],
    ['8000-8000', { start: 8000, end: 8000 }],
  ])('%s', (v, range) => expect(parsePortRange(v)).toEqual(range));
  it.each(['', '8000', '0-100', '100-65536', '9000-8000', '8000 - 9000', 'a-b', '-1-5', '1-2-3', '100000-1'])(
    '%j → undefined',
    (v) => expect(parsePortRange(v)).toBeUndefined(),
  );
});

describe('parseIpLocalPortRange', () => {
  it.each([
    ['32768\t60999\n', { start: 32768, end: 60999 }],
    ['1024 65000', { start: 1024, end: 65000 }],
    ['  49152   65535  \n', { start: 49152, end: 65535 }],
  ])('%j', (v, range) => expect(parseIpLocalPortRange(v)).toEqual(range));
  it.each(['', '32768', '32768-60999', '60999\t32768', '0\t100', '32768\t70000', 'x y'])('%j → undefined', (v) =>
    expect(parseIpLocalPortRange(v)).toBeUndefined(),
  );
});
