import { describe, expect, it } from 'vitest';
import { EcsError } from '@berth/domain';
import { CLEAR_LINE, cursorUp, type WaiterDeps } from './wait.js';
import {
  familyRevision,
  initialStableState,
  runServicesStable,
  serviceBlock,
  stableVerdict,
  stepServicesStable,
  type StableState,
  type StableStep,
  type StableVerdict,
} from './wait-services.js';

type Json = Record<string, unknown>;

const serviceArn = (name: string) => `arn:aws:ecs:local:000000000000:service/default/${name}`;
const tdArn = (familyRevision: string) => `arn:aws:ecs:local:000000000000:task-definition/${familyRevision}`;
const D1 = 'ecs-svc/1111111111111111111';
const D2 = 'ecs-svc/2222222222222222222';

/** A deployment: [desired, running, pending]. */
const deployment = (id: string, status: string, rolloutState: string, [desired, running, pending]: [number, number, number], td: string, extra: Json = {}) => ({
  id,
  status,
  taskDefinition: tdArn(td),
  desiredCount: desired,
  runningCount: running,
  pendingCount: pending,
  rolloutState,
  ...extra,
});
const event = (n: number, second: number, message: string) => ({ id: `ev-${n}`, createdAt: `2024-05-01T12:00:${String(second).padStart(2, '0')}.000Z`, message });

interface ServiceShape {
  counts: [number, number, number];
  deployments: Json[];
  events?: Json[];
  status?: string;
}
const service = (name: string, { counts: [desired, running, pending], deployments, events = [], status = 'ACTIVE' }: ServiceShape): Json => ({
  serviceArn: serviceArn(name),
  serviceName: name,
  status,
  desiredCount: desired,
  runningCount: running,
  pendingCount: pending,
  deployments,
  events,
});
const services = (...list: Json[]): Json => ({ services: list });

/** web at 2 tasks of web:1, stable. */
const stableWeb = (events: Json[] = []) =>
  service('web', { counts: [2, 2, 0], deployments: [deployment(D1, 'PRIMARY', 'COMPLETED', [2, 2, 0], 'web:1')], events });
/** web rolling out web:2 over web:1. */
const rollingWeb = (newCounts: [number, number, number], oldCounts: [number, number, number], events: Json[] = []) =>
  service('web', {
    counts: [2, newCounts[1] + oldCounts[1], newCounts[2] + oldCounts[2]],
    deployments: [deployment(D2, 'PRIMARY', 'IN_PROGRESS', newCounts, 'web:2'), deployment(D1, 'ACTIVE', 'COMPLETED', oldCounts, 'web:1')],
    events,
  });
const web2 = (events: Json[] = []) => service('web', { counts: [2, 2, 0], deployments: [deployment(D2, 'PRIMARY', 'COMPLETED', [2, 2, 0], 'web:2')], events });

const terminalMessage = (expression: string, expected: string) =>
  `Waiter ServicesStable failed: Waiter encountered a terminal failure state: For expression "${expression}" we matched expected path: "${expected}" at least once`;
const MISSING = terminalMessage('failures[].reason', 'MISSING');
const FAILED_ROLLOUT = terminalMessage("services[].deployments[?status=='PRIMARY'].rolloutState", 'FAILED');

/** Steps through responses from the initial state, returning every step. */
function steps(responses: Json[], tty = false): StableStep[] {
  let state: StableState = initialStableState;
  return responses.map((response) => {
    const step = stepServicesStable(state, response, tty);
    state = step.state;
    return step;
  });
}

