/**
 * `berth wait tasks-running|tasks-stopped`: aws ecs's waiters. DescribeTasks is polled until the
 * waiter's acceptors decide (botocore's ecs waiters-2.json, in order):
 *
 * - TasksRunning: any lastStatus STOPPED → failure; any failure reason MISSING → failure; every
 *   lastStatus RUNNING → success.
 * - TasksStopped: every lastStatus STOPPED → success.
 *
 * "every" needs at least one task, as JMESPath pathAll does. `evaluate` is the pure decision on one
 * response; `Progress` turns successive responses into what stderr shows; `poll` is the loop every
 * waiter shares (wait-services.ts has services-stable), with the client call, the sleep and stderr
 * injected.
 */
import { ConnectionError, fromGrpcError } from '@berth/api-client';

export type Json = Record<string, unknown>;

export type WaiterName = 'tasks-running' | 'tasks-stopped';

export interface WaiterSpec {
  /** As aws names it in messages (`TasksRunning`). */
  readonly title: string;
  /** Fails as soon as one task has this lastStatus. */
  readonly failOnStatus?: string;
  /** Fails when DescribeTasks reports a task with this failure reason. */
  readonly failOnReason?: string;
  /** Succeeds when every task has this lastStatus. */
  readonly successStatus: string;
}

export const waiters: Readonly<Record<WaiterName, WaiterSpec>> = {
  'tasks-running': { title: 'TasksRunning', failOnStatus: 'STOPPED', failOnReason: 'MISSING', successStatus: 'RUNNING' },
  'tasks-stopped': { title: 'TasksStopped', successStatus: 'STOPPED' },
};

export const DEFAULT_INTERVAL_SECONDS = 2;
export const DEFAULT_MAX_ATTEMPTS = 300;

export type Verdict =
  | { kind: 'retry' }
  | { kind: 'success' }
  /** `message` is aws's line; `details` our extra lines (each stopped task's stoppedReason). */
  | { kind: 'failure'; message: string; details: string[] };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
export const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The id of a task ARN (`.../task/default/<id>`), or the string as given. */
export const taskId = (arn: unknown): string => {
  const s = text(arn);
  return s.slice(s.lastIndexOf('/') + 1);
};

/** aws's line for a failure acceptor that matched. */
export const terminal = (spec: { readonly title: string }, expression: string, expected: string): string =>
  `Waiter ${spec.title} failed: Waiter encountered a terminal failure state: For expression "${expression}" we matched expected path: "${expected}" at least once`;

/** The waiter's decision on one DescribeTasks response (ECS JSON). */
export function evaluate(spec: WaiterSpec, response: Json): Verdict {
  const tasks = objects(response['tasks']);
  const failures = objects(response['failures']);
  if (spec.failOnStatus !== undefined) {
    const stopped = tasks.filter((t) => t['lastStatus'] === spec.failOnStatus);
    if (stopped.length > 0) {
      return {
        kind: 'failure',
        message: terminal(spec, 'tasks[].lastStatus', spec.failOnStatus),
        details: stopped.map((t) => {
          const reason = text(t['stoppedReason']) || text(t['stopCode']) || 'no reason given';
          return `task ${taskId(t['taskArn'])} stopped: ${reason}`;
        }),
      };
    }
  }
  if (spec.failOnReason !== undefined) {
    const missing = failures.filter((f) => f['reason'] === spec.failOnReason);
    if (missing.length > 0) {
      return {
        kind: 'failure',
        message: terminal(spec, 'failures[].reason', spec.failOnReason),
        details: missing.map((f) => `task ${taskId(f['arn'])}: ${text(f['reason'])}${text(f['detail']) ? ` (${text(f['detail'])})` : ''}`),
      };
    }
  }
  if (tasks.length > 0 && tasks.every((t) => t['lastStatus'] === spec.successStatus)) return { kind: 'success' };
  return { kind: 'retry' };
}

export interface ProgressRow {
  id: string;
  lastStatus: string;
  healthStatus: string;
  stoppedReason: string;
}

/** One row per task of the response, then one per failure (its reason as the status). */
export function progressRows(response: Json): ProgressRow[] {
  return [
    ...objects(response['tasks']).map((t) => ({
      id: taskId(t['taskArn']),
      lastStatus: text(t['lastStatus']),
      healthStatus: text(t['healthStatus']),
      stoppedReason: text(t['stoppedReason']),
    })),
    ...objects(response['failures']).map((f) => ({ id: taskId(f['arn']), lastStatus: text(f['reason']), healthStatus: '', stoppedReason: text(f['detail']) })),
  ];
}

