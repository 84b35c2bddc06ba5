import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EcsError } from '../errors.js';
import {
  type QueryCondition,
  type QueryExpression,
  type QueryOperator,
  type QuerySubject,
  type QueryValueType,
  operatorApplies,
  queryBuiltInSubjects,
  subjectValueType,
} from './ast.js';
import { type QueryTarget, compileQuery, evaluateQuery } from './evaluate.js';
import { maxQueryLength, parseQuery } from './parser.js';
import { printQuery } from './print.js';
import { compileRegex } from './regex.js';

const operators: readonly QueryOperator[] = ['==', '!=', '>', '>=', '<', '<=', 'exists', '!exists', 'in', 'not_in', '=~', '!~'];

interface Pools {
  readonly attributeName: fc.Arbitrary<string>;
  readonly text: fc.Arbitrary<string>;
  readonly number: fc.Arbitrary<string>;
  readonly date: fc.Arbitrary<string>;
  readonly regex: fc.Arbitrary<string>;
}

const validRegex = (s: string): boolean => {
  try {
    compileRegex(s);
    return true;
  } catch {
    return false;
  }
};

/** Wide pools: every spelling the printer has to get right. */
const wide: Pools = {
  attributeName: fc.string({
    unit: fc.constantFrom(...'abcXYZ019_.:/-'.split('')),
    minLength: 1,
    maxLength: 12,
  }),
  text: fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.string({ unit: 'binary', maxLength: 6 }),
    fc.string({ unit: fc.constantFrom(...'aZ9_.:/@+-'.split('')), minLength: 1, maxLength: 8 }),
    fc.constantFrom('', 'and', 'OR', 'not', 'in', 'not_in', 'exists', '!exists', 'true', "it's", 'a\\b', 'x"y', '\n\t\r', ' '),
  ),
  number: fc.oneof(
    fc.integer().map(String),
    fc.tuple(fc.integer({ min: -999, max: 999 }), fc.nat(999)).map(([a, b]) => `${a}.${b}`),
    fc.constantFrom('.5', '-0', '+3', '007', '1.'),
  ),
  date: fc.oneof(
    fc
      .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
      .chain((d) =>
        fc.constantFrom(d.toISOString(), d.toISOString().slice(0, 10), d.toISOString().slice(0, 16), `${d.toISOString().slice(0, 19)}+05:30`),
      ),
  ),
  regex: fc.oneof(
    fc.constantFrom(
      't2.*',
      '^m5\\.(large|xlarge)$',
      '[)]',
      '\\)',
      '(a|b)',
      'a||b',
      'a&&b',
      'and',
      'with space',
      "'quoted'",
      '"q',
      '[a-z]{2,3}\\d+',
      '\\\\',
      "it's",
      '',
      '!x',
      'a,b]',
      '(?:x)',
      '[]]',
      '\\d\\n',
    ),
    fc.string({ maxLength: 8 }).filter(validRegex),
  ),
};

/** Narrow pools, shared with the targets below, so that conditions often hold. */
const narrow: Pools = {
  attributeName: fc.constantFrom('a', 'b', 'size'),
  text: fc.constantFrom('', 'x', 'y', '1', '10', '9.5', 'node-1', 'service:web'),
  number: fc.constantFrom('0', '1', '2', '3', '2.5'),
  date: fc.constantFrom('2026-01-01', '2026-03-01T12:00:00Z', '2026-06-01T00:00:00+02:00'),
  regex: fc.constantFrom('^x', 'y', '^1', '0$', '.*', '^$', 'service:', 'node'),
};

function subjectArb(pools: Pools): fc.Arbitrary<QuerySubject> {
  return fc.oneof(
    pools.attributeName.map((name): QuerySubject => ({ kind: 'attribute', name })),
    fc.constantFrom(...queryBuiltInSubjects).map((kind): QuerySubject => ({ kind })),
  );
}

