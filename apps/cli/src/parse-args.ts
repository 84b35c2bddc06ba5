/**
 * The command line → what to do: print help, or call an operation with a request. Pure: the
 * environment and file reading come in through `ParseContext`; mistakes throw UsageError.
 */
import { commands as defaultCommands, type CommandSpec, type FlagSpec } from './commands.js';
import { commandHelp, DEFAULT_ENDPOINT, globalHelp } from './help.js';
import { UsageError } from './usage-error.js';
import { checkInputValue, valueFromTokens } from './values.js';

export const outputFormats = ['json', 'table'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export interface ParseContext {
  env?: Readonly<Record<string, string | undefined>>;
  /** Reads a file named by `file://path`; throws when it cannot. */
  readFile?: (path: string) => string;
  commands?: readonly CommandSpec[];
}

export type Invocation =
  | { kind: 'help'; text: string }
  | {
      kind: 'call';
      command: CommandSpec;
      request: Record<string, unknown>;
      endpoint: string;
      output: OutputFormat;
    };

const INPUT_JSON = '--cli-input-json';
const GLOBAL_VALUE_FLAGS = new Set(['--endpoint', '--output']);
const HELP_FLAGS = new Set(['--help', '-h']);

/** `--name=value` → ['--name', 'value']; anything else → [token, undefined]. */
function splitFlag(token: string): [string, string | undefined] {
  const eq = token.indexOf('=');
  return token.startsWith('--') && eq > 2 ? [token.slice(0, eq), token.slice(eq + 1)] : [token, undefined];
}

const isFlag = (token: string): boolean => token.startsWith('--');

interface Split {
  subcommand?: string;
  rest: string[];
  endpoint?: string;
  output?: string;
  help: boolean;
}

/** Takes the global flags out wherever they are; the first other word is the subcommand. */
function splitGlobals(argv: readonly string[]): Split {
  const split: Split = { rest: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const [name, inline] = splitFlag(token);
    if (GLOBAL_VALUE_FLAGS.has(name)) {
      const next = argv[i + 1];
      const value = inline ?? (next !== undefined && !isFlag(next) ? next : undefined);
      if (value === undefined) throw new UsageError(`argument ${name}: expected one argument`, split.subcommand);
      if (inline === undefined) i++;
      if (name === '--endpoint') split.endpoint = value;
      else split.output = value;
    } else if (HELP_FLAGS.has(token)) {
      split.help = true;
    } else if (split.subcommand === undefined) {
      if (token.startsWith('-')) {
        throw new UsageError(`Unknown options: ${token}. Global options are --endpoint, --output and --help; subcommand flags go after the subcommand.`);
      }
      split.subcommand = token;
    } else {
      split.rest.push(token);
    }
  }
  return split;
}

function loadParam(flag: string, token: string, ctx: ParseContext): string {
  if (!token.startsWith('file://')) return token;
  const path = token.slice('file://'.length);
  try {
    if (!ctx.readFile) throw new Error('files cannot be read here');
    return ctx.readFile(path);
  } catch (err) {
    throw new UsageError(`Error parsing parameter '${flag}': Unable to load paramfile ${token}: ${(err as Error).message}`);
  }
}

function flagTable(command: CommandSpec): Map<string, { spec: FlagSpec; negated: boolean }> {
  const table = new Map<string, { spec: FlagSpec; negated: boolean }>();
  for (const spec of command.flags) {
    for (const name of [spec.flag, ...(spec.aliases ?? [])]) {
      table.set(name, { spec, negated: false });
      if (spec.kind === 'boolean') table.set(`--no-${name.slice(2)}`, { spec, negated: true });
    }
  }
  return table;
}

export const validFlags = (command: CommandSpec): string[] => [...command.flags.map((f) => f.flag), INPUT_JSON];

interface FlagValues {
  fromFlags: Record<string, unknown>;
  inputJson?: string;
}

/** Reads the subcommand's own flags. Lists and structure lists take every following non-flag word. */
function readFlags(command: CommandSpec, tokens: readonly string[], ctx: ParseContext): FlagValues {
  const table = flagTable(command);
  const out: FlagValues = { fromFlags: {} };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!isFlag(token)) throw new UsageError(`Unknown options: ${token}`, command.name);
    const [name, inline] = splitFlag(token);
    const takeOne = (): string => {
      const next = tokens[i + 1];
      if (inline !== undefined) return loadParam(name, inline, ctx);
      if (next === undefined || isFlag(next)) throw new UsageError(`argument ${name}: expected one argument`, command.name);
      i++;
      return loadParam(name, next, ctx);
    };
    if (name === INPUT_JSON) {
      out.inputJson = takeOne();
      continue;
    }
    const entry = table.get(name);
    if (!entry) {
      throw new UsageError(
        `Unknown options: ${name}. Valid options for ${command.name} are: ${validFlags(command).join(', ')}`,
        command.name,
      );
    }
    const { negated } = entry;
    const spec = { ...entry.spec, flag: name.replace(/^--no-/, '--') }; // messages name the spelling used
    if (spec.kind === 'boolean') {
      const value = inline === undefined ? true : valueFromTokens(spec, [inline]);
      out.fromFlags[spec.field] = negated ? !value : value;
    } else if (spec.kind === 'list' || spec.kind === 'structs') {
      const words: string[] = inline === undefined ? [] : [inline];
      while (i + 1 < tokens.length && !isFlag(tokens[i + 1]!)) words.push(tokens[++i]!);
      if (words.length === 0) throw new UsageError(`argument ${name}: expected at least one argument`, command.name);
      const value = valueFromTokens(spec, words.map((w) => loadParam(name, w, ctx))) as unknown[];
      const previous = out.fromFlags[spec.field];
      out.fromFlags[spec.field] = Array.isArray(previous) ? [...previous, ...value] : value;
    } else {
      out.fromFlags[spec.field] = valueFromTokens(spec, [takeOne()]);
    }
  }
  return out;
}