describe('stableVerdict', () => {
  it.each<[string, Json, StableVerdict | 'failed']>([
    ['stable: one deployment, running == desired', services(stableWeb()), 'done'],
    ['every service stable', services(stableWeb(), service('api', { counts: [1, 1, 0], deployments: [deployment(D1, 'PRIMARY', 'COMPLETED', [1, 1, 0], 'api:3')] })), 'done'],
    ['scaled to zero', services(service('web', { counts: [0, 0, 0], deployments: [deployment(D1, 'PRIMARY', 'COMPLETED', [0, 0, 0], 'web:1')] })), 'done'],
    ['rollout: two deployments', services(rollingWeb([2, 2, 0], [0, 0, 0])), 'waiting'],
    ['one deployment, tasks still pending', services(service('web', { counts: [2, 1, 1], deployments: [deployment(D1, 'PRIMARY', 'IN_PROGRESS', [2, 1, 1], 'web:1')] })), 'waiting'],
    ['more running than desired (scaling in)', services(service('web', { counts: [1, 2, 0], deployments: [deployment(D1, 'PRIMARY', 'COMPLETED', [1, 2, 0], 'web:1')] })), 'waiting'],
    ['no deployments at all', services(service('web', { counts: [0, 0, 0], deployments: [] })), 'waiting'],
    ['one stable, one not', services(stableWeb(), service('api', { counts: [1, 0, 1], deployments: [deployment(D1, 'PRIMARY', 'IN_PROGRESS', [1, 0, 1], 'api:3')] })), 'waiting'],
    ['counts left out (proto3 zeros)', services({ serviceName: 'web', status: 'ACTIVE', deployments: [{ id: D1, status: 'PRIMARY' }] }), 'done'],
    ['a failure other than MISSING', { ...services(stableWeb()), failures: [{ arn: serviceArn('x'), reason: 'OTHER' }] }, 'done'],
    ['no services and no failures (as aws: none unstable)', {}, 'done'],
    ['a FAILED deployment that was rolled back (ACTIVE)', services(service('web', {
      counts: [2, 1, 1],
      deployments: [deployment(D2, 'PRIMARY', 'IN_PROGRESS', [2, 1, 1], 'web:1'), deployment(D1, 'ACTIVE', 'FAILED', [0, 0, 0], 'web:2')],
    })), 'waiting'],
    ['MISSING', { services: [stableWeb()], failures: [{ arn: serviceArn('gone'), reason: 'MISSING' }] }, 'failed'],
    ['DRAINING', services(service('web', { counts: [0, 0, 0], deployments: [deployment(D1, 'PRIMARY', 'COMPLETED', [0, 0, 0], 'web:1')], status: 'DRAINING' })), 'failed'],
    ['INACTIVE', services(service('web', { counts: [0, 0, 0], deployments: [], status: 'INACTIVE' })), 'failed'],
    ['PRIMARY rollout FAILED', services(service('web', { counts: [2, 0, 0], deployments: [deployment(D2, 'PRIMARY', 'FAILED', [2, 0, 0], 'web:2')] })), 'failed'],
  ])('%s', (_name, response, expected) => {
    const verdict = stableVerdict(response);
    if (expected === 'failed') expect(verdict).toMatchObject({ failed: expect.any(String) });
    else expect(verdict).toEqual(expected);
  });

  it('words MISSING as aws does, naming each missing service', () => {
    expect(stableVerdict({ services: [], failures: [{ arn: serviceArn('gone'), reason: 'MISSING' }, { arn: 'other', reason: 'MISSING', detail: 'no such service' }] })).toEqual({
      failed: MISSING,
      details: ['service gone: MISSING', 'service other: MISSING (no such service)'],
    });
  });

  it.each(['DRAINING', 'INACTIVE'])('words %s as aws does', (status) => {
    expect(stableVerdict(services(service('web', { counts: [0, 0, 0], deployments: [], status }), stableWeb()))).toEqual({
      failed: terminalMessage('services[].status', status),
      details: [`service web is ${status}`],
    });
  });

  it('names a FAILED rollout with its rolloutStateReason', () => {
    const failed = deployment(D2, 'PRIMARY', 'FAILED', [2, 0, 0], 'web:2', {
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
      failedTasks: 3,
    });
    expect(stableVerdict(services(service('web', { counts: [2, 0, 0], deployments: [failed] })))).toEqual({
      failed: FAILED_ROLLOUT,
      details: [`service web: deployment ${D2} (web:2) failed: ECS deployment circuit breaker: tasks failed to start.`],
    });
    const noReason = deployment(D2, 'PRIMARY', 'FAILED', [2, 0, 0], 'web:2');
    expect(stableVerdict(services(service('web', { counts: [2, 0, 0], deployments: [noReason] })))).toMatchObject({ details: [expect.stringMatching(/failed: no reason given$/)] });
  });

  it('checks in aws order: MISSING, then DRAINING, then INACTIVE, then ours', () => {
    const draining = service('a', { counts: [0, 0, 0], deployments: [], status: 'DRAINING' });
    const inactive = service('b', { counts: [0, 0, 0], deployments: [], status: 'INACTIVE' });
    const failed = service('c', { counts: [1, 0, 0], deployments: [deployment(D1, 'PRIMARY', 'FAILED', [1, 0, 0], 'c:1')] });
    expect(stableVerdict({ services: [failed, inactive, draining], failures: [{ arn: 'x', reason: 'MISSING' }] })).toMatchObject({ failed: MISSING });
    expect(stableVerdict(services(failed, inactive, draining))).toMatchObject({ failed: terminalMessage('services[].status', 'DRAINING') });
    expect(stableVerdict(services(failed, inactive))).toMatchObject({ failed: terminalMessage('services[].status', 'INACTIVE') });
    expect(stableVerdict(services(failed))).toMatchObject({ failed: FAILED_ROLLOUT });
  });
});

