/**
 * `berth wait services-stable`: aws ecs's ServicesStable waiter, with live progress. DescribeServices
 * is polled until the acceptors decide (botocore's ecs waiters-2.json, in order, then ours):
 *
 * - any failures[].reason MISSING → failure;
 * - any services[].status DRAINING → failure; any INACTIVE → failure;
 * - (ours) any PRIMARY deployment whose rolloutState is FAILED → failure, with its rolloutStateReason;
 * - no service without exactly one deployment and runningCount == desiredCount → success.
 *
 * `stepServicesStable` is pure: the state of the previous poll and one response → the new state,
 * what stderr shows and the verdict. While waiting, stderr shows a block per service (a header with
 * its counts, a line per deployment) and each service event that is new since the last poll, oldest
 * first. On a terminal the events scroll and the block is redrawn at the bottom; elsewhere only new
 * events and the blocks that changed are printed. Events present at the first poll are not printed.
 */
import { CLEAR_LINE, cursorUp, objects, poll, terminal, text, type Json, type Verdict, type WaiterDeps, type WaiterOptions, type WaiterResult } from './wait.js';

export const SERVICES_STABLE = { name: 'services-stable', title: 'ServicesStable' } as const;

export type StableVerdict = 'waiting' | 'done' | { failed: string; details: string[] };

/** The last segment of an ARN (`.../service/default/web` → `web`), or the string as given. */
export const arnName = (arn: unknown): string => {
  const s = text(arn);
  return s.slice(s.lastIndexOf('/') + 1);
};

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const serviceName = (service: Json): string => text(service['serviceName']) || arnName(service['serviceArn']);
/** A service's identity across polls. */
const serviceKey = (service: Json): string => text(service['serviceArn']) || serviceName(service);

/** `arn:...:task-definition/web:3` → `web:3`. */
export const familyRevision = (arn: unknown): string => {
  const s = text(arn);
  const at = s.indexOf('task-definition/');
  return at < 0 ? s : s.slice(at + 'task-definition/'.length);
};

const PRIMARY_ROLLOUT = "services[].deployments[?status=='PRIMARY'].rolloutState";

/** The waiter's decision on one DescribeServices response (ECS JSON). */
export function stableVerdict(response: Json): StableVerdict {
  const services = objects(response['services']);
  const missing = objects(response['failures']).filter((f) => f['reason'] === 'MISSING');
  if (missing.length > 0) {
    return {
      failed: terminal(SERVICES_STABLE, 'failures[].reason', 'MISSING'),
      details: missing.map((f) => `service ${arnName(f['arn'])}: MISSING${text(f['detail']) ? ` (${text(f['detail'])})` : ''}`),
    };
  }
  for (const status of ['DRAINING', 'INACTIVE']) {
    const matched = services.filter((s) => s['status'] === status);
    if (matched.length > 0) {
      return { failed: terminal(SERVICES_STABLE, 'services[].status', status), details: matched.map((s) => `service ${serviceName(s)} is ${status}`) };
    }
  }
  const failedRollouts = services.flatMap((s) =>
    objects(s['deployments'])
      .filter((d) => d['status'] === 'PRIMARY' && d['rolloutState'] === 'FAILED')
      .map((d) => `service ${serviceName(s)}: deployment ${text(d['id'])} (${familyRevision(d['taskDefinition'])}) failed: ${text(d['rolloutStateReason']) || 'no reason given'}`),
  );
  if (failedRollouts.length > 0) return { failed: terminal(SERVICES_STABLE, PRIMARY_ROLLOUT, 'FAILED'), details: failedRollouts };
  // As aws's `length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0``.
  const stable = (s: Json) => objects(s['deployments']).length === 1 && count(s['runningCount']) === count(s['desiredCount']);
  return services.every(stable) ? 'done' : 'waiting';
}

