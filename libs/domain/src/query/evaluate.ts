import {
  type QueryCondition,
  type QueryExpression,
  type QueryOperator,
  type QuerySubject,
  operatorApplies,
  subjectText,
  subjectValueType,
} from './ast.js';
import { queryError } from './errors.js';
import { compileRegex } from './regex.js';
import { parseQuery } from './parser.js';
import { isQueryNumber, parseQueryBoolean, parseQueryDate } from './values.js';

/** What an expression is evaluated against (the caller maps a container instance into this). */
export interface QueryTarget {
  readonly instanceId: string;
  readonly ec2InstanceId: string;
  readonly hostname: string;
  readonly agentConnected: boolean;
  readonly agentVersion: string;
  readonly registeredAt: Date;
  readonly runningTasksCount: number;
  /** Name-only attribute → `''`; absent → key missing. */
  readonly attributes: Readonly<Record<string, string | undefined>>;
  /**
   * Groups of tasks on the instance (task:group matches when ANY task's group matches, ECS
   * semantics; `!=` / `not_in` / `!~` when NONE matches).
   */
  readonly taskGroups: readonly string[];
}

export type QueryPredicate = (target: QueryTarget) => boolean;

/** Parse once, evaluate many: regexes, numbers, dates and lists are converted up front. */
export function compileQuery(text: string): QueryPredicate {
  return compileExpression(parseQuery(text));
}

const compiled = new WeakMap<QueryExpression, QueryPredicate>();

/** Evaluates a parsed expression (compiled on first use per expression object, then reused). */
export function evaluateQuery(expr: QueryExpression, target: QueryTarget): boolean {
  let predicate = compiled.get(expr);
  if (predicate === undefined) {
    predicate = compileExpression(expr);
    compiled.set(expr, predicate);
  }
  return predicate(target);
}

/**
 * Semantics:
 * - `!=`, `not_in`, `!~`, `!exists` are exactly the negation of `==`, `in`, `=~`, `exists`; so a
 *   missing attribute fails every positive test and passes every negative one, and task:group's
 *   negatives hold when NO task's group matches.
 * - `== !=` and lists compare text exactly; runningTasksCount numerically, registeredAt as instants,
 *   agentConnected as booleans.
 * - `> >= < <=` on text compare numerically when both sides are decimal numbers, else by UTF-16
 *   code units.
 * - `=~` is a partial match (`RegExp.test`, like Go's MatchString); anchor with ^…$ for a full one.
 * - `exists` holds for every subject except an attribute the instance lacks.
 *
 * Throws InvalidParameterException for a hand-built tree the parser would have refused.
 */
export function compileExpression(expr: QueryExpression): QueryPredicate {
  switch (expr.kind) {
    case 'and': {
      const left = compileExpression(expr.left);
      const right = compileExpression(expr.right);
      return (t) => left(t) && right(t);
    }
    case 'or': {
      const left = compileExpression(expr.left);
      const right = compileExpression(expr.right);
      return (t) => left(t) || right(t);
    }
    case 'not': {
      const operand = compileExpression(expr.operand);
      return (t) => !operand(t);
    }
    default: {
      const positive = compileCondition(expr);
      return isNegative(expr.operator) ? (t) => !positive(t) : positive;
    }
  }
}

function isNegative(op: QueryOperator): boolean {
  return op === '!=' || op === 'not_in' || op === '!~' || op === '!exists';
}