/** The request given by --cli-input-json: an object whose keys are the request's fields. */
function inputRequest(command: CommandSpec, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`Error parsing parameter '${INPUT_JSON}': Invalid JSON: ${(err as Error).message}`, command.name);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`Error parsing parameter '${INPUT_JSON}': expected a JSON object`, command.name);
  }
  const byField = new Map(command.flags.map((f) => [f.field, f]));
  const request: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const spec = byField.get(key);
    if (!spec) {
      throw new UsageError(
        `Parameter validation failed: Unknown parameter in input: "${key}", must be one of: ${[...byField.keys()].join(', ')}`,
        command.name,
      );
    }
    if (value === null) continue;
    try {
      request[key] = checkInputValue(spec, value, key);
    } catch (err) {
      throw new UsageError(`Parameter validation failed: ${(err as Error).message}`, command.name);
    }
  }
  return request;
}

function findCommandOrThrow(commands: readonly CommandSpec[], name: string): CommandSpec {
  const command = commands.find((c) => c.name === name);
  if (!command) {
    throw new UsageError(`argument subcommand: Invalid choice: '${name}', valid choices are: ${commands.map((c) => c.name).join(' | ')}`);
  }
  return command;
}

export function parseArgs(argv: readonly string[], ctx: ParseContext = {}): Invocation {
  const commands = ctx.commands ?? defaultCommands;
  const split = splitGlobals(argv);

  if (split.output !== undefined && !(outputFormats as readonly string[]).includes(split.output)) {
    throw new UsageError(`argument --output: Invalid choice: '${split.output}', valid choices are: ${outputFormats.join(' | ')}`);
  }
  if (split.subcommand === 'help') {
    const topic = split.rest[0];
    return { kind: 'help', text: topic === undefined ? globalHelp(commands) : commandHelp(findCommandOrThrow(commands, topic)) };
  }
  if (split.subcommand === undefined) {
    if (split.help) return { kind: 'help', text: globalHelp(commands) };
    throw new UsageError('the following arguments are required: subcommand');
  }
  const command = findCommandOrThrow(commands, split.subcommand);
  if (split.help) return { kind: 'help', text: commandHelp(command) };

  const endpoint = split.endpoint ?? (ctx.env?.['BERTH_ENDPOINT'] || DEFAULT_ENDPOINT);
  if (endpoint.trim() === '') throw new UsageError('argument --endpoint: expected HOST:PORT', command.name);

  const { fromFlags, inputJson } = readFlags(command, split.rest, ctx);
  const request = { ...(inputJson === undefined ? {} : inputRequest(command, inputJson)), ...fromFlags };
  const missing = command.flags.filter((f) => f.required && request[f.field] === undefined).map((f) => f.flag);
  if (missing.length > 0) throw new UsageError(`the following arguments are required: ${missing.join(', ')}`, command.name);

  return { kind: 'call', command, request, endpoint, output: (split.output ?? 'json') as OutputFormat };
}
