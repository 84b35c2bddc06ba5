/**
 * `berth`: parse the command line, call the operation, print the result. Returns the exit code:
 * 0 success, 252 command-line error, 254 the service reported an error, 255 connection or other
 * failure (aws's codes). All I/O comes in through CliDeps so this is testable without a server.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { setTimeout as delay } from 'node:timers/promises';
import { createEcsClient, ConnectionError, fromGrpcError, isEcsOperationName, type EcsOperationName } from '@berth/api-client';
import { operations, pascalCaseKeys } from '@berth/ecs-api';
import { berthSchema, formatJson, fromProto } from '@berth/proto';
import type { CommandSpec } from './commands.js';
import { resolveConnection, type Connection } from './connection.js';
import { GLOBAL_USAGE } from './help.js';
import { logsRequest, streamLogs, type LogsClient, type RawWrite } from './logs.js';
import { formatTable } from './output-table.js';
import { parseArgs, type Invocation } from './parse-args.js';
import { UsageError } from './usage-error.js';
import { runWaiter, waiterFor } from './wait.js';
import { runServicesStable, SERVICES_STABLE } from './wait-services.js';

export const EXIT_OK = 0;
export const EXIT_USAGE = 252;
export const EXIT_SERVICE_ERROR = 254;
export const EXIT_CONNECTION_ERROR = 255;
/** A waiter that failed or ran out of attempts (aws uses 255 too). */
export const EXIT_WAITER_FAILED = 255;

/** What the CLI needs of a client (EcsClient has it); `berth logs` needs getContainerLogs too. */
export interface OperationClient extends Partial<LogsClient> {
  call(operation: EcsOperationName, request: object): Promise<unknown>;
  close(): void;
}

export interface CliDeps {
  env: Readonly<Record<string, string | undefined>>;
  /** Writes one block of output; the CLI adds no newline of its own beyond what it passes. */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => string;
  /** Where to connect and with which credentials (connection.ts, with the real files). */
  resolveConnection: (invocation: { endpoint: string; profile?: string; caBundle?: string }) => Promise<Connection>;
  connect: (connection: Connection) => OperationClient;
  /** Raw output of `berth logs`, with backpressure. */
  rawStdout: RawWrite;
  rawStderr: RawWrite;
  /** Calls `handler` on Ctrl-C until the returned function is called. */
  onInterrupt: (handler: () => void) => () => void;
  /** Whether stderr is a terminal (waiters redraw their progress in place). */
  stderrIsTty: boolean;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
}

/** process.stdout.write with backpressure: resolves on 'drain' when the buffer is full. */
const rawWriter =
  (stream: NodeJS.WriteStream): RawWrite =>
  (data) =>
    stream.write(data) ? undefined : new Promise<void>((resolve) => stream.once('drain', () => resolve()));

const defaultDeps = (): CliDeps => ({
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
  resolveConnection: (invocation) =>
    resolveConnection({
      ...invocation,
      env: process.env,
      cwd: process.cwd(),
      home: homedir(),
      exists: existsSync,
      profileIn: async (path, profile) => {
        const { credentialsFile } = await loadSharedConfigFiles({ filepath: path, configFilepath: `${path}.berth-unused-config`, ignoreCache: true });
        const entry = credentialsFile[profile];
        const accessKeyId = entry?.['aws_access_key_id'];
        const secretAccessKey = entry?.['aws_secret_access_key'];
        return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
      },
    }),
  connect: (connection) =>
    createEcsClient(connection.endpoint, {
      ...(connection.credentials ? { credentials: connection.credentials } : {}),
      ...(connection.tls ? { tls: connection.caBundle ? { ca: readFileSync(connection.caBundle) } : {} } : {}),
    }),
  rawStdout: rawWriter(process.stdout),
  rawStderr: rawWriter(process.stderr),
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
  stderrIsTty: process.stderr.isTTY === true,
  sleep: (ms) => delay(ms),
  now: () => new Date(),
});

