/**
 * Flag values: from command-line tokens (aws shorthand or JSON) and checks of the values given in
 * --cli-input-json. Pure; every mistake is a UsageError naming the parameter.
 */
import type { FlagSpec } from './commands.js';
import { UsageError } from './usage-error.js';

type Struct = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Struct => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(spec: FlagSpec, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`Error parsing parameter '${spec.flag}': Invalid JSON: ${(err as Error).message}\nJSON received: ${text}`);
  }
}

export function parseInteger(spec: FlagSpec, text: string): number {
  const value = Number(text.trim());
  if (!/^\s*-?\d+\s*$/.test(text) || !Number.isSafeInteger(value)) {
    throw new UsageError(`argument ${spec.flag}: invalid integer value: '${text}'`);
  }
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
    case 'boolean':
      if (/^(true|false)$/i.test(first)) return first.toLowerCase() === 'true';
      throw new UsageError(`argument ${spec.flag}: expected true or false, received '${first}'`);
    case 'json':
      return parseJson(spec, first);
    case 'list':
      if (tokens.length === 1 && first.trim().startsWith('[')) return checkInputValue(spec, parseJson(spec, first), spec.flag);
      return [...tokens];
    case 'structs': {
      const out: Struct[] = [];
      for (const token of tokens) out.push(...parseStructArgument(spec, token, out.length));
      return out;
    }
  }
}

const typeNames: Record<FlagSpec['kind'], string> = {
  string: 'string',
  integer: 'integer',
  boolean: 'boolean',
  list: 'list of strings',
  structs: 'list of objects',
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
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid();
      return value;
    case 'list':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw invalid();
      return value;
    case 'structs':
      if (!Array.isArray(value)) throw invalid();
      return value.map((item, i) => checkStruct(spec, item, `${where}[${i}]`));
    case 'json':
      return value;
  }
}