/** `<task id>  <lastStatus>  <healthStatus>  <stoppedReason>`, in fixed columns. */
export const formatRow = (row: ProgressRow): string =>
  [row.id.padEnd(32), (row.lastStatus || '-').padEnd(12), (row.healthStatus || '-').padEnd(9), row.stoppedReason].join('  ').trimEnd();

const ESC = '\u001b[';
export const cursorUp = (lines: number): string => (lines > 0 ? `${ESC}${lines}A` : '');
export const CLEAR_LINE = `\r${ESC}2K`;

/**
 * What stderr shows after each poll. On a terminal: every task's row, redrawn in place (the cursor
 * goes back up over the previous drawing). Elsewhere: only the rows that changed since the last
 * poll, so a log stays quiet while nothing happens.
 */
export class Progress {
  private drawn = 0;
  private readonly last = new Map<string, string>();

  constructor(private readonly tty: boolean) {}

  /** The text to write for this response ('' for none). */
  update(response: Json): string {
    const rows = progressRows(response);
    if (this.tty) {
      const lines = rows.map(formatRow);
      let out = cursorUp(this.drawn);
      for (const line of lines) out += `${CLEAR_LINE}${line}\n`;
      // Fewer rows than last time: clear what is left of the old drawing, then come back up.
      const extra = this.drawn - lines.length;
      for (let i = 0; i < extra; i++) out += `${CLEAR_LINE}\n`;
      out += cursorUp(Math.max(0, extra));
      this.drawn = lines.length;
      return out;
    }
    let out = '';
    for (const row of rows) {
      const line = formatRow(row);
      if (this.last.get(row.id) !== line) out += `${line}\n`;
      this.last.set(row.id, line);
    }
    return out;
  }
}

/** What the loop needs: the describe call (its response as ECS JSON), a sleep and stderr. */
export interface WaiterDeps {
  /** One call of the waiter's operation (DescribeTasks, DescribeServices). */
  describe: (request: Json) => Promise<Json>;
  sleep: (ms: number) => Promise<void>;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (redraw in place) or not (print changes only). */
  tty: boolean;
}

export interface WaiterOptions {
  intervalSeconds?: number;
  maxAttempts?: number;
}

export type WaiterResult = { ok: true } | { ok: false; lines: string[] };

/** What a waiter makes of one response: the text for stderr ('' for none) and its decision. */
export interface Observation {
  text: string;
  verdict: Verdict;
}

/** A waiter under way: aws's name for it, and what it makes of each response (it may keep state). */
export interface Watch {
  readonly title: string;
  observe(response: Json): Observation;
}

/**
 * The loop every waiter shares: polls until the watch decides, or `maxAttempts` polls have not. A
 * failed call ends the wait: a service error as aws words it, a connection error as the client
 * words it.
 */
export async function poll(watch: Watch, request: Json, options: WaiterOptions, deps: WaiterDeps): Promise<WaiterResult> {
  const intervalMs = Math.max(0, (options.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS) * 1000);
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  for (let attempt = 1; ; attempt++) {
    let response: Json;
    try {
      response = await deps.describe(request);
    } catch (e) {
      const error = fromGrpcError(e);
      if (error instanceof ConnectionError) return { ok: false, lines: [error.message] };
      return { ok: false, lines: [`Waiter ${watch.title} failed: An error occurred (${error.errorName}): ${error.message.replace(/\s*\n\s*/g, ' ')}`] };
    }
    const { text: shown, verdict } = watch.observe(response);
    if (shown !== '') deps.stderr(shown);
    if (verdict.kind === 'success') return { ok: true };
    if (verdict.kind === 'failure') return { ok: false, lines: [verdict.message, ...verdict.details] };
    if (attempt >= maxAttempts) return { ok: false, lines: [`Waiter ${watch.title} failed: Max attempts exceeded`] };
    await deps.sleep(intervalMs);
  }
}

/** A task waiter (tasks-running, tasks-stopped): DescribeTasks polled until `spec` decides. */
export function runWaiter(spec: WaiterSpec, request: Json, options: WaiterOptions, deps: WaiterDeps): Promise<WaiterResult> {
  const progress = new Progress(deps.tty);
  return poll({ title: spec.title, observe: (response) => ({ text: progress.update(response), verdict: evaluate(spec, response) }) }, request, options, deps);
}

/** The waiter a `wait <name>` subcommand names. */
export function waiterFor(commandName: string): WaiterSpec | undefined {
  const name = commandName.replace(/^wait /, '');
  return Object.hasOwn(waiters, name) ? waiters[name as WaiterName] : undefined;
}
