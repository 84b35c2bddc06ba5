import { querySyntaxError, quoteSource } from './errors.js';

/**
 * Tokens of the cluster query language, scanned on demand from a position so the parser can switch
 * to regex mode after `=~` / `!~` (a bare regex such as `t2.*` or `^m5\.(large|xlarge)$` is not a
 * word).
 */
export type TokenKind =
  | 'word' // subject, keyword or bare argument: [A-Za-z0-9_.:/@+-]+
  | 'string' // '…' or "…", value unescaped
  | 'regex' // bare regex (regex mode only)
  | 'operator' // == != > >= < <= =~ !~ !exists
  | 'bang' // ! (not)
  | 'and' // &&
  | 'or' // ||
  | '('
  | ')'
  | '['
  | ']'
  | ','
  | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** UTF-16 offsets into the source, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** The source text of the token. */
  readonly text: string;
  /** The decoded value: unescaped for strings, else the text. */
  readonly value: string;
}

const wordChar = /[A-Za-z0-9_.:/@+-]/;
const space = /\s/;

export function isWordChar(ch: string): boolean {
  return wordChar.test(ch);
}

/** `&&`, `||`, `and`, `or` (any case) can't be bare arguments; they have to be quoted. */
export function isJoinKeyword(word: string): boolean {
  const lower = word.toLowerCase();
  return lower === 'and' || lower === 'or';
}

function skipSpace(src: string, pos: number): number {
  while (pos < src.length && space.test(src[pos] ?? '')) pos++;
  return pos;
}

function token(src: string, kind: TokenKind, start: number, end: number, value?: string): Token {
  const text = src.slice(start, end);
  return { kind, start, end, text, value: value ?? text };
}

/** The next token at or after `pos` (whitespace skipped) in normal mode. */
export function scanToken(src: string, pos: number): Token {
  const start = skipSpace(src, pos);
  const ch = src[start];
  if (ch === undefined) return token(src, 'end', start, start);
  const next = src[start + 1];
  switch (ch) {
    case '(':
    case ')':
    case '[':
    case ']':
    case ',':
      return token(src, ch, start, start + 1);
    case "'":
    case '"':
      return scanString(src, start);
    case '=':
      if (next === '=' || next === '~') return token(src, 'operator', start, start + 2);
      throw querySyntaxError(src, start, "unexpected '='; compare with '==' or match with '=~'");
    case '!':
      if (next === '=' || next === '~') return token(src, 'operator', start, start + 2);
      if (src.slice(start + 1, start + 7).toLowerCase() === 'exists' && !isWordChar(src[start + 7] ?? ' ')) {
        return token(src, 'operator', start, start + 7);
      }
      return token(src, 'bang', start, start + 1);
    case '>':
    case '<':
      return token(src, 'operator', start, next === '=' ? start + 2 : start + 1);
    case '&':
      if (next === '&') return token(src, 'and', start, start + 2);
      throw querySyntaxError(src, start, "unexpected '&'; join conditions with '&&' or 'and'");
    case '|':
      if (next === '|') return token(src, 'or', start, start + 2);
      throw querySyntaxError(src, start, "unexpected '|'; join conditions with '||' or 'or'");
  }
  if (isWordChar(ch)) {
    let end = start + 1;
    while (end < src.length && isWordChar(src[end] ?? '')) end++;
    return token(src, 'word', start, end);
  }
  throw querySyntaxError(src, start, `unexpected character ${describeChar(src.codePointAt(start) ?? 0)}`);
}

/**
 * The next token in regex mode: a quoted string, or a bare regex running to whitespace, to a `)`
 * that closes a group opened before it, or to `&&` / `||`. Anything else (say a `)` right away)
 * comes back as a normal token for the parser to report.
 */
export function scanRegex(src: string, pos: number): Token {
  const start = skipSpace(src, pos);
  const ch = src[start];
  if (ch === "'" || ch === '"') return scanString(src, start);
  const end = bareRegexEnd(src, start);
  return end > start ? token(src, 'regex', start, end) : scanToken(src, start);
}

/** Where a bare regex starting at `start` ends. Backslash escapes and `[…]` classes are skipped. */
export function bareRegexEnd(src: string, start: number): number {
  let depth = 0;
  let inClass = false;
  let i = start;
  while (i < src.length) {
    const ch = src[i] ?? '';
    if (space.test(ch)) break;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      if (depth === 0) break;
      depth--;
    } else if ((ch === '&' || ch === '|') && src[i + 1] === ch) {
      break;
    }
    i++;
  }
  return Math.min(i, src.length);
}

const escapes: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

/**
 * A quoted string. `\\ \' \" \n \t \r` are escapes; any other backslash is kept with the character
 * after it, so regexes such as `'t2\.small'` need no doubling.
 */
function scanString(src: string, start: number): Token {
  const quote = src[start];
  let value = '';
  let i = start + 1;
  while (i < src.length) {
    const ch = src[i] ?? '';
    if (ch === quote) return token(src, 'string', start, i + 1, value);
    if (ch === '\\' && i + 1 < src.length) {
      const esc = src[i + 1] ?? '';
      value += escapes[esc] ?? `\\${esc}`;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  throw querySyntaxError(src, start, `unterminated string; no closing ${quote} for the one here`);
}

/** `'%'`, or `U+0007` for characters that don't print. */
export function describeChar(codePoint: number): string {
  const ch = String.fromCodePoint(codePoint);
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch)
    ? quoteSource(ch)
    : `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}
