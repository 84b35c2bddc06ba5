/**
 * Flag values: from command-line tokens (aws shorthand or JSON) and checks of the values given in
 * --cli-input-json. Pure; every mistake is a UsageError naming the parameter.
 */
import type { FlagSpec } from './commands.js';
import { UsageError } from './usage-error.js';

type Struct = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Struct => typeof v === 'object' && v !== null && !Array.isArray(v);

/** No request of the API nests deeper than a dozen levels; deeper input is refused before anything recurses into it. */
export const MAX_JSON_DEPTH = 32;

/** Whether `value` nests arrays and objects more than `max` deep (checked without recursion). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** JSON.parse for a parameter: a UsageError naming it for bad or too deeply nested JSON, quoting at most 200 characters. */
export function parseJsonParameter(name: string, text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const received = text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text;
    throw new UsageError(`Error parsing parameter '${name}': Invalid JSON: ${(err as Error).message}\nJSON received: ${received}`);
  }
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) throw new UsageError(`Error parsing parameter '${name}': JSON nested more than ${MAX_JSON_DEPTH} levels deep`);
  return value;
}

function parseJson(spec: FlagSpec, text: string): unknown {
  return parseJsonParameter(spec.flag, text);
}

export function parseInteger(spec: FlagSpec, text: string): number {
  const value = Number(text.trim());
  if (!/^\s*-?\d+\s*$/.test(text) || !Number.isSafeInteger(value)) {
    throw new UsageError(`argument ${spec.flag}: invalid integer value: '${text}'`);
  }
  return value;
}

export function parseNumber(spec: FlagSpec, text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`argument ${spec.flag}: invalid number value: '${text}'`);
  return value;
}

/** Splits on commas that are not inside single or double quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

const unquote = (v: string): string => (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0] ? v.slice(1, -1) : v);

/** `name=x,value="a,b",targetId=arn` → { name: 'x', value: 'a,b', targetId: 'arn' }. */
export function parseShorthand(spec: FlagSpec, text: string): Struct {
  const struct: Struct = {};
  for (const part of splitTopLevel(text)) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      throw new UsageError(`Error parsing parameter '${spec.flag}': expected key=value, received '${part}' in: ${text}`);
    }
    struct[part.slice(0, eq).trim()] = unquote(part.slice(eq + 1).trim());
  }
  return struct;
}

/**
 * aws shorthand with nesting: `a=1,b={c=x,d=[p,q]},e=[{f=g}]`. Every scalar stays a string (the
 * request field's type converts it later); quotes keep commas and brackets in a value.
 */
export function parseNestedShorthand(spec: FlagSpec, text: string): Struct {
  let pos = 0;
  const fail = (expected: string): never => {
    const found = pos < text.length ? `'${text[pos]}'` : 'the end';
    throw new UsageError(`Error parsing parameter '${spec.flag}': expected ${expected} at position ${pos}, found ${found}, in: ${text}`);
  };
  const skipSpaces = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const peek = (): string | undefined => {
    skipSpaces();
    return text[pos];
  };
  const expect = (ch: string) => {
    if (peek() !== ch) fail(`'${ch}'`);
    pos++;
  };

  const quoted = (): string => {
    const quote = text[pos++]!;
    let out = '';
    while (pos < text.length && text[pos] !== quote) {
      if (text[pos] === '\\' && quote === '"' && pos + 1 < text.length) pos++;
      out += text[pos++];
    }
    if (pos >= text.length) fail(`a closing ${quote}`);
    pos++;
    return out;
  };
  /** A bare word ends at a comma, or at the bracket closing the structure or list it is in. */
  const bare = (closers: string): string => {
    const start = pos;
    while (pos < text.length && text[pos] !== ',' && !closers.includes(text[pos]!)) pos++;
    return text.slice(start, pos).trim();
  };
  const value = (closers: string): unknown => {
    const ch = peek();
    if (ch === '{') {
      pos++;
      const struct = members('}');
      expect('}');
      return struct;
    }
    if (ch === '[') {
      pos++;
      const items: unknown[] = [];
      if (peek() !== ']') {
        for (;;) {
          items.push(value(']'));
          if (peek() !== ',') break;
          pos++;
        }
      }
      expect(']');
      return items;
    }
    if (ch === '"' || ch === "'") {
      const word = quoted();
      skipSpaces();
      return word;
    }
    return bare(closers);
  };
  const members = (closer: string): Struct => {
    const struct: Struct = {};
    if (closer !== '' && peek() === closer) return struct;
    for (;;) {
      skipSpaces();
      const start = pos;
      while (pos < text.length && !'=,{}[]'.includes(text[pos]!)) pos++;
      const key = text.slice(start, pos).trim();
      if (key === '') fail('a member name');
      expect('=');
      struct[key] = value(closer);
      if (peek() !== ',') return struct;
      pos++;
    }
  };

  const struct = members('');
  if (peek() !== undefined) fail("',' or the end");
  return struct;
}

