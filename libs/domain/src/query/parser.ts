import {
  type QueryComparisonOperator,
  type QueryCondition,
  type QueryExpression,
  type QueryOperator,
  type QuerySubject,
  type QueryValueType,
  operatorApplies,
  queryBuiltInSubjects,
  subjectText,
  subjectValueType,
} from './ast.js';
import { queryError, querySyntaxError, quoteSource } from './errors.js';
import { type Token, describeChar, isJoinKeyword, scanRegex, scanToken } from './lexer.js';
import { attributeNameChar, isQueryNumber, maxAttributeNameLength, parseQueryBoolean, parseQueryDate } from './values.js';
import { compileRegex } from './regex.js';

/** ECS's limit on a memberOf expression. */
export const maxQueryLength = 2000;
/** How deep parentheses and `not`s may nest (keeps every recursive walk far from the stack limit). */
export const maxQueryDepth = 100;

/**
 * Parses a cluster query language expression (recursive descent):
 *
 *     or        := and (('or' | '||') and)*
 *     and       := unary (('and' | '&&') unary)*
 *     unary     := ('not' | '!') unary | primary
 *     primary   := '(' or ')' | condition
 *     condition := subject ('exists' | '!exists' | compareOp value | ('in' | 'not_in') list
 *                  | ('=~' | '!~') regex)
 *
 * Keywords are case-insensitive; subjects are not. Every mistake is an InvalidParameterException
 * naming the 1-based position, with the expression echoed and a caret under the spot.
 */
export function parseQuery(text: string): QueryExpression {
  if (text.trim() === '') throw queryError('the expression is empty');
  if (text.length > maxQueryLength) {
    throw queryError(`the expression is ${text.length} characters long; the limit is ${maxQueryLength}`);
  }
  const parser = new Parser(text);
  const expr = parser.parseOr(undefined);
  const tok = parser.peek();
  if (tok.kind === ')') throw parser.error(tok, `unexpected ')' with no '(' to close`);
  if (tok.kind !== 'end') throw parser.error(tok, `expected 'and', 'or' or the end of the expression, found ${found(tok)}`);
  return expr;
}

const comparisonOperators: ReadonlySet<string> = new Set(['==', '!=', '>', '>=', '<', '<=']);

function found(tok: Token): string {
  return tok.kind === 'end' ? 'the end of the expression' : quoteSource(tok.text);
}

function keyword(tok: Token): string | undefined {
  return tok.kind === 'word' ? tok.value.toLowerCase() : undefined;
}

const isAnd = (tok: Token): boolean => tok.kind === 'and' || keyword(tok) === 'and';
const isOr = (tok: Token): boolean => tok.kind === 'or' || keyword(tok) === 'or';
const isNot = (tok: Token): boolean => tok.kind === 'bang' || keyword(tok) === 'not';

class Parser {
  private pos = 0;
  private depth = 0;
  private peeked: Token | undefined;

  constructor(private readonly src: string) {}

  peek(): Token {
    this.peeked ??= scanToken(this.src, this.pos);
    return this.peeked;
  }

  private next(): Token {
    const tok = this.peek();
    this.pos = tok.end;
    this.peeked = undefined;
    return tok;
  }

  private nextRegex(): Token {
    const tok = scanRegex(this.src, this.pos);
    this.pos = tok.end;
    this.peeked = undefined;
    return tok;
  }

  error(tok: Token, detail: string, offset = tok.start) {
    return querySyntaxError(this.src, offset, detail);
  }

  private enter(tok: Token): void {
    if (++this.depth > maxQueryDepth) {
      throw this.error(tok, `the expression nests more than ${maxQueryDepth} levels deep`);
    }
  }

  /** `after` names the token before, for messages ("after 'and'"). */
  parseOr(after: string | undefined): QueryExpression {
    let left = this.parseAnd(after);
    while (isOr(this.peek())) {
      const op = this.next();
      left = { kind: 'or', left, right: this.parseAnd(op.text) };
    }
    return left;
  }

  private parseAnd(after: string | undefined): QueryExpression {
    let left = this.parseUnary(after);
    while (isAnd(this.peek())) {
      const op = this.next();
      left = { kind: 'and', left, right: this.parseUnary(op.text) };
    }
    return left;
  }

  private parseUnary(after: string | undefined): QueryExpression {
    const tok = this.peek();
    if (!isNot(tok)) return this.parsePrimary(after);
    this.next();
    this.enter(tok);
    const operand = this.parseUnary(tok.text);
    this.depth--;
    return { kind: 'not', operand };
  }

  private parsePrimary(after: string | undefined): QueryExpression {
    const tok = this.next();
    if (tok.kind === '(') {
      this.enter(tok);
      const inner = this.parseOr('(');
      const close = this.next();
      if (close.kind !== ')') {
        throw this.error(close, `expected ')' to close the '(' at position ${this.column(tok)}, found ${found(close)}`);
      }
      this.depth--;
      return inner;
    }
    if (tok.kind !== 'word' || isJoinKeyword(tok.value)) {
      const where = after === undefined ? '' : ` after '${after}'`;
      throw this.error(tok, `expected a condition or '('${where}, found ${found(tok)}`);
    }
    return this.parseCondition(tok);
  }

  private column(tok: Token): number {
    return Array.from(this.src.slice(0, tok.start)).length + 1;
  }

