import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commands } from './commands.js';
import { MAX_WARNINGS } from './conform.js';
import { parseArgs } from './parse-args.js';
import { UsageError } from './usage-error.js';
import { MAX_JSON_DEPTH } from './values.js';

const names = [...new Set(commands.map((c) => c.name.split(' ')[0]!))];
const flags = [...new Set(commands.flatMap((c) => c.flags.map((f) => f.flag))), '--cli-input-json', '--output', '--endpoint', '--profile', '--query'];
const token = fc.oneof(
  fc.constantFrom(...flags),
  fc.string({ maxLength: 30 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom('name=a,value=b', 'type=binpack,field=memory', '{', '[', '--', '-h', 'file://x', 'x'.repeat(10_000)),
);
const argv = fc.tuple(fc.constantFrom(...names), fc.array(token, { maxLength: 8 })).map(([name, rest]) => [name, ...rest]);

function parsed(args: string[], files: Record<string, string> = {}): 'ok' | 'usage' {
  try {
    parseArgs(args, { env: {}, readFile: (path) => files[path] ?? (() => { throw new Error(`no file ${path}`); })() });
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message.length).toBeLessThan(4000);
    return 'usage';
  }
}

describe('berth flags on hostile input', () => {
  it('turns any argv into a call or a usage error, never a crash', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(argv, (args) => void seen.add(parsed(args))), { numRuns: 2000 });
    expect(seen).toEqual(new Set(['ok', 'usage']));
  });

  it('takes any JSON as --cli-input-json for any command, answering with a call or a usage error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...commands.filter((c) => c.runner === undefined).map((c) => c.name)), fc.jsonValue(), (name, value) => {
        parsed([...name.split(' '), '--cli-input-json', JSON.stringify(value)]);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses JSON nested too deep before recursing into it', () => {
    const deep = `{"clusters":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(() => parseArgs(['describe-clusters', '--cli-input-json', deep], { env: {} })).toThrow(`nested more than ${MAX_JSON_DEPTH} levels`);
    expect(() => parseArgs(['register-task-definition', '--container-definitions', `[${'['.repeat(50_000)}${']'.repeat(50_000)}]`], { env: {} })).toThrow(UsageError);
  });

  it('sums up a flood of unknown members in one warning line', () => {
    const input = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`unknown${i}`, i]));
    const call = parseArgs(['list-clusters', '--cli-input-json', JSON.stringify(input)], { env: {} });
    expect(call.kind === 'call' && call.warnings.length).toBe(MAX_WARNINGS + 1);
    expect(call.kind === 'call' && call.warnings.at(-1)).toBe('warning: ignoring more members not supported by Berth');
  });

  it('quotes at most a little of a bad value', () => {
    const error = (() => {
      try {
        parseArgs(['run-task', '--task-definition', 'x', '--count', 'y'.repeat(100_000)], { env: {} });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error!.message.length).toBeLessThan(1000);
  });
});
