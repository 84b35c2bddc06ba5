import { describe, expect, it } from 'vitest';
import { parseConfigFile } from './parse-file.js';

const PATH = '/etc/ecs/ecs.config';

describe('parseConfigFile', () => {
  it.each([
    ['simple line', 'ECS_CLUSTER=prod', [['ECS_CLUSTER', 'prod']]],
    ['surrounding whitespace', '  ECS_CLUSTER = prod  ', [['ECS_CLUSTER', 'prod']]],
    ['tabs', '\tECS_CLUSTER\t=\tprod\t', [['ECS_CLUSTER', 'prod']]],
    ['CRLF line endings', 'ECS_CLUSTER=prod\r\nECS_LOGLEVEL=debug\r\n', [['ECS_CLUSTER', 'prod'], ['ECS_LOGLEVEL', 'debug']]],
    ['value containing =', 'ECS_INSTANCE_ATTRIBUTES={"a":"b=c"}', [['ECS_INSTANCE_ATTRIBUTES', '{"a":"b=c"}']]],
    ['value of only =', 'K==', [['K', '=']]],
    ['quotes kept literally', 'ECS_CLUSTER="foo"', [['ECS_CLUSTER', '"foo"']]],
    ['single quotes kept literally', "ECS_CLUSTER='foo'", [['ECS_CLUSTER', "'foo'"]]],
    ['no shell expansion', 'DOCKER_HOST=$HOME/${X}', [['DOCKER_HOST', '$HOME/${X}']]],
    ['inline # is part of the value', 'ECS_CLUSTER=a # b', [['ECS_CLUSTER', 'a # b']]],
    ['empty value', 'ECS_CLUSTER=', [['ECS_CLUSTER', '']]],
    ['comments and blank lines', '# comment\n\n   \n  # indented comment\nA=1\n', [['A', '1']]],
    ['later line wins', 'A=1\nA=2', [['A', '2']]],
    ['byte-order mark', '\uFEFFA=1', [['A', '1']]],
    ['empty file', '', []],
  ])('%s', (_name, text, expected) => {
    const { entries, warnings } = parseConfigFile(PATH, text);
    expect([...entries]).toEqual(expected);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['line without =', 'A=1\nECS_CLUSTER prod\nB=2', 2, 'ECS_CLUSTER prod'],
    ['CRLF line without =', 'A=1\r\n\r\njunk\r\n', 3, 'junk'],
    ['empty key', '=value', 1, '""'],
    ['key with a space', 'export ECS_CLUSTER=prod', 1, 'export ECS_CLUSTER'],
    ['a long line, quoted only at its start', `berth-join.0123.${'s'.repeat(60)}`, 1, '"berth-join.0123.ssss…"'],
  ])('skips a bad line with a warning: %s', (_name, text, lineNo, mention) => {
    const { entries, warnings } = parseConfigFile(PATH, text);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${PATH}:${lineNo}`);
    expect(warnings[0]).toContain(mention);
    expect(warnings[0]).toMatch(/ignored\.$/);
    expect([...entries.keys()].every((k) => !k.includes(' '))).toBe(true);
  });

  it('never quotes more than the start of a bad line', () => {
    const { warnings } = parseConfigFile(PATH, `${'k'.repeat(30)} ${'x'.repeat(100)}=1\n${'s'.repeat(100)}`);
    expect(warnings.join('\n')).not.toMatch(/x{10}|s{21}/);
  });

  it('keeps the good lines around a bad one', () => {
    const { entries } = parseConfigFile(PATH, 'A=1\nnonsense\nB=2');
    expect(Object.fromEntries(entries)).toEqual({ A: '1', B: '2' });
  });
});

describe('a file with very many bad lines', () => {
  it('warns for the first 100, counts the rest in one warning, and keeps the good lines', () => {
    const bad = Array.from({ length: 200_000 }, (_, i) => `garbage line ${i}`);
    const { entries, warnings } = parseConfigFile(PATH, ['ECS_CLUSTER=prod', ...bad, 'ECS_LOGLEVEL=debug'].join('\n'));
    expect([...entries]).toEqual([['ECS_CLUSTER', 'prod'], ['ECS_LOGLEVEL', 'debug']]);
    expect(warnings).toHaveLength(101);
    expect(warnings[0]).toContain(`${PATH}:2:`);
    expect(warnings[100]).toBe(`${PATH}: 199900 more lines that are not KEY=VALUE were ignored.`);
  });
});