/**
 * One argument of a struct flag, or of a structs flag without members: a JSON object (or, for
 * structs, array) when it starts with `{` or `[`, else nested shorthand. Not yet checked against
 * the request field: `shorthand` says which it was, as the check differs.
 */
export function parseStructureArgument(spec: FlagSpec, text: string): { value: unknown; shorthand: boolean } {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || (spec.kind === 'structs' && trimmed.startsWith('['))) {
    return { value: parseJson(spec, trimmed), shorthand: false };
  }
  return { value: parseNestedShorthand(spec, text), shorthand: true };
}

function checkStruct(spec: FlagSpec, value: unknown, where: string): Struct {
  if (!isPlainObject(value)) {
    throw new UsageError(`Invalid type for parameter ${where}, value: ${JSON.stringify(value)}, valid types: object`);
  }
  const members = spec.members ?? [];
  for (const [key, member] of Object.entries(value)) {
    if (!members.includes(key)) {
      throw new UsageError(`Unknown parameter in ${where}: "${key}", must be one of: ${members.join(', ')}`);
    }
    if (typeof member !== 'string') {
      throw new UsageError(`Invalid type for parameter ${where}.${key}, value: ${JSON.stringify(member)}, valid types: string`);
    }
  }
  return value;
}

/** One argument of a structs flag: shorthand, a JSON object or a JSON array of objects. */
function parseStructArgument(spec: FlagSpec, text: string, index: number): Struct[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const parsed = parseJson(spec, trimmed);
    if (!Array.isArray(parsed)) throw new UsageError(`Error parsing parameter '${spec.flag}': expected a JSON array`);
    return parsed.map((item, i) => checkStruct(spec, item, `${spec.flag}[${index + i}]`));
  }
  const struct = trimmed.startsWith('{') ? parseJson(spec, trimmed) : parseShorthand(spec, text);
  return [checkStruct(spec, struct, `${spec.flag}[${index}]`)];
}

/** The request value of a flag given `tokens` (one for string, integer and json flags). */
export function valueFromTokens(spec: FlagSpec, tokens: readonly string[]): unknown {
  const first = tokens[0] ?? '';
  switch (spec.kind) {
    case 'string':
      return first;
    case 'integer':
      return parseInteger(spec, first);
    case 'number':
      return parseNumber(spec, first);
    case 'boolean':
      if (/^(true|false)$/i.test(first)) return first.toLowerCase() === 'true';
      throw new UsageError(`argument ${spec.flag}: expected true or false, received '${first}'`);
    case 'json':
      return parseJson(spec, first);
    case 'list':
      if (tokens.length === 1 && first.trim().startsWith('[')) return checkInputValue(spec, parseJson(spec, first), spec.flag);
      return [...tokens];
    case 'structs': {
      if (!spec.members) return tokens.flatMap((token) => parseStructureArgument(spec, token).value);
      const out: Struct[] = [];
      for (const token of tokens) out.push(...parseStructArgument(spec, token, out.length));
      return out;
    }
    case 'struct':
      return parseStructureArgument(spec, first).value;
  }
}

const typeNames: Record<FlagSpec['kind'], string> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  list: 'list of strings',
  structs: 'list of objects',
  struct: 'object',
  json: 'any JSON value',
};

/** Checks a value given as JSON (in --cli-input-json) against the flag's kind; returns it. */
export function checkInputValue(spec: FlagSpec, value: unknown, where: string): unknown {
  const invalid = () =>
    new UsageError(`Invalid type for parameter ${where}, value: ${JSON.stringify(value)}, valid types: ${typeNames[spec.kind]}`);
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string') throw invalid();
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid();
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid();
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid();
      return value;
    case 'list':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw invalid();
      return value;
    case 'structs':
      if (!Array.isArray(value)) throw invalid();
      return spec.members ? value.map((item, i) => checkStruct(spec, item, `${where}[${i}]`)) : value;
    case 'struct':
      if (!isPlainObject(value)) throw invalid();
      return value;
    case 'json':
      return value;
  }
}
