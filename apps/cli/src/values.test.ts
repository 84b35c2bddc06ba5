import { describe, expect, it } from 'vitest';
import type { FlagSpec } from './commands.js';
import { parseNestedShorthand, parseNumber, parseStructureArgument } from './values.js';

const spec: FlagSpec = { flag: '--thing', field: 'thing', kind: 'struct' };

describe('parseNestedShorthand', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a=1,b=x', { a: '1', b: 'x' }],
    [' a = 1 , b = x y ', { a: '1', b: 'x y' }],
    ['a={b=1,c={d=true}}', { a: { b: '1', c: { d: 'true' } } }],
    ['a=[x,y,z]', { a: ['x', 'y', 'z'] }],
    ['a=[]', { a: [] }],
    ['a={}', { a: {} }],
    ['a=[{n=1},{n=2,m=[p]}],b=2', { a: [{ n: '1' }, { n: '2', m: ['p'] }], b: '2' }],
    ['a="x,y}]=z",b=\'q,r\'', { a: 'x,y}]=z', b: 'q,r' }],
    ['a="say \\"hi\\""', { a: 'say "hi"' }],
    ['expression=attribute:ecs.instance-type == t2.small', { expression: 'attribute:ecs.instance-type == t2.small' }],
    ['a=b=c', { a: 'b=c' }],
    ['a=', { a: '' }],
  ])('%s', (text, expected) => {
    expect(parseNestedShorthand(spec, text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['a', "expected '=' at position 1, found the end"],
    ['=1', 'expected a member name at position 0'],
    ['a={b=1', "expected '}' at position 6"],
    ['a=[x', "expected ']' at position 4"],
    ['a="x', 'expected a closing "'],
    ['a={b=1}}', "expected ',' or the end at position 7"],
    ['a=1,', 'expected a member name'],
  ])('refuses %s', (text, message) => {
    expect(() => parseNestedShorthand(spec, text)).toThrow(message);
  });
});

describe('parseStructureArgument', () => {
  it('takes JSON objects, JSON arrays for lists, else shorthand', () => {
    expect(parseStructureArgument(spec, ' {"a":1}')).toEqual({ value: { a: 1 }, shorthand: false });
    expect(parseStructureArgument({ ...spec, kind: 'structs' }, '[{"a":1}]')).toEqual({ value: [{ a: 1 }], shorthand: false });
    expect(parseStructureArgument(spec, 'a=1')).toEqual({ value: { a: '1' }, shorthand: true });
  });
});

describe('parseNumber', () => {
  it('reads fractions and refuses words', () => {
    expect(parseNumber(spec, '0.2')).toBe(0.2);
    expect(parseNumber(spec, '3')).toBe(3);
    expect(() => parseNumber(spec, '')).toThrow("invalid number value: ''");
    expect(() => parseNumber(spec, 'x')).toThrow("invalid number value: 'x'");
  });
});