describe('serviceBlock', () => {
  it('is a header with the counts, then a line per deployment', () => {
    expect(serviceBlock(rollingWeb([2, 1, 1], [1, 1, 0]))).toEqual([
      'web  desired 2  running 2  pending 1',
      `  ${D2}  PRIMARY  IN_PROGRESS  2/1/1     web:2`,
      `  ${D1}  ACTIVE   COMPLETED    1/1/0     web:1`,
    ]);
  });

  it('adds failed tasks, and copes with what is left out', () => {
    expect(serviceBlock(service('web', { counts: [2, 0, 0], deployments: [deployment(D2, 'PRIMARY', 'IN_PROGRESS', [2, 0, 0], 'web:2', { failedTasks: 3 })] }))).toEqual([
      'web  desired 2  running 0  pending 0',
      `  ${D2}  PRIMARY  IN_PROGRESS  2/0/0     web:2  3 failed`,
    ]);
    expect(serviceBlock({ serviceArn: serviceArn('bare'), deployments: [{}] })).toEqual(['bare  desired 0  running 0  pending 0', '  -  -        -            0/0/0     -']);
  });

  it('names task definitions family:revision', () => {
    expect(familyRevision(tdArn('web:12'))).toBe('web:12');
    expect(familyRevision('web:3')).toBe('web:3');
  });
});

