/**
 * `berth`: parse the command line, call the operation, print the result. Returns the exit code:
 * 0 success, 252 command-line error, 254 the service reported an error, 255 connection or other
 * failure (aws's codes). All I/O comes in through CliDeps so this is testable without a server.
 */
import { readFileSync } from 'node:fs';
import { createEcsClient, ConnectionError, fromGrpcError, type EcsOperationName } from '@berth/api-client';
import { loadBerthGrpc } from '@berth/proto';
import { GLOBAL_USAGE } from './help.js';
import { formatJson, int64FieldNames, toEcsJson } from './output-json.js';
import { formatTable } from './output-table.js';
import { parseArgs } from './parse-args.js';
import { UsageError } from './usage-error.js';

export const EXIT_OK = 0;
export const EXIT_USAGE = 252;
export const EXIT_SERVICE_ERROR = 254;
export const EXIT_CONNECTION_ERROR = 255;

/** What the CLI needs of a client (EcsClient has it). */
export interface OperationClient {
  call(operation: EcsOperationName, request: object): Promise<unknown>;
  close(): void;
}

export interface CliDeps {
  env: Readonly<Record<string, string | undefined>>;
  /** Writes one block of output; the CLI adds no newline of its own beyond what it passes. */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => string;
  connect: (endpoint: string) => OperationClient;
  int64Fields: () => ReadonlySet<string>;
}

const defaultDeps = (): CliDeps => ({
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
  connect: (endpoint) => createEcsClient(endpoint),
  int64Fields: () => int64FieldNames(loadBerthGrpc().definition),
});

/** The aws CLI's line for a failed call. */
export const serviceErrorLine = (errorName: string, operation: string, message: string): string =>
  `An error occurred (${errorName}) when calling the ${operation} operation: ${message}`;

export async function main(argv: readonly string[], overrides: Partial<CliDeps> = {}): Promise<number> {
  const deps = { ...defaultDeps(), ...overrides };
  const out = (text: string) => deps.stdout(text.endsWith('\n') ? text : `${text}\n`);
  const err = (text: string) => deps.stderr(text.endsWith('\n') ? text : `${text}\n`);

  let invocation;
  try {
    invocation = parseArgs(argv, { env: deps.env, readFile: deps.readFile });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const help = e.subcommand ? `berth ${e.subcommand} --help` : 'berth help';
    err(`${GLOBAL_USAGE}\nTo see help text, run: ${help}\n\nberth: error: ${e.message}`);
    return EXIT_USAGE;
  }
  if (invocation.kind === 'help') {
    out(invocation.text);
    return EXIT_OK;
  }

  const { command, request, endpoint, output } = invocation;
  let response: unknown;
  let client: OperationClient | undefined;
  try {
    client = deps.connect(endpoint);
    response = await client.call(command.operation, request);
  } catch (e) {
    const error = fromGrpcError(e, { endpoint });
    if (error instanceof ConnectionError) {
      err(error.message);
      return EXIT_CONNECTION_ERROR;
    }
    err(serviceErrorLine(error.errorName, command.operation, error.message.replace(/\s*\n\s*/g, ' ')));
    return EXIT_SERVICE_ERROR;
  } finally {
    client?.close();
  }

  const json = toEcsJson(response, { int64Fields: deps.int64Fields() });
  if (output === 'table') {
    const table = formatTable(json);
    if (table.text !== '') out(table.text);
    if (table.note) err(table.note);
  } else {
    out(formatJson(json));
  }
  return EXIT_OK;
}