/** `<service>  desired N  running N  pending N`, then `  <id>  <status>  <rolloutState>  d/r/p  <family:rev>` per deployment. */
export function serviceBlock(service: Json): string[] {
  const header = `${serviceName(service)}  desired ${count(service['desiredCount'])}  running ${count(service['runningCount'])}  pending ${count(service['pendingCount'])}`;
  const deployments = objects(service['deployments']).map((d) => {
    const failed = count(d['failedTasks']);
    return [
      '', // indents the line by the separator
      text(d['id']) || '-',
      (text(d['status']) || '-').padEnd(7),
      (text(d['rolloutState']) || '-').padEnd(11),
      `${count(d['desiredCount'])}/${count(d['runningCount'])}/${count(d['pendingCount'])}`.padEnd(8),
      familyRevision(d['taskDefinition']) || '-',
      failed > 0 ? `${failed} failed` : '',
    ]
      .join('  ')
      .trimEnd();
  });
  return [header, ...deployments];
}

export interface StableState {
  /** Per service: the ids of its events at the last poll (a service not in it is new: its events are not printed). */
  readonly seenEvents: ReadonlyMap<string, ReadonlySet<string>>;
  /** Per service: its block at the last poll (without a terminal, a block is printed when it changes). */
  readonly blocks: ReadonlyMap<string, string>;
  /** Lines of the block at the bottom of the terminal, to go back up over. */
  readonly drawn: number;
}

export const initialStableState: StableState = { seenEvents: new Map(), blocks: new Map(), drawn: 0 };

export interface StableStep {
  state: StableState;
  /** The events new since the last poll, oldest first, as `<time>  <message>`: printed once, for good. */
  events: string[];
  /** The status lines drawn: every service's block on a terminal, only the changed ones otherwise. */
  block: string[];
  /** What to write to stderr ('' for nothing): the events, then the block, with a terminal's cursor movement. */
  text: string;
  verdict: StableVerdict;
}

const eventId = (event: Json): string => text(event['id']) || `${text(event['createdAt'])} ${text(event['message'])}`;

/** One poll: the previous state and a DescribeServices response (ECS JSON) → what to show and the verdict. */
export function stepServicesStable(previous: StableState, response: Json, tty: boolean): StableStep {
  const services = objects(response['services']);
  const seenEvents = new Map<string, ReadonlySet<string>>();
  const blocks = new Map<string, string>();
  const fresh: { at: string; line: string }[] = [];
  const block: string[] = [];
  for (const service of services) {
    const key = serviceKey(service);
    const events = objects(service['events']); // newest first
    const seen = previous.seenEvents.get(key);
    if (seen) {
      for (const event of events.filter((e) => !seen.has(eventId(e))).reverse()) {
        const at = text(event['createdAt']);
        fresh.push({ at, line: `${at || '-'}  ${text(event['message'])}` });
      }
    }
    seenEvents.set(key, new Set(events.map(eventId)));
    const lines = serviceBlock(service);
    const joined = lines.join('\n');
    blocks.set(key, joined);
    if (tty || previous.blocks.get(key) !== joined) block.push(...lines);
  }
  // Several services' events interleave by time; one service's keep their order (stable sort).
  const events = fresh.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map((e) => e.line);

  let out: string;
  let drawn = 0;
  if (tty) {
    const lines = [...events, ...block];
    out = cursorUp(previous.drawn) + lines.map((line) => `${CLEAR_LINE}${line}\n`).join('');
    // Fewer lines than the old block: clear what is left of it, then come back up.
    const extra = Math.max(0, previous.drawn - lines.length);
    out += `${CLEAR_LINE}\n`.repeat(extra) + cursorUp(extra);
    drawn = block.length;
  } else {
    out = [...events, ...block].map((line) => `${line}\n`).join('');
  }
  return { state: { seenEvents, blocks, drawn }, events, block, text: out, verdict: stableVerdict(response) };
}

const asVerdict = (verdict: StableVerdict): Verdict =>
  verdict === 'waiting'
    ? { kind: 'retry' }
    : verdict === 'done'
      ? { kind: 'success' }
      : { kind: 'failure', message: verdict.failed, details: verdict.details };

/** `wait services-stable`: DescribeServices (`request`) polled until every service is stable. */
export function runServicesStable(request: Json, options: WaiterOptions, deps: WaiterDeps): Promise<WaiterResult> {
  let state = initialStableState;
  return poll(
    {
      title: SERVICES_STABLE.title,
      observe: (response) => {
        const step = stepServicesStable(state, response, deps.tty);
        state = step.state;
        return { text: step.text, verdict: asVerdict(step.verdict) };
      },
    },
    request,
    options,
    deps,
  );
}