/** A decoded response → the ECS JSON `aws ecs` prints (instants as ISO-8601, as the aws CLI shows them). */
const responseJson = (operation: EcsOperationName, response: unknown): Record<string, unknown> =>
  fromProto(berthSchema(), `berth.v1.${operation}Response`, response, { mode: 'response', timestamps: 'iso' });

/** The aws CLI's line for a failed call. */
export const serviceErrorLine = (errorName: string, operation: string, message: string): string =>
  `An error occurred (${errorName}) when calling the ${operation} operation: ${message}`;

type Call = Extract<Invocation, { kind: 'call' }>;
type Print = (text: string) => void;

const credentialErrors = new Set(['MissingAuthenticationTokenException', 'UnrecognizedClientException']);

/** A failed call → its stderr line and exit code; a refused credential says which one was used. */
function reportCallError(e: unknown, operation: string, connection: Connection, err: Print): number {
  const error = fromGrpcError(e, { endpoint: connection.endpoint });
  if (error instanceof ConnectionError) {
    err(error.message);
    return EXIT_CONNECTION_ERROR;
  }
  const hint = credentialErrors.has(error.errorName) ? ` (credentials: ${connection.credentialSource})` : '';
  err(serviceErrorLine(error.errorName, operation, error.message.replace(/\s*\n\s*/g, ' ') + hint));
  return EXIT_SERVICE_ERROR;
}

/** The largest request the control plane takes (its gRPC receive limit). */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
/** As the aws CLI's standard retry mode: 3 attempts, exponential backoff with full jitter, capped. */
export const RETRY_ATTEMPTS = 3;
const RETRY_BASE_MS = 500;
const RETRY_CAP_MS = 20_000;

/** Operations whose clientToken makes a repeat harmless: the control plane answers a repeat with what the first call made. */
const TOKENED: ReadonlySet<EcsOperationName> = new Set(['RunTask', 'CreateService']);

/**
 * Whether an error is worth another attempt: throttled (refused before it ran), or the control
 * plane could not be reached — for a read, or for a change that carries a clientToken. Any other
 * change is not sent twice on a broken connection: the first may have happened.
 */
function retryable(e: unknown, operation: EcsOperationName, tokened: boolean): boolean {
  const error = fromGrpcError(e);
  if (!(error instanceof ConnectionError)) return error.errorName === 'ThrottlingException';
  if (tokened) return true;
  return !operations[operation].mutates && error.code !== 4 /* DEADLINE_EXCEEDED: it may still be running */;
}

/**
 * Calls with retries, as the aws CLI does; refuses a request too large for the control plane before
 * sending it. RunTask and CreateService without a clientToken get one of their own, so a retry
 * after a timeout or a broken connection never makes the tasks or the service twice.
 */
async function callWithRetries(client: OperationClient, operation: EcsOperationName, request: object, deps: CliDeps): Promise<unknown> {
  const tokened = TOKENED.has(operation);
  if (tokened && (request as { clientToken?: unknown }).clientToken === undefined) request = { ...request, clientToken: randomUUID() };
  const size = Buffer.byteLength(JSON.stringify(request));
  if (size > MAX_REQUEST_BYTES) throw new UsageError(`the request is ${size} bytes; the control plane takes at most ${MAX_REQUEST_BYTES} bytes (8 MiB)`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.call(operation, request);
    } catch (e) {
      if (attempt >= RETRY_ATTEMPTS || !retryable(e, operation, tokened)) throw e;
      await deps.sleep(Math.random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt));
    }
  }
}

function usageFailure(e: UsageError, err: Print): number {
  const help = e.subcommand ? `berth ${e.subcommand} --help` : 'berth help';
  err(`${GLOBAL_USAGE}\nTo see help text, run: ${help}\n\nberth: error: ${e.message}`);
  return EXIT_USAGE;
}

const operationOf = (command: CommandSpec): EcsOperationName => {
  if (!isEcsOperationName(command.operation)) throw new Error(`${command.name}: ${command.operation} is not a unary operation`);
  return command.operation;
};

