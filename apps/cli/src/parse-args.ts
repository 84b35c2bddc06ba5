/**
 * The command line → what to do: print help, or call an operation with a request. Pure: the
 * environment, file reading and the request schema come in through `ParseContext`; mistakes throw
 * UsageError. JSON members Berth does not have are dropped with warnings (schema.ts), not refused.
 */
import { commands as defaultCommands, SCALING_GROUP, SECRETS_MANAGER_GROUP, SSM_GROUP, ELBV2_GROUP, type CommandSpec, type FlagSpec } from './commands.js';
import { commandHelp, DEFAULT_ENDPOINT, globalHelp, groupHelp } from './help.js';
import { camelCaseKeys } from '@berth/ecs-api';
import { berthSchema, type Schema } from '@berth/proto';
import { conformElementValue, conformFieldValue, conformMessageValue, requestMessageName } from './conform.js';
import { UsageError } from './usage-error.js';
import { parseJsonParameter, parseStructureArgument, valueFromTokens } from './values.js';

export const outputFormats = ['json', 'table'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export interface ParseContext {
  env?: Readonly<Record<string, string | undefined>>;
  /** Reads a file named by `file://path`; throws when it cannot. */
  readFile?: (path: string) => string;
  commands?: readonly CommandSpec[];
  /** The request messages' shapes; the Berth proto's when not given. */
  schema?: Schema;
}

export type Invocation =
  | { kind: 'help'; text: string }
  | {
      kind: 'call';
      command: CommandSpec;
      request: Record<string, unknown>;
      /** The values of the command's `local` flags (not request fields), by field name. */
      options: Record<string, unknown>;
      /** For stderr before the call: `warning: ignoring ...` for each JSON member dropped. */
      warnings: string[];
      endpoint: string;
      /** --profile and --ca-bundle, resolved into a connection by connection.ts. */
      profile?: string;
      caBundle?: string;
      output: OutputFormat;
    };

const INPUT_JSON = '--cli-input-json';
const GLOBAL_VALUE_FLAGS = new Set(['--endpoint', '--output', '--profile', '--ca-bundle']);
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
  profile?: string;
  caBundle?: string;
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
      else if (name === '--profile') split.profile = value;
      else if (name === '--ca-bundle') split.caBundle = value;
      else split.output = value;
    } else if (HELP_FLAGS.has(token)) {
      split.help = true;
    } else if (split.subcommand === undefined) {
      if (token.startsWith('-')) {
        throw new UsageError(`Unknown options: ${token}. Global options are --endpoint, --profile, --ca-bundle, --output and --help; subcommand flags go after the subcommand.`);
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
  options: Record<string, unknown>;
  warnings: string[];
  inputJson?: string;
}

/** struct flags, and structs flags without members, are checked against the request's schema. */
const isSchemaStructure = (spec: FlagSpec): boolean => spec.kind === 'struct' || (spec.kind === 'structs' && !spec.members);

/** One schema structure flag's arguments → its request value, fitted to the field's message. */
function schemaStructureValue(command: CommandSpec, spec: FlagSpec, words: readonly string[], schema: Schema, warnings: string[]): unknown {
  const message = requestMessageName(command.operation);
  const items: unknown[] = [];
  for (const word of words) {
    const parsed = parseStructureArgument(spec, word);
    const { shorthand } = parsed;
    const value = command.pascalCase ? camelCaseKeys(parsed.value) : parsed.value;
    const root = shorthand ? spec.flag : spec.field;
    if (spec.kind === 'struct') {
      const conformed = conformFieldValue(schema, message, spec.field, value, root, { shorthand });
      warnings.push(...conformed.warnings);
      return conformed.value;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      const conformed = conformElementValue(schema, message, spec.field, item, `${root}[${items.length}]`, { shorthand });
      warnings.push(...conformed.warnings);
      items.push(conformed.value);
    }
  }
  return items;
}

/** Reads the subcommand's own flags. Lists and structure lists take every following non-flag word. */
function readFlags(command: CommandSpec, tokens: readonly string[], ctx: ParseContext, schema: () => Schema): FlagValues {
  const table = flagTable(command);
  const out: FlagValues = { fromFlags: {}, options: {}, warnings: [] };
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
    const target = spec.local ? out.options : out.fromFlags;
    if (spec.kind === 'boolean') {
      const value = inline === undefined ? true : valueFromTokens(spec, [inline]);
      target[spec.field] = negated ? !value : value;
    } else if (spec.kind === 'list' || spec.kind === 'structs') {
      const words: string[] = inline === undefined ? [] : [inline];
      while (i + 1 < tokens.length && !isFlag(tokens[i + 1]!)) words.push(tokens[++i]!);
      if (words.length === 0) throw new UsageError(`argument ${name}: expected at least one argument`, command.name);
      const loaded = words.map((w) => loadParam(name, w, ctx));
      const value = (
        isSchemaStructure(spec) ? schemaStructureValue(command, spec, loaded, schema(), out.warnings) : valueFromTokens(spec, loaded)
      ) as unknown[];
      const previous = target[spec.field];
      target[spec.field] = Array.isArray(previous) ? [...previous, ...value] : value;
    } else if (spec.kind === 'struct') {
      target[spec.field] = schemaStructureValue(command, spec, [takeOne()], schema(), out.warnings);
    } else {
      target[spec.field] = valueFromTokens(spec, [takeOne()]);
    }
  }
  return out;
}