describe('stepServicesStable', () => {
  const header = (desired: number, running: number, pending: number) => `web  desired ${desired}  running ${running}  pending ${pending}`;

  it('stable at the first poll: done, the block shown, old events not repeated', () => {
    const [step] = steps([services(stableWeb([event(2, 2, '(service web) has reached a steady state.'), event(1, 1, '(service web) has started 2 tasks.')]))]);
    expect(step?.verdict).toBe('done');
    expect(step?.events).toEqual([]);
    expect(step?.block).toEqual([header(2, 2, 0), `  ${D1}  PRIMARY  COMPLETED    2/2/0     web:1`]);
    expect(step?.text).toBe(`${step?.block.join('\n')}\n`);
  });

  it('a rollout: two deployments, then one; without a terminal only changes are printed', () => {
    const result = steps([
      services(rollingWeb([2, 0, 2], [2, 2, 0])),
      services(rollingWeb([2, 0, 2], [2, 2, 0])),
      services(rollingWeb([2, 2, 0], [0, 0, 0])),
      services(rollingWeb([2, 2, 0], [0, 0, 0])),
      services(web2()),
    ]);
    expect(result.map((s) => s.verdict)).toEqual(['waiting', 'waiting', 'waiting', 'waiting', 'done']);
    expect(result.map((s) => s.text)).toEqual([
      `${header(2, 2, 2)}\n  ${D2}  PRIMARY  IN_PROGRESS  2/0/2     web:2\n  ${D1}  ACTIVE   COMPLETED    2/2/0     web:1\n`,
      '',
      `${header(2, 2, 0)}\n  ${D2}  PRIMARY  IN_PROGRESS  2/2/0     web:2\n  ${D1}  ACTIVE   COMPLETED    0/0/0     web:1\n`,
      '',
      `${header(2, 2, 0)}\n  ${D2}  PRIMARY  COMPLETED    2/2/0     web:2\n`,
    ]);
  });

  it('without a terminal, prints only the services whose block changed', () => {
    const api = (running: number) => service('api', { counts: [1, running, 1 - running], deployments: [deployment(D1, 'PRIMARY', 'IN_PROGRESS', [1, running, 1 - running], 'api:1')] });
    const [first, second, third] = steps([services(stableWeb(), api(0)), services(stableWeb(), api(0)), services(stableWeb(), api(1))]);
    expect(first?.block).toHaveLength(4);
    expect(second?.text).toBe('');
    expect(third?.block).toEqual(['api  desired 1  running 1  pending 0', `  ${D1}  PRIMARY  IN_PROGRESS  1/1/0     api:1`]);
  });

  it('prints each new event once, oldest first, with its time', () => {
    const e1 = event(1, 1, '(service web) has started 2 tasks: (task a) (task b).');
    const e2 = event(2, 5, '(service web) has stopped 1 running tasks: (task a).');
    const e3 = event(3, 9, '(service web) has started 1 tasks: (task c).');
    const e4 = event(4, 20, '(service web) has reached a steady state.');
    const result = steps([
      services(rollingWeb([2, 0, 2], [2, 2, 0], [e1])),
      services(rollingWeb([2, 0, 2], [2, 2, 0], [e3, e2, e1])), // newest first, as ECS lists them
      services(rollingWeb([2, 0, 2], [2, 2, 0], [e3, e2, e1])),
      services(web2([e4, e3, e2])), // e1 fell off the end of the list: nothing to print for it
    ]);
    expect(result.map((s) => s.events)).toEqual([
      [],
      ['2024-05-01T12:00:05.000Z  (service web) has stopped 1 running tasks: (task a).', '2024-05-01T12:00:09.000Z  (service web) has started 1 tasks: (task c).'],
      [],
      ['2024-05-01T12:00:20.000Z  (service web) has reached a steady state.'],
    ]);
    expect(result[1]?.text).toBe(`${result[1]?.events.join('\n')}\n`); // the block did not change
    expect(result[2]?.text).toBe('');
    expect(result[3]?.text.startsWith(`${result[3]?.events[0]}\nweb  desired 2`)).toBe(true); // events, then the block
  });

  it("interleaves several services' new events by time; a service first seen with no events still gets them", () => {
    const api = (events: Json[]) => service('api', { counts: [1, 1, 0], deployments: [deployment(D1, 'PRIMARY', 'COMPLETED', [1, 1, 0], 'api:1')], events });
    const [, second] = steps([
      services(rollingWeb([2, 0, 2], [2, 2, 0]), api([])),
      services(rollingWeb([2, 0, 2], [2, 2, 0], [event(3, 30, 'web c'), event(1, 10, 'web a')]), api([event(2, 20, 'api b')])),
    ]);
    expect(second?.events).toEqual(['2024-05-01T12:00:10.000Z  web a', '2024-05-01T12:00:20.000Z  api b', '2024-05-01T12:00:30.000Z  web c']);
  });

  it('on a terminal, scrolls new events above the block and redraws the block at the bottom', () => {
    const started = event(1, 3, '(service web) has started 2 tasks.');
    const [first, second, third, fourth] = steps(
      [
        services(rollingWeb([2, 0, 2], [2, 2, 0])),
        services(rollingWeb([2, 0, 2], [2, 2, 0])),
        services(rollingWeb([2, 2, 0], [0, 0, 0], [started])),
        services(web2([started])),
      ],
      true,
    );
    const draw = (lines: readonly string[]) => lines.map((line) => `${CLEAR_LINE}${line}\n`).join('');
    expect(first?.text).toBe(draw(first?.block ?? []));
    expect(first?.state.drawn).toBe(3);
    // Unchanged: still redrawn in place.
    expect(second?.text).toBe(`${cursorUp(3)}${draw(second?.block ?? [])}`);
    // A new event takes the first line of the old block; the block follows it.
    expect(third?.events).toEqual(['2024-05-01T12:00:03.000Z  (service web) has started 2 tasks.']);
    expect(third?.text).toBe(`${cursorUp(3)}${draw([...(third?.events ?? []), ...(third?.block ?? [])])}`);
    expect(third?.state.drawn).toBe(3);
    // The block shrinks to two lines: the third is cleared and the cursor comes back under the block.
    expect(fourth?.text).toBe(`${cursorUp(3)}${draw(fourth?.block ?? [])}${CLEAR_LINE}\n${cursorUp(1)}`);
    expect(fourth?.state.drawn).toBe(2);
    expect(fourth?.verdict).toBe('done');
  });

  it('is pure: the previous state is not changed', () => {
    const [first] = steps([services(stableWeb([event(1, 1, 'x')]))]);
    const before = JSON.stringify([...(first?.state.seenEvents.get(serviceArn('web')) ?? [])]);
    stepServicesStable(first!.state, services(stableWeb([event(2, 2, 'y'), event(1, 1, 'x')])), false);
    expect(JSON.stringify([...(first?.state.seenEvents.get(serviceArn('web')) ?? [])])).toBe(before);
    expect(initialStableState.seenEvents.size).toBe(0);
  });
});