/** `berth logs`: the stream copied to stdout and stderr until it ends or Ctrl-C. */
async function runLogs(invocation: Call, connection: Connection, deps: CliDeps, err: Print): Promise<number> {
  const { command } = invocation;
  let request;
  try {
    request = logsRequest(invocation.request, invocation.options, deps.now());
  } catch (e) {
    if (e instanceof UsageError) return usageFailure(e, err);
    throw e;
  }
  let client: OperationClient | undefined;
  try {
    client = deps.connect(connection);
    const getContainerLogs = client.getContainerLogs?.bind(client);
    if (!getContainerLogs) throw new Error('this client cannot stream logs');
    const result = await streamLogs(request, {
      client: { getContainerLogs },
      stdout: deps.rawStdout,
      stderr: deps.rawStderr,
      onInterrupt: deps.onInterrupt,
    });
    return result.ok ? EXIT_OK : reportCallError(result.error, command.operation, connection, err);
  } catch (e) {
    return reportCallError(e, command.operation, connection, err);
  } finally {
    client?.close();
  }
}

/** `berth wait <waiter>`: nothing on stdout; 0 when the condition holds, 255 when it fails. */
async function runWait(invocation: Call, connection: Connection, deps: CliDeps, err: Print): Promise<number> {
  const { command, request, options } = invocation;
  const spec = waiterFor(command.name);
  const servicesStable = command.name === `wait ${SERVICES_STABLE.name}`;
  if (!spec && !servicesStable) throw new Error(`no waiter for ${command.name}`);
  const operation = operationOf(command);
  let client: OperationClient | undefined;
  try {
    client = deps.connect(connection);
    const connected = client;
    const pollOptions = {
      intervalSeconds: options['intervalSeconds'] as number | undefined,
      maxAttempts: options['maxAttempts'] as number | undefined,
    };
    const pollDeps = {
      describe: async (req: Record<string, unknown>) => responseJson(operation, await callWithRetries(connected, operation, req, deps)),
      sleep: deps.sleep,
      stderr: deps.stderr,
      tty: deps.stderrIsTty,
    };
    const result = spec ? await runWaiter(spec, request, pollOptions, pollDeps) : await runServicesStable(request, pollOptions, pollDeps);
    if (result.ok) return EXIT_OK;
    for (const line of result.lines) err(line);
    return EXIT_WAITER_FAILED;
  } finally {
    client?.close();
  }
}

export async function main(argv: readonly string[], overrides: Partial<CliDeps> = {}): Promise<number> {
  const deps = { ...defaultDeps(), ...overrides };
  const out = (text: string) => deps.stdout(text.endsWith('\n') ? text : `${text}\n`);
  const err = (text: string) => deps.stderr(text.endsWith('\n') ? text : `${text}\n`);

  let invocation;
  try {
    invocation = parseArgs(argv, { env: deps.env, readFile: deps.readFile });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return usageFailure(e, err);
  }
  if (invocation.kind === 'help') {
    out(invocation.text);
    return EXIT_OK;
  }
  for (const warning of invocation.warnings) err(warning);

  const { command, request, output } = invocation;
  let connection: Connection;
  try {
    connection = await deps.resolveConnection(invocation);
  } catch (e) {
    if (e instanceof UsageError) return usageFailure(e, err);
    throw e;
  }
  if (command.runner === 'logs') return runLogs(invocation, connection, deps, err);
  if (command.runner === 'wait') return runWait(invocation, connection, deps, err);

  const operation = operationOf(command);
  let response: unknown;
  let client: OperationClient | undefined;
  try {
    client = deps.connect(connection);
    response = await callWithRetries(client, operation, request, deps);
  } catch (e) {
    if (e instanceof UsageError) return usageFailure(e, err);
    return reportCallError(e, operation, connection, err);
  } finally {
    client?.close();
  }

  const answer = responseJson(operation, response);
  const json = command.pascalCase ? (pascalCaseKeys(answer, command.pascalCase) as Record<string, unknown>) : answer;
  if (output === 'table') {
    const table = formatTable(json);
    if (table.text !== '') out(table.text);
    if (table.note) err(table.note);
  } else {
    out(formatJson(json));
  }
  return EXIT_OK;
}