/** The positive form of a condition (`!=` compiled as `==`, and so on). */
function compileCondition(c: QueryCondition): QueryPredicate {
  const type = subjectValueType(c.subject);
  if (!operatorApplies(c.operator, type)) {
    throw queryError(`operator '${c.operator}' does not apply to ${subjectText(c.subject)}`);
  }
  if (c.kind === 'exists') {
    if (c.subject.kind !== 'attribute') return () => true;
    const name = c.subject.name;
    return (t) => typeof t.attributes[name] === 'string';
  }
  const values = c.kind === 'compare' ? [c.value] : c.kind === 'list' ? c.values : [c.pattern];
  const op = c.kind === 'compare' ? (c.operator === '!=' ? '==' : c.operator) : c.kind === 'list' ? 'in' : '=~';
  switch (type) {
    case 'boolean': {
      const wanted = values.map((v) => parseQueryBoolean(v) ?? badValue(c.subject, v));
      const onTrue = wanted.includes(true);
      const onFalse = wanted.includes(false);
      return (t) => (t.agentConnected ? onTrue : onFalse);
    }
    case 'number': {
      const test = numberTest(op, values.map((v) => (isQueryNumber(v) ? Number(v) : badValue(c.subject, v))));
      return (t) => test(t.runningTasksCount);
    }
    case 'date': {
      const test = numberTest(op, values.map((v) => parseQueryDate(v) ?? badValue(c.subject, v)));
      return (t) => test(t.registeredAt.getTime());
    }
    case 'string':
      return overSubject(c.subject, stringTest(op, values));
  }
}

function badValue(subject: QuerySubject, value: string): never {
  throw queryError(`'${value}' is not a valid value for ${subjectText(subject)}`);
}

type Test<T> = (value: T) => boolean;

function numberTest(op: string, values: readonly number[]): Test<number> {
  const n = values[0] ?? Number.NaN;
  switch (op) {
    case '==':
      return (x) => x === n;
    case '>':
      return (x) => x > n;
    case '>=':
      return (x) => x >= n;
    case '<':
      return (x) => x < n;
    case '<=':
      return (x) => x <= n;
    default: {
      if (values.length === 1) return (x) => x === n;
      const set = new Set(values);
      return (x) => set.has(x);
    }
  }
}

function stringTest(op: string, values: readonly string[]): Test<string> {
  const v = values[0] ?? '';
  switch (op) {
    case '==':
      return (s) => s === v;
    case '=~': {
      try {
        return compileRegex(v);
      } catch {
        throw queryError(`'${v.slice(0, 64)}' is not a valid regular expression`);
      }
    }
    case 'in': {
      if (values.length === 1) return (s) => s === v;
      const set = new Set(values);
      return (s) => set.has(s);
    }
    default: {
      // Ordering: numeric when both sides are numbers, else by code units.
      const numeric = isQueryNumber(v) ? numberTest(op, [Number(v)]) : undefined;
      const text = textOrder(op, v);
      return numeric === undefined ? text : (s) => (isQueryNumber(s) ? numeric(Number(s)) : text(s));
    }
  }
}

function textOrder(op: string, v: string): Test<string> {
  switch (op) {
    case '>':
      return (s) => s > v;
    case '>=':
      return (s) => s >= v;
    case '<':
      return (s) => s < v;
    default:
      return (s) => s <= v;
  }
}

/** Applies a text test to a subject: a missing attribute fails; task:group passes if any group does. */
function overSubject(subject: QuerySubject, test: Test<string>): QueryPredicate {
  switch (subject.kind) {
    case 'attribute': {
      const name = subject.name;
      // typeof rules out a missing key and anything inherited (attribute:constructor).
      return (t) => {
        const value = t.attributes[name];
        return typeof value === 'string' && test(value);
      };
    }
    case 'task:group':
      return (t) => {
        const groups = t.taskGroups;
        for (let i = 0; i < groups.length; i++) {
          const group = groups[i];
          if (group !== undefined && test(group)) return true;
        }
        return false;
      };
    case 'agentVersion':
      return (t) => test(t.agentVersion);
    case 'ec2InstanceId':
      return (t) => test(t.ec2InstanceId);
    case 'hostname':
      return (t) => test(t.hostname);
    case 'instanceId':
      return (t) => test(t.instanceId);
    default:
      throw queryError(`${subjectText(subject)} is not compared as text`);
  }
}
