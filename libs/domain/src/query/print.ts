import { type QueryCondition, type QueryExpression, subjectText } from './ast.js';
import { bareRegexEnd, isJoinKeyword, isWordChar } from './lexer.js';

/**
 * Prints an expression back to the language, so that `parseQuery(printQuery(e))` equals `e`:
 * minimal parentheses (`and`/`or` chain to the left, so a right operand of the same kind is
 * parenthesised), values bare where the lexer would read them back as one word, else quoted.
 */
export function printQuery(expr: QueryExpression): string {
  switch (expr.kind) {
    case 'or':
      return `${printQuery(expr.left)} or ${wrapIf(expr.right, expr.right.kind === 'or')}`;
    case 'and': {
      const right = wrapIf(expr.right, expr.right.kind === 'or' || expr.right.kind === 'and');
      return `${wrapIf(expr.left, expr.left.kind === 'or')} and ${right}`;
    }
    case 'not':
      return `not ${wrapIf(expr.operand, expr.operand.kind === 'or' || expr.operand.kind === 'and')}`;
    default:
      return printCondition(expr);
  }
}

function wrapIf(expr: QueryExpression, wrap: boolean): string {
  return wrap ? `(${printQuery(expr)})` : printQuery(expr);
}

function printCondition(c: QueryCondition): string {
  const subject = subjectText(c.subject);
  switch (c.kind) {
    case 'exists':
      return `${subject} ${c.operator}`;
    case 'compare':
      return `${subject} ${c.operator} ${printValue(c.value)}`;
    case 'list':
      return `${subject} ${c.operator} [${c.values.map(printValue).join(', ')}]`;
    case 'match':
      return `${subject} ${c.operator} ${printRegex(c.pattern)}`;
  }
}

function printValue(value: string): string {
  const bare = value !== '' && Array.from(value).every(isWordChar) && !isJoinKeyword(value);
  return bare ? value : quote(value);
}

function printRegex(pattern: string): string {
  const bare =
    pattern !== '' &&
    !pattern.startsWith("'") &&
    !pattern.startsWith('"') &&
    bareRegexEnd(pattern, 0) === pattern.length &&
    !isJoinKeyword(pattern);
  return bare ? pattern : quote(pattern);
}

/**
 * Single-quoted. Backslashes are always doubled: the lexer keeps an unknown escape such as `\.`
 * as both characters, but `\\` and `\'` are escapes, so doubling is the only spelling that reads
 * back the same in every case.
 */
function quote(value: string): string {
  return `'${value.replace(/[\\'\n\t\r]/g, (c) => quoteEscapes[c] ?? c)}'`;
}

const quoteEscapes: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\t': '\\t', '\r': '\\r' };