function valueArb(pools: Pools, type: QueryValueType): fc.Arbitrary<string> {
  switch (type) {
    case 'boolean':
      return fc.constantFrom('true', 'false', 'TRUE', 'False');
    case 'number':
      return pools.number;
    case 'date':
      return pools.date;
    case 'string':
      return pools.text;
  }
}

function conditionArb(pools: Pools): fc.Arbitrary<QueryCondition> {
  return subjectArb(pools).chain((subject) => {
    const type = subjectValueType(subject);
    const value = valueArb(pools, type);
    return fc.constantFrom(...operators.filter((op) => operatorApplies(op, type))).chain((op): fc.Arbitrary<QueryCondition> => {
      switch (op) {
        case 'exists':
        case '!exists':
          return fc.constant({ kind: 'exists', subject, operator: op });
        case 'in':
        case 'not_in':
          return fc.array(value, { minLength: 1, maxLength: 3 }).map((values) => ({ kind: 'list', subject, operator: op, values }));
        case '=~':
        case '!~':
          return pools.regex.map((pattern) => ({ kind: 'match', subject, operator: op, pattern }));
        default:
          return value.map((v) => ({ kind: 'compare', subject, operator: op, value: v }));
      }
    });
  });
}

function expressionArb(pools: Pools): fc.Arbitrary<QueryExpression> {
  const { expr } = fc.letrec<{ expr: QueryExpression }>((tie) => ({
    expr: fc.oneof(
      { maxDepth: 6, depthSize: 'small' },
      conditionArb(pools),
      fc.record({ kind: fc.constant('and' as const), left: tie('expr'), right: tie('expr') }),
      fc.record({ kind: fc.constant('or' as const), left: tie('expr'), right: tie('expr') }),
      fc.record({ kind: fc.constant('not' as const), operand: tie('expr') }),
    ),
  }));
  return expr;
}

const targetArb: fc.Arbitrary<QueryTarget> = fc.record({
  instanceId: fc.constantFrom('x', 'node-1', '1'),
  ec2InstanceId: fc.constantFrom('', 'y', '10'),
  hostname: narrow.text,
  agentConnected: fc.boolean(),
  agentVersion: narrow.text,
  registeredAt: fc.constantFrom(
    new Date('2025-12-31T00:00:00Z'),
    new Date('2026-01-01T00:00:00Z'),
    new Date('2026-03-01T12:00:00Z'),
    new Date('2026-12-01T00:00:00Z'),
    new Date(Number.NaN),
  ),
  runningTasksCount: fc.integer({ min: 0, max: 4 }),
  attributes: fc.dictionary(fc.constantFrom('a', 'b', 'size', 'constructor'), narrow.text, { maxKeys: 4 }),
  taskGroups: fc.array(narrow.text, { maxLength: 3 }),
});

const negated: Readonly<Record<QueryOperator, QueryOperator>> = {
  '==': '!=',
  '!=': '==',
  exists: '!exists',
  '!exists': 'exists',
  in: 'not_in',
  not_in: 'in',
  '=~': '!~',
  '!~': '=~',
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
};

