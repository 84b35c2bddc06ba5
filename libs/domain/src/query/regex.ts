import { RE2JS } from 're2js';

/** Longest pattern `=~` / `!~` accept: expressions are untrusted input. */
export const MAX_REGEX_LENGTH = 1024;

/** Why a pattern was refused, in the engine's words. */
export class RegexSyntaxError extends Error {}

/**
 * Compiles a query-language regular expression with RE2 semantics (the RE2JS port): matching takes
 * time linear in the input whatever the pattern, so a hostile `^(a+)+$` cannot stall the control
 * plane as a backtracking engine would. Like `RegExp.test`, it matches anywhere in the value unless
 * anchored. RE2 has no backreferences or lookaround; such patterns are refused.
 */
export function compileRegex(source: string): (value: string) => boolean {
  if (source.length > MAX_REGEX_LENGTH) throw new RegexSyntaxError(`longer than ${MAX_REGEX_LENGTH} characters`);
  let pattern: RE2JS;
  try {
    pattern = RE2JS.compile(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RegexSyntaxError(message.replace(/^error parsing regexp: /, ''));
  }
  return (value) => pattern.matcher(value).find();
}