/**
 * The request given by --cli-input-json: an object whose keys are the request's fields. Members the
 * request message does not have, at any depth, are dropped with a warning each.
 */
function inputRequest(command: CommandSpec, text: string, schema: Schema): { request: Record<string, unknown>; warnings: string[] } {
  let parsed: unknown;
  try {
    parsed = parseJsonParameter(INPUT_JSON, text);
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!, command.name);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`Error parsing parameter '${INPUT_JSON}': expected a JSON object`, command.name);
  }
  try {
    const { value, warnings } = conformMessageValue(schema, requestMessageName(command.operation), command.pascalCase ? camelCaseKeys(parsed) : parsed);
    return { request: value as Record<string, unknown>, warnings };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    throw new UsageError(`Parameter validation failed: ${err.message}`, command.name);
  }
}

/** Top-level subcommand names: `wait` once for all the waiters. */
const topLevelNames = (commands: readonly CommandSpec[]): string[] => [...new Set(commands.map((c) => c.name.split(' ')[0]!))];

function findCommandOrThrow(commands: readonly CommandSpec[], name: string): CommandSpec {
  const command = commands.find((c) => c.name === name);
  if (!command) {
    throw new UsageError(`argument subcommand: Invalid choice: '${name}', valid choices are: ${topLevelNames(commands).join(' | ')}`);
  }
  return command;
}

const WAIT = 'wait';
/** Subcommands named by two words: `wait <waiter>`, `application-autoscaling <operation>`, `secretsmanager <operation>`, `ssm <operation>`, `elbv2 <operation>`. */
const GROUPS: ReadonlySet<string> = new Set([WAIT, SCALING_GROUP, SECRETS_MANAGER_GROUP, SSM_GROUP, ELBV2_GROUP]);

/**
 * `<group> <name>`: takes the name from `rest`. Undefined when no name follows (help for the group
 * itself); a UsageError for an unknown one.
 */
function findInGroup(commands: readonly CommandSpec[], group: string, rest: string[]): CommandSpec | undefined {
  const members = commands.filter((c) => c.name.startsWith(`${group} `));
  const name = rest[0];
  if (name === undefined || isFlag(name)) return undefined;
  rest.shift();
  const found = members.find((c) => c.name === `${group} ${name}`);
  if (!found) {
    throw new UsageError(
      `argument ${group}: Invalid choice: '${name}', valid choices are: ${members.map((w) => w.name.slice(group.length + 1)).join(' | ')}`,
      group,
    );
  }
  return found;
}

export function parseArgs(argv: readonly string[], ctx: ParseContext = {}): Invocation {
  const commands = ctx.commands ?? defaultCommands;
  const split = splitGlobals(argv);

  if (split.output !== undefined && !(outputFormats as readonly string[]).includes(split.output)) {
    throw new UsageError(`argument --output: Invalid choice: '${split.output}', valid choices are: ${outputFormats.join(' | ')}`);
  }
  if (split.subcommand === 'help') {
    const topic = split.rest[0];
    if (topic !== undefined && GROUPS.has(topic)) {
      const member = findInGroup(commands, topic, split.rest.slice(1));
      return { kind: 'help', text: member ? commandHelp(member) : groupHelp(commands, topic) };
    }
    return { kind: 'help', text: topic === undefined ? globalHelp(commands) : commandHelp(findCommandOrThrow(commands, topic)) };
  }
  if (split.subcommand === undefined) {
    if (split.help) return { kind: 'help', text: globalHelp(commands) };
    throw new UsageError('the following arguments are required: subcommand');
  }
  let command: CommandSpec;
  if (GROUPS.has(split.subcommand)) {
    const member = findInGroup(commands, split.subcommand, split.rest);
    if (!member) {
      if (split.help) return { kind: 'help', text: groupHelp(commands, split.subcommand) };
      throw new UsageError(`the following arguments are required: ${split.subcommand === WAIT ? 'waiter_name' : 'operation'}`, split.subcommand);
    }
    command = member;
  } else {
    command = findCommandOrThrow(commands, split.subcommand);
  }
  if (split.help) return { kind: 'help', text: commandHelp(command) };

  const endpoint = split.endpoint ?? (ctx.env?.['BERTH_ENDPOINT'] || DEFAULT_ENDPOINT);
  if (endpoint.trim() === '') throw new UsageError('argument --endpoint: expected HOST:PORT', command.name);

  const schema = () => ctx.schema ?? berthSchema();
  const { fromFlags, options, warnings, inputJson } = readFlags(command, split.rest, ctx, schema);
  const input = inputJson === undefined ? { request: {}, warnings: [] } : inputRequest(command, inputJson, schema());
  const request = { ...input.request, ...fromFlags };
  const given = (f: FlagSpec) => (f.local ? options : request)[f.field] !== undefined;
  const missing = command.flags.filter((f) => f.required && !given(f)).map((f) => f.flag);
  if (missing.length > 0) throw new UsageError(`the following arguments are required: ${missing.join(', ')}`, command.name);

  return {
    kind: 'call',
    command,
    request,
    options,
    warnings: [...input.warnings, ...warnings],
    endpoint,
    ...(split.profile !== undefined ? { profile: split.profile } : {}),
    ...(split.caBundle !== undefined ? { caBundle: split.caBundle } : {}),
    output: (split.output ?? 'json') as OutputFormat,
  };
}
