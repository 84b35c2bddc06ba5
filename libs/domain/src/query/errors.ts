import { type EcsError, invalidParameter } from '../errors.js';

/** Longest stretch of the expression echoed under an error; longer ones show a window around it. */
const echoWidth = 80;

/**
 * An InvalidParameterException pointing into the expression:
 *
 *     Invalid memberOf expression at position 16: expected an operator after 'attribute:disk', found 'foo'.
 *       attribute:disk foo bar
 *                      ^
 *
 * `offset` is a UTF-16 index into `source`; the position shown is the 1-based column counted in
 * characters (code points), and the caret sits under it (past the end for "found the end").
 */
export function querySyntaxError(source: string, offset: number, detail: string): EcsError {
  // One display character per code point so the caret lines up: whitespace as a space, anything
  // that doesn't print (controls, lone surrogates) as U+FFFD.
  const chars = Array.from(source, (c) => (/\s/.test(c) ? ' ' : /\p{C}/u.test(c) ? '\uFFFD' : c));
  const column = Array.from(source.slice(0, offset)).length;
  let start = 0;
  let end = chars.length;
  if (chars.length > echoWidth) {
    start = Math.max(0, Math.min(column - echoWidth / 2, chars.length - echoWidth));
    end = Math.min(chars.length, start + echoWidth);
  }
  const lead = start > 0 ? '…' : '';
  const echo = lead + chars.slice(start, end).join('') + (end < chars.length ? '…' : '');
  const caret = ' '.repeat(lead.length + column - start) + '^';
  return invalidParameter(`Invalid memberOf expression at position ${column + 1}: ${detail}.\n  ${echo}\n  ${caret}`);
}

/** An error about the expression as a whole (empty, too long), with no position. */
export function queryError(detail: string): EcsError {
  return invalidParameter(`Invalid memberOf expression: ${detail}.`);
}

/** How a piece of source reads in a message: `'foo'`, shortened past 30 characters. */
export function quoteSource(text: string): string {
  const chars = Array.from(text);
  return chars.length > 30 ? `'${chars.slice(0, 29).join('')}…'` : `'${text}'`;
}