/** A fake DescribeServices answering with `responses` in turn (the last one forever). */
function fakeDeps(responses: (Json | Error)[], tty = false) {
  const stderr: string[] = [];
  const sleeps: number[] = [];
  const requests: Json[] = [];
  let i = 0;
  const deps: WaiterDeps = {
    describe: async (request) => {
      requests.push(request);
      const next = responses[Math.min(i++, responses.length - 1)]!;
      if (next instanceof Error) throw next;
      return next;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    stderr: (t) => stderr.push(t),
    tty,
  };
  return { deps, stderr, sleeps, requests, polls: () => i };
}

describe('runServicesStable', () => {
  const request = { cluster: 'c', services: ['web'] };

  it('polls through a rollout until stable, printing changes and new events', async () => {
    const steady = event(2, 40, '(service web) has reached a steady state.');
    const started = event(1, 20, '(service web) has started 2 tasks.');
    const fake = fakeDeps([
      services(rollingWeb([2, 0, 2], [2, 2, 0], [event(0, 1, 'old news')])),
      services(rollingWeb([2, 0, 2], [2, 2, 0], [event(0, 1, 'old news')])),
      services(rollingWeb([2, 2, 0], [0, 0, 0], [started, event(0, 1, 'old news')])),
      services(web2([steady, started, event(0, 1, 'old news')])),
    ]);
    expect(await runServicesStable(request, { intervalSeconds: 0.5 }, fake.deps)).toEqual({ ok: true });
    expect(fake.polls()).toBe(4);
    expect(fake.requests).toEqual([request, request, request, request]);
    expect(fake.sleeps).toEqual([500, 500, 500]);
    const lines = fake.stderr.join('').split('\n').filter(Boolean);
    expect(lines.filter((l) => l.startsWith('2024-'))).toEqual([
      '2024-05-01T12:00:20.000Z  (service web) has started 2 tasks.',
      '2024-05-01T12:00:40.000Z  (service web) has reached a steady state.',
    ]);
    expect(lines.filter((l) => l.startsWith('web  '))).toEqual(['web  desired 2  running 2  pending 2', 'web  desired 2  running 2  pending 0', 'web  desired 2  running 2  pending 0']);
    expect(fake.stderr).toHaveLength(3); // the second poll changed nothing
  });

  it('uses 2 s between polls by default', async () => {
    const fake = fakeDeps([services(rollingWeb([2, 0, 2], [2, 2, 0])), services(web2())]);
    await runServicesStable(request, {}, fake.deps);
    expect(fake.sleeps).toEqual([2000]);
  });

  it('succeeds at once when already stable', async () => {
    const fake = fakeDeps([services(stableWeb())]);
    expect(await runServicesStable(request, {}, fake.deps)).toEqual({ ok: true });
    expect(fake.polls()).toBe(1);
    expect(fake.sleeps).toEqual([]);
  });

  it('fails on a MISSING service', async () => {
    const fake = fakeDeps([{ failures: [{ arn: serviceArn('web'), reason: 'MISSING' }] }]);
    expect(await runServicesStable(request, {}, fake.deps)).toEqual({ ok: false, lines: [MISSING, 'service web: MISSING'] });
  });

  it('fails when the rollout FAILED, with its reason', async () => {
    const failed = deployment(D2, 'PRIMARY', 'FAILED', [2, 0, 0], 'web:2', { rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' });
    const fake = fakeDeps([services(rollingWeb([2, 0, 2], [2, 2, 0])), services(service('web', { counts: [2, 0, 0], deployments: [failed] }))]);
    expect(await runServicesStable(request, { intervalSeconds: 0 }, fake.deps)).toEqual({
      ok: false,
      lines: [FAILED_ROLLOUT, `service web: deployment ${D2} (web:2) failed: ECS deployment circuit breaker: tasks failed to start.`],
    });
  });

  it('gives up after max attempts, quiet while nothing changes', async () => {
    const fake = fakeDeps([services(rollingWeb([2, 0, 2], [2, 2, 0]))]);
    expect(await runServicesStable(request, { intervalSeconds: 0, maxAttempts: 4 }, fake.deps)).toEqual({
      ok: false,
      lines: ['Waiter ServicesStable failed: Max attempts exceeded'],
    });
    expect(fake.polls()).toBe(4);
    expect(fake.sleeps).toEqual([0, 0, 0]);
    expect(fake.stderr).toHaveLength(1);
  });

  it('redraws at every poll on a terminal', async () => {
    const fake = fakeDeps([services(rollingWeb([2, 0, 2], [2, 2, 0])), services(rollingWeb([2, 0, 2], [2, 2, 0])), services(web2())], true);
    expect(await runServicesStable(request, { intervalSeconds: 0 }, fake.deps)).toEqual({ ok: true });
    expect(fake.stderr).toHaveLength(3);
    expect(fake.stderr[1]?.startsWith(cursorUp(3))).toBe(true);
  });

  it('ends on a call error, as the task waiters do', async () => {
    const fake = fakeDeps([new EcsError('ClusterNotFoundException', 'Cluster not found.')]);
    expect(await runServicesStable(request, {}, fake.deps)).toEqual({
      ok: false,
      lines: ['Waiter ServicesStable failed: An error occurred (ClusterNotFoundException): Cluster not found.'],
    });
  });
});