  private parseCondition(subjectTok: Token): QueryCondition {
    const subject = this.parseSubject(subjectTok);
    const type = subjectValueType(subject);
    const opTok = this.next();
    const operator = operatorOf(opTok);
    if (operator === undefined) {
      throw this.error(opTok, `expected an operator after ${quoteSource(subjectTok.text)}, found ${found(opTok)}`);
    }
    if (!operatorApplies(operator, type)) {
      throw this.error(opTok, `operator '${operator}' does not apply to ${subjectText(subject)} (${typeNote[type]})`);
    }
    switch (operator) {
      case 'exists':
      case '!exists':
        return { kind: 'exists', subject, operator };
      case 'in':
      case 'not_in':
        return { kind: 'list', subject, operator, values: this.parseList(subject, opTok) };
      case '=~':
      case '!~':
        return { kind: 'match', subject, operator, pattern: this.parseRegex(opTok) };
      default:
        return { kind: 'compare', subject, operator, value: this.parseValue(subject, `after '${operator}'`) };
    }
  }

  private parseSubject(tok: Token): QuerySubject {
    const text = tok.value;
    if (text.startsWith('attribute:')) {
      const name = text.slice('attribute:'.length);
      const nameStart = tok.start + 'attribute:'.length;
      const bad = Array.from(name).findIndex((c) => !attributeNameChar.test(c));
      const after = this.src.codePointAt(tok.end);
      const strayAfter = after !== undefined && !/[\s()[\],'"=!<>&|]/u.test(String.fromCodePoint(after));
      if (bad >= 0 || (name === '' && strayAfter)) {
        const at = bad >= 0 ? nameStart + bad : tok.end;
        const ch = describeChar(this.src.codePointAt(at) ?? 0);
        const allowed = "use letters, digits, '-', '_', '.', '/' and ':'";
        throw this.error(tok, `invalid character ${ch} in an attribute name; ${allowed}`, at);
      }
      if (name === '') {
        throw this.error(tok, `expected an attribute name after 'attribute:', found ${found(this.peek())}`, tok.end);
      }
      if (name.length > maxAttributeNameLength) {
        const at = nameStart + maxAttributeNameLength;
        throw this.error(tok, `attribute name is longer than ${maxAttributeNameLength} characters`, at);
      }
      return { kind: 'attribute', name };
    }
    const builtIn = queryBuiltInSubjects.find((s) => s === text);
    if (builtIn !== undefined) return { kind: builtIn };
    const lower = text.toLowerCase();
    const near = lower.startsWith('attribute:')
      ? `attribute:${text.slice('attribute:'.length)}`
      : queryBuiltInSubjects.find((s) => s.toLowerCase() === lower);
    const hint =
      near !== undefined
        ? `; did you mean '${near}'`
        : `; subjects are attribute:<name>, ${queryBuiltInSubjects.join(', ')}`;
    throw this.error(tok, `unknown subject ${quoteSource(text)}${hint}`);
  }

  /** A value after a comparison or in a list, checked against the subject's type. */
  private parseValue(subject: QuerySubject, where: string): string {
    const tok = this.next();
    if (!(tok.kind === 'string' || (tok.kind === 'word' && !isJoinKeyword(tok.value)))) {
      throw this.error(tok, `expected a value ${where}, found ${found(tok)}`);
    }
    const type = subjectValueType(subject);
    const ok =
      type === 'number'
        ? isQueryNumber(tok.value)
        : type === 'date'
          ? parseQueryDate(tok.value) !== undefined
          : type === 'boolean'
            ? parseQueryBoolean(tok.value) !== undefined
            : true;
    if (!ok) throw this.error(tok, `expected ${typeNote[type]} for ${subjectText(subject)}, found ${quoteSource(tok.text)}`);
    return tok.value;
  }

  private parseList(subject: QuerySubject, opTok: Token): string[] {
    const open = this.next();
    if (open.kind !== '[') throw this.error(open, `expected '[' after '${opTok.text}', found ${found(open)}`);
    const values = [this.parseValue(subject, "in the list")];
    for (;;) {
      const tok = this.next();
      if (tok.kind === ']') return values;
      if (tok.kind !== ',') throw this.error(tok, `expected ',' or ']' in the list, found ${found(tok)}`);
      values.push(this.parseValue(subject, "after ','"));
    }
  }

  private parseRegex(opTok: Token): string {
    const tok = this.nextRegex();
    if (!(tok.kind === 'string' || (tok.kind === 'regex' && !isJoinKeyword(tok.value)))) {
      throw this.error(tok, `expected a regular expression after '${opTok.text}', found ${found(tok)}`);
    }
    try {
      compileRegex(tok.value);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw this.error(tok, `invalid regular expression ${quoteSource(tok.value)}: ${reason}`);
    }
    return tok.value;
  }
}

const typeNote: Readonly<Record<QueryValueType, string>> = {
  string: 'text',
  boolean: 'true or false',
  number: 'a number',
  date: 'an ISO 8601 date such as 2026-01-01 or 2026-01-01T00:00:00Z',
};

function operatorOf(tok: Token): QueryOperator | undefined {
  if (tok.kind === 'operator') {
    const op = tok.text.toLowerCase();
    if (op === '!exists' || op === '=~' || op === '!~') return op;
    return comparisonOperators.has(op) ? (op as QueryComparisonOperator) : undefined;
  }
  const word = keyword(tok);
  return word === 'exists' || word === 'in' || word === 'not_in' ? word : undefined;
}
