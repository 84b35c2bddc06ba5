import { describe, expect, it } from 'vitest';
import { Metadata, status as Status } from '@grpc/grpc-js';
import { EcsError } from '@berth/domain';
import { ConnectionError } from '@berth/api-client';
import { CLEAR_LINE, cursorUp, evaluate, formatRow, Progress, runWaiter, waiterFor, waiters, type WaiterDeps } from './wait.js';

const A = '0123456789abcdef0123456789abcdef';
const B = 'fedcba9876543210fedcba9876543210';
const arn = (id: string) => `arn:aws:ecs:local:000000000000:task/default/${id}`;
const task = (id: string, lastStatus: string, extra: Record<string, unknown> = {}) => ({ taskArn: arn(id), lastStatus, desiredStatus: 'RUNNING', ...extra });
const response = (...tasks: Record<string, unknown>[]) => ({ tasks });

const running = waiters['tasks-running'];
const stopped = waiters['tasks-stopped'];

const STOPPED_MESSAGE =
  'Waiter TasksRunning failed: Waiter encountered a terminal failure state: For expression "tasks[].lastStatus" we matched expected path: "STOPPED" at least once';

describe('evaluate', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['all RUNNING', response(task(A, 'RUNNING'), task(B, 'RUNNING')), 'success'],
    ['one still PENDING', response(task(A, 'RUNNING'), task(B, 'PENDING')), 'retry'],
    ['PROVISIONING', response(task(A, 'PROVISIONING')), 'retry'],
    ['no tasks at all', {}, 'retry'],
    ['one STOPPED', response(task(A, 'RUNNING'), task(B, 'STOPPED')), 'failure'],
    ['a MISSING failure', { tasks: [task(A, 'RUNNING')], failures: [{ arn: arn(B), reason: 'MISSING' }] }, 'failure'],
    ['another failure reason', { tasks: [task(A, 'RUNNING')], failures: [{ arn: arn(B), reason: 'OTHER' }] }, 'success'],
  ])('tasks-running: %s', (_name, res, kind) => {
    expect(evaluate(running, res).kind).toBe(kind);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['all STOPPED', response(task(A, 'STOPPED'), task(B, 'STOPPED')), 'success'],
    ['one STOPPING', response(task(A, 'STOPPED'), task(B, 'STOPPING')), 'retry'],
    ['RUNNING', response(task(A, 'RUNNING')), 'retry'],
    ['MISSING is no failure for it', { failures: [{ arn: arn(A), reason: 'MISSING' }] }, 'retry'],
  ])('tasks-stopped: %s', (_name, res, kind) => {
    expect(evaluate(stopped, res).kind).toBe(kind);
  });

  it('words a stopped task as aws does, plus its stoppedReason', () => {
    expect(
      evaluate(running, response(task(A, 'RUNNING'), task(B, 'STOPPED', { stoppedReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited' }))),
    ).toEqual({ kind: 'failure', message: STOPPED_MESSAGE, details: [`task ${B} stopped: Essential container in task exited`] });
    expect(evaluate(running, response(task(A, 'STOPPED', { stopCode: 'TaskFailedToStart' })))).toMatchObject({ details: [`task ${A} stopped: TaskFailedToStart`] });
    expect(evaluate(running, response(task(A, 'STOPPED')))).toMatchObject({ details: [`task ${A} stopped: no reason given`] });
  });

  it('words a missing task as aws does', () => {
    expect(evaluate(running, { failures: [{ arn: arn(A), reason: 'MISSING' }, { arn: 'nope', reason: 'MISSING', detail: 'gone' }] })).toEqual({
      kind: 'failure',
      message:
        'Waiter TasksRunning failed: Waiter encountered a terminal failure state: For expression "failures[].reason" we matched expected path: "MISSING" at least once',
      details: [`task ${A}: MISSING`, 'task nope: MISSING (gone)'],
    });
  });

  it('checks STOPPED before MISSING, as the acceptors are ordered', () => {
    const verdict = evaluate(running, { tasks: [task(A, 'STOPPED')], failures: [{ arn: B, reason: 'MISSING' }] });
    expect(verdict).toMatchObject({ message: STOPPED_MESSAGE });
  });

  it('finds waiters by subcommand name', () => {
    expect(waiterFor('wait tasks-running')).toBe(running);
    expect(waiterFor('wait tasks-stopped')).toBe(stopped);
    expect(waiterFor('wait nope')).toBeUndefined();
  });
});

describe('Progress', () => {
  const row = (id: string, status: string, health = '', reason = '') => formatRow({ id, lastStatus: status, healthStatus: health, stoppedReason: reason });

  it('formats a row in fixed columns', () => {
    expect(row(A, 'RUNNING', 'HEALTHY')).toBe(`${A}  RUNNING       HEALTHY`);
    expect(row(A, 'STOPPED', '', 'Essential container in task exited')).toBe(`${A}  STOPPED       -          Essential container in task exited`);
  });

  it('without a terminal, prints only the rows that changed', () => {
    const progress = new Progress(false);
    expect(progress.update(response(task(A, 'PENDING'), task(B, 'PENDING')))).toBe(`${row(A, 'PENDING')}\n${row(B, 'PENDING')}\n`);
    expect(progress.update(response(task(A, 'PENDING'), task(B, 'PENDING')))).toBe('');
    expect(progress.update(response(task(A, 'RUNNING', { healthStatus: 'UNKNOWN' }), task(B, 'PENDING')))).toBe(`${row(A, 'RUNNING', 'UNKNOWN')}\n`);
    expect(progress.update(response(task(A, 'RUNNING', { healthStatus: 'HEALTHY' }), task(B, 'PENDING')))).toBe(`${row(A, 'RUNNING', 'HEALTHY')}\n`);
  });

  it('shows failures as rows too', () => {
    expect(new Progress(false).update({ failures: [{ arn: arn(A), reason: 'MISSING' }] })).toBe(`${row(A, 'MISSING')}\n`);
  });

  it('on a terminal, redraws every row in place', () => {
    const progress = new Progress(true);
    const first = progress.update(response(task(A, 'PENDING'), task(B, 'PENDING')));
    expect(first).toBe(`${CLEAR_LINE}${row(A, 'PENDING')}\n${CLEAR_LINE}${row(B, 'PENDING')}\n`);
    const second = progress.update(response(task(A, 'RUNNING'), task(B, 'PENDING')));
    expect(second).toBe(`${cursorUp(2)}${CLEAR_LINE}${row(A, 'RUNNING')}\n${CLEAR_LINE}${row(B, 'PENDING')}\n`);
    expect(cursorUp(2)).toBe('\u001b[2A');
    // Fewer rows: the leftover line is cleared and the cursor comes back under the new drawing.
    const third = progress.update(response(task(A, 'RUNNING')));
    expect(third).toBe(`${cursorUp(2)}${CLEAR_LINE}${row(A, 'RUNNING')}\n${CLEAR_LINE}\n${cursorUp(1)}`);
  });
});

/** A fake describe call that answers with `responses` in turn (the last one forever). */
function fakeDeps(responses: (Record<string, unknown> | Error)[], tty = false) {
  const stderr: string[] = [];
  const sleeps: number[] = [];
  const requests: Record<string, unknown>[] = [];
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

describe('runWaiter', () => {
  const request = { cluster: 'c', tasks: [A, B] };

  it('polls until every task is RUNNING, sleeping the interval in between', async () => {
    const fake = fakeDeps([
      response(task(A, 'PROVISIONING'), task(B, 'PENDING')),
      response(task(A, 'PENDING'), task(B, 'PENDING')),
      response(task(A, 'RUNNING'), task(B, 'RUNNING')),
    ]);
    expect(await runWaiter(running, request, { intervalSeconds: 0.2 }, fake.deps)).toEqual({ ok: true });
    expect(fake.polls()).toBe(3);
    expect(fake.sleeps).toEqual([200, 200]);
    expect(fake.requests).toEqual([request, request, request]);
    expect(fake.stderr.join('').split('\n').filter(Boolean)).toHaveLength(5); // both, A to PENDING, both to RUNNING
  });

  it('uses 2 s between polls by default', async () => {
    const fake = fakeDeps([response(task(A, 'PENDING')), response(task(A, 'RUNNING'))]);
    await runWaiter(running, request, {}, fake.deps);
    expect(fake.sleeps).toEqual([2000]);
  });

  it('fails at once when a task stops, with its reason', async () => {
    const fake = fakeDeps([response(task(A, 'PENDING')), response(task(A, 'STOPPED', { stoppedReason: 'CannotPullContainerError: pull access denied' }))]);
    expect(await runWaiter(running, request, { intervalSeconds: 0 }, fake.deps)).toEqual({
      ok: false,
      lines: [STOPPED_MESSAGE, `task ${A} stopped: CannotPullContainerError: pull access denied`],
    });
    expect(fake.polls()).toBe(2);
  });

  it('gives up after max attempts', async () => {
    const fake = fakeDeps([response(task(A, 'RUNNING'))]);
    expect(await runWaiter(stopped, request, { intervalSeconds: 0, maxAttempts: 3 }, fake.deps)).toEqual({
      ok: false,
      lines: ['Waiter TasksStopped failed: Max attempts exceeded'],
    });
    expect(fake.polls()).toBe(3);
    expect(fake.sleeps).toEqual([0, 0]);
    expect(fake.stderr).toEqual([`${formatRow({ id: A, lastStatus: 'RUNNING', healthStatus: '', stoppedReason: '' })}\n`]); // quiet after the first
  });

  it('ends on a service error, worded as aws words waiter errors', async () => {
    const metadata = new Metadata();
    metadata.set('x-ecs-error-type', 'ClusterNotFoundException');
    const grpcError = Object.assign(new Error('Cluster not found.'), { code: Status.NOT_FOUND, details: 'Cluster not found.', metadata });
    const fake = fakeDeps([grpcError]);
    expect(await runWaiter(running, request, {}, fake.deps)).toEqual({
      ok: false,
      lines: ['Waiter TasksRunning failed: An error occurred (ClusterNotFoundException): Cluster not found.'],
    });
    const ecs = fakeDeps([new EcsError('ThrottlingException', 'Rate exceeded')]);
    expect(await runWaiter(running, request, {}, ecs.deps)).toMatchObject({ lines: ['Waiter TasksRunning failed: An error occurred (ThrottlingException): Rate exceeded'] });
  });

  it('ends on a connection error with its message', async () => {
    const fake = fakeDeps([new ConnectionError('h:1', Status.UNAVAILABLE, 'Could not reach the Berth control plane at h:1 (refused).')]);
    expect(await runWaiter(running, request, {}, fake.deps)).toEqual({ ok: false, lines: ['Could not reach the Berth control plane at h:1 (refused).'] });
  });

  it('redraws on a terminal at every poll', async () => {
    const fake = fakeDeps([response(task(A, 'PENDING')), response(task(A, 'PENDING')), response(task(A, 'STOPPED'))], true);
    await runWaiter(stopped, request, { intervalSeconds: 0 }, fake.deps);
    expect(fake.stderr).toHaveLength(3);
    expect(fake.stderr[1]).toContain(cursorUp(1));
  });
});