describe('query properties', () => {
  it('(1) printing any tree and parsing it back gives the same tree', () => {
    fc.assert(
      fc.property(expressionArb(wide), (expr) => {
        const text = printQuery(expr);
        fc.pre(text.length <= maxQueryLength);
        expect(parseQuery(text)).toEqual(expr);
      }),
      { numRuns: 500 },
    );
  });

  it('(2) `not X` evaluates to the opposite of X on any target', () => {
    fc.assert(
      fc.property(expressionArb(narrow), targetArb, (expr, t) => {
        expect(evaluateQuery({ kind: 'not', operand: expr }, t)).toBe(!evaluateQuery(expr, t));
      }),
      { numRuns: 500 },
    );
  });

  it('(2b) != not_in !~ !exists are the exact opposites of == in =~ exists', () => {
    fc.assert(
      fc.property(conditionArb(narrow), targetArb, (cond, t) => {
        const flipped = negated[cond.operator];
        fc.pre(flipped !== cond.operator);
        const other = { ...cond, operator: flipped } as QueryCondition;
        expect(evaluateQuery(other, t)).toBe(!evaluateQuery(cond, t));
      }),
      { numRuns: 500 },
    );
  });

  it('(2c) a compiled printed expression agrees with the tree it came from', () => {
    fc.assert(
      fc.property(expressionArb(narrow), fc.array(targetArb, { minLength: 1, maxLength: 5 }), (expr, targets) => {
        const compiled = compileQuery(printQuery(expr));
        for (const t of targets) expect(compiled(t)).toBe(evaluateQuery(expr, t));
      }),
      { numRuns: 300 },
    );
  });

  /** Parses or throws an InvalidParameterException whose caret sits under the position it names. */
  function parsesOrExplains(text: string): void {
    let result: QueryExpression | undefined;
    try {
      result = parseQuery(text);
    } catch (err) {
      expect(err).toBeInstanceOf(EcsError);
      expect((err as EcsError).errorName).toBe('InvalidParameterException');
      const [head = '', echo, caret] = (err as EcsError).message.split('\n');
      expect(head).toMatch(/^Invalid memberOf expression(?: at position \d+)?: .+\.$/s);
      const position = /at position (\d+)/.exec(head)?.[1];
      if (position !== undefined) {
        expect(echo).toMatch(/^ {2}/);
        if (Array.from(text).length <= 80) expect(caret).toBe(`${' '.repeat(Number(position) + 1)}^`);
      }
      return;
    }
    // Whatever parses also prints, re-parses to the same tree, compiles and evaluates.
    expect(parseQuery(printQuery(result))).toEqual(result);
    expect(typeof compileQuery(text)({ ...sampleTarget })).toBe('boolean');
  }

  const sampleTarget: QueryTarget = {
    instanceId: 'i',
    ec2InstanceId: 'e',
    hostname: 'h',
    agentConnected: true,
    agentVersion: '1',
    registeredAt: new Date('2026-01-01T00:00:00Z'),
    runningTasksCount: 1,
    attributes: { a: 'x' },
    taskGroups: ['g'],
  };

  it('(3) the parser throws nothing but EcsError on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), parsesOrExplains), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), parsesOrExplains), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), parsesOrExplains), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ minLength: maxQueryLength - 5, maxLength: maxQueryLength + 5 }), parsesOrExplains), {
      numRuns: 50,
    });
  });

  it('(3b) … nor on token soup that reaches deep into the grammar', () => {
    const piece = fc.constantFrom(
      'attribute:a', 'attribute:', 'hostname', 'task:group', 'runningTasksCount', 'registeredAt', 'agentConnected',
      '==', '!=', '>', '>=', '<', '<=', '=~', '!~', 'exists', '!exists', 'in', 'not_in', 'and', 'or', 'not', '&&', '||',
      '!', '(', ')', '[', ']', ',', 'x', '3', 'true', '2026-01-01', "'q", '"q"', "'a\\'", 't2.*', '(a|b)', '[', '\\', ' ', '=', '&', '~', '%', '😀',
    );
    const soup = fc.array(piece, { maxLength: 14 }).chain((parts) =>
      fc.array(fc.constantFrom('', ' ', '\t'), { minLength: parts.length, maxLength: parts.length }).map((gaps) =>
        parts.map((p, i) => p + (gaps[i] ?? '')).join(''),
      ),
    );
    fc.assert(fc.property(soup, parsesOrExplains), { numRuns: 3000 });
  });

  it('(3c) … nor on valid expressions with a random edit', () => {
    const edited = fc
      .tuple(expressionArb(wide), fc.nat(), fc.nat({ max: 6 }), fc.constantFrom('', ' ', '(', ')', '!', '=', "'", '"', '[', ',', 'and', '\\', '😀', '\uD800'))
      .map(([expr, at, drop, insert]) => {
        const text = printQuery(expr);
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + drop);
      });
    fc.assert(fc.property(edited, parsesOrExplains), { numRuns: 2000 });
  });
});
