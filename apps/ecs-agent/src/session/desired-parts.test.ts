import { describe, expect, it } from 'vitest';
import { DesiredPartsAssembler, MAX_DESIRED_PARTS, type DesiredPart } from './desired-parts.js';

const part = (sequence: number, index: number, parts: number, ...tasks: string[]): DesiredPart<string> => ({ sequence, part: index, parts, tasks });

describe('DesiredPartsAssembler', () => {
  it.each<[string, DesiredPart<string>[], ({ sequence: number; tasks: string[] } | undefined)[]]>([
    ['a whole set in one message (parts 0)', [part(5, 0, 0, 'a', 'b')], [{ sequence: 5, tasks: ['a', 'b'] }]],
    ['a whole set in one message (parts 1)', [part(5, 0, 1, 'a')], [{ sequence: 5, tasks: ['a'] }]],
    ['an empty set', [part(5, 0, 0)], [{ sequence: 5, tasks: [] }]],
    ['parts in order', [part(7, 0, 3, 'a'), part(7, 1, 3, 'b'), part(7, 2, 3, 'c')], [undefined, undefined, { sequence: 7, tasks: ['a', 'b', 'c'] }]],
    ['parts out of order, put back in order', [part(7, 2, 3, 'c'), part(7, 0, 3, 'a'), part(7, 1, 3, 'b')], [undefined, undefined, { sequence: 7, tasks: ['a', 'b', 'c'] }]],
    ['a repeated part counts once', [part(7, 0, 2, 'a'), part(7, 0, 2, 'a'), part(7, 1, 2, 'b')], [undefined, undefined, { sequence: 7, tasks: ['a', 'b'] }]],
    ['a newer set drops an unfinished older one', [part(7, 0, 2, 'old'), part(8, 0, 2, 'a'), part(7, 1, 2, 'late'), part(8, 1, 2, 'b')], [undefined, undefined, undefined, { sequence: 8, tasks: ['a', 'b'] }]],
    ['a stale set after a complete one is ignored', [part(9, 0, 0, 'new'), part(8, 0, 0, 'old'), part(9, 0, 0, 'again')], [{ sequence: 9, tasks: ['new'] }, undefined, undefined]],
    ['a part numbered past the count is ignored', [part(7, 2, 2, 'x')], [undefined]],
    ['too many parts is ignored', [part(7, 0, MAX_DESIRED_PARTS + 1, 'x')], [undefined]],
    ['an unsafe sequence is ignored', [part(2 ** 53, 0, 0, 'x')], [undefined]],
    ['the count changing under one sequence starts over', [part(7, 0, 3, 'a'), part(7, 0, 2, 'a'), part(7, 1, 2, 'b')], [undefined, undefined, { sequence: 7, tasks: ['a', 'b'] }]],
  ])('%s', (_what, messages, expected) => {
    const assembler = new DesiredPartsAssembler<string>();
    expect(messages.map((message) => assembler.add(message))).toEqual(expected);
  });

  it('drops a half-received set when the session ends, and takes the whole set again after', () => {
    const assembler = new DesiredPartsAssembler<string>();
    expect(assembler.add(part(7, 0, 2, 'a'))).toBeUndefined();
    assembler.dropUnfinished();
    expect(assembler.add(part(7, 1, 2, 'b'))).toBeUndefined();
    expect(assembler.add(part(7, 0, 2, 'a'))).toEqual({ sequence: 7, tasks: ['a', 'b'] });
  });
});
