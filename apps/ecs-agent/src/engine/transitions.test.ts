import type { DependencyCondition } from '@berth/domain';
import { describe, expect, it } from 'vitest';
import { container, task } from './test-fixtures.js';
import type { ContainerState } from './task-state.js';
import { conditionState, DEPENDENCY_EXIT_CODE, ESSENTIAL_EXITED_REASON, nextTransition } from './transitions.js';

const NOW = 1_000_000;
const dep = (c: Partial<ContainerState>) => container({ name: 'dep', essential: false, ...c });
const app = (condition: DependencyCondition, c: Partial<ContainerState> = {}) =>
  container({ name: 'app', knownStatus: 'CREATED', createdAt: NOW - 1_000, dependsOn: [{ containerName: 'dep', condition }], ...c });

describe('conditionState', () => {
  const cases: [DependencyCondition, Partial<ContainerState>, 'go' | 'wait' | 'impossible'][] = [
    ['START', { knownStatus: 'CREATED' }, 'wait'],
    ['START', { knownStatus: 'RUNNING', startedAt: NOW }, 'go'],
    ['START', { knownStatus: 'STOPPED', startedAt: NOW, exitCode: 0 }, 'go'],
    ['START', { knownStatus: 'STOPPED', reason: 'CannotPullContainerError: x' }, 'impossible'],
    ['COMPLETE', { knownStatus: 'RUNNING', startedAt: NOW }, 'wait'],
    ['COMPLETE', { knownStatus: 'STOPPED', startedAt: NOW, exitCode: 1 }, 'go'],
    ['COMPLETE', { knownStatus: 'STOPPED' }, 'impossible'],
    ['SUCCESS', { knownStatus: 'RUNNING', startedAt: NOW }, 'wait'],
    ['SUCCESS', { knownStatus: 'STOPPED', startedAt: NOW, exitCode: 0 }, 'go'],
    ['SUCCESS', { knownStatus: 'STOPPED', startedAt: NOW, exitCode: 1 }, 'impossible'],
    ['SUCCESS', { knownStatus: 'STOPPED' }, 'impossible'],
    ['HEALTHY', { knownStatus: 'RUNNING', hasHealthCheck: true, health: 'UNKNOWN' }, 'wait'],
    ['HEALTHY', { knownStatus: 'RUNNING', hasHealthCheck: true, health: 'HEALTHY' }, 'go'],
    ['HEALTHY', { knownStatus: 'RUNNING', hasHealthCheck: true, health: 'UNHEALTHY' }, 'impossible'],
    ['HEALTHY', { knownStatus: 'STOPPED', hasHealthCheck: true, health: 'HEALTHY', exitCode: 0 }, 'impossible'],
    ['HEALTHY', { knownStatus: 'RUNNING', hasHealthCheck: false }, 'impossible'],
    ['HEALTHY', { knownStatus: 'NONE', hasHealthCheck: true }, 'wait'],
  ];
  it.each(cases)('%s with dependency %o → %s', (condition, state, expected) => {
    expect(conditionState(dep(state), condition).kind).toBe(expected);
  });
});

describe('nextTransition while RUNNING is desired', () => {
  it('moves every container one step at a time, in parallel', () => {
    const t = task([container({ name: 'a' }), container({ name: 'b', knownStatus: 'PULLED' }), container({ name: 'c', knownStatus: 'CREATED' })]);
    expect(nextTransition(t, NOW)).toEqual({
      kind: 'move',
      moves: [
        { container: 'a', to: 'PULLED' },
        { container: 'b', to: 'CREATED' },
        { container: 'c', to: 'RUNNING' },
      ],
    });
  });

  it('skips containers with a call in flight and waits when nothing else can move', () => {
    const t = task([container({ name: 'a', inFlight: 'PULLED' }), container({ name: 'b', knownStatus: 'RUNNING', startedAt: NOW })]);
    expect(nextTransition(t, NOW)).toEqual({ kind: 'wait' });
  });

  const gated: [DependencyCondition, Partial<ContainerState>, 'move' | 'wait' | 'fail'][] = [
    ['START', { knownStatus: 'PULLED' }, 'wait'],
    ['START', { knownStatus: 'RUNNING', startedAt: NOW }, 'move'],
    ['COMPLETE', { knownStatus: 'RUNNING', startedAt: NOW }, 'wait'],
    ['COMPLETE', { knownStatus: 'STOPPED', startedAt: NOW, exitCode: 3 }, 'move'],
    ['SUCCESS', { knownStatus: 'STOPPED', startedAt: NOW, exitCode: 0 }, 'move'],
    ['SUCCESS', { knownStatus: 'STOPPED', startedAt: NOW, exitCode: 1 }, 'fail'],
    ['HEALTHY', { knownStatus: 'RUNNING', startedAt: NOW, hasHealthCheck: true, health: 'HEALTHY' }, 'move'],
    ['HEALTHY', { knownStatus: 'RUNNING', startedAt: NOW, hasHealthCheck: true, health: 'UNHEALTHY' }, 'fail'],
    ['HEALTHY', { knownStatus: 'STOPPED', startedAt: NOW, hasHealthCheck: true, exitCode: 0 }, 'fail'],
  ];
  it.each(gated)('app waiting on %s of dep %o → %s', (condition, depState, expected) => {
    const t = task([dep({ inFlight: 'STOPPED', ...depState }), app(condition)]);
    const decision = nextTransition(t, NOW);
    expect(decision.kind).toBe(expected);
    if (decision.kind === 'move') expect(decision.moves).toEqual([{ container: 'app', to: 'RUNNING' }]);
  });

  it('stops a dependent whose condition can never hold with exit code 143 and a dependency-graph reason', () => {
    const t = task([dep({ knownStatus: 'STOPPED', startedAt: NOW, exitCode: 1 }), app('SUCCESS')]);
    expect(nextTransition(t, NOW)).toEqual({
      kind: 'fail',
      container: 'app',
      exitCode: DEPENDENCY_EXIT_CODE,
      reason: "CannotStartContainerError: dependency graph: container 'app' cannot reach condition SUCCESS of 'dep' (it exited with code 1)",
    });
  });

  it('gives up on dependencies after startTimeout, and sleeps until then before', () => {
    const waiting = task([dep({ knownStatus: 'RUNNING', startedAt: NOW, hasHealthCheck: true }), app('HEALTHY', { startTimeoutMs: 5_000 })]);
    expect(nextTransition(waiting, NOW)).toEqual({ kind: 'wait', until: NOW - 1_000 + 5_000 });
    const late = nextTransition(waiting, NOW + 4_000);
    expect(late).toMatchObject({ kind: 'fail', container: 'app', exitCode: 143 });
    expect(late.kind === 'fail' && late.reason).toMatch(/^CannotStartContainerError: dependency graph: container 'app' timed out/);
  });

  it('pulls and creates before dependencies are met; only the start waits', () => {
    const t = task([dep({ knownStatus: 'RUNNING', startedAt: NOW, inFlight: 'STOPPED' }), app('COMPLETE', { knownStatus: 'NONE' })]);
    expect(nextTransition(t, NOW)).toEqual({ kind: 'move', moves: [{ container: 'app', to: 'PULLED' }] });
  });

  it('waits for a linked container to run, and for a volumesFrom source to exist before creating', () => {
    const linked = task([container({ name: 'db', knownStatus: 'CREATED', inFlight: 'RUNNING' }), container({ name: 'web', knownStatus: 'CREATED', links: ['db'] })]);
    expect(nextTransition(linked, NOW)).toEqual({ kind: 'wait' });
    const vols = task([container({ name: 'data', knownStatus: 'PULLED', inFlight: 'CREATED' }), container({ name: 'app', knownStatus: 'PULLED', volumesFrom: ['data'] })]);
    expect(nextTransition(vols, NOW)).toEqual({ kind: 'wait' });
  });

  it('stops the task when an essential container exits', () => {
    const t = task([container({ name: 'a', knownStatus: 'STOPPED', startedAt: NOW, exitCode: 2 }), container({ name: 'b', knownStatus: 'RUNNING' })]);
    expect(nextTransition(t, NOW)).toEqual({ kind: 'stop-task', stopCode: 'EssentialContainerExited', reason: ESSENTIAL_EXITED_REASON });
  });

  it('reports why the task failed to start when an essential container never ran', () => {
    const t = task([container({ name: 'a', knownStatus: 'STOPPED', reason: 'CannotPullContainerError: nope' })]);
    expect(nextTransition(t, NOW)).toEqual({ kind: 'stop-task', stopCode: 'TaskFailedToStart', reason: 'CannotPullContainerError: nope' });
  });

  it('lets a non-essential container exit without stopping the task', () => {
    const t = task([container({ name: 'side', essential: false, knownStatus: 'STOPPED', exitCode: 1, startedAt: NOW }), container({ name: 'main', knownStatus: 'RUNNING' })]);
    expect(nextTransition(t, NOW)).toEqual({ kind: 'wait' });
  });
});

describe('nextTransition while STOPPED is desired', () => {
  const stopping = (containers: ContainerState[]) =>
    task(
      containers.map((c) => ({ ...c, desiredStatus: 'STOPPED' as const })),
      { desiredStatus: 'STOPPED' },
    );

  it('stops dependents first (reverse dependency order)', () => {
    const t = stopping([
      container({ name: 'db', knownStatus: 'RUNNING' }),
      container({ name: 'api', knownStatus: 'RUNNING', dependsOn: [{ containerName: 'db', condition: 'START' }] }),
      container({ name: 'web', knownStatus: 'RUNNING', links: ['api'] }),
    ]);
    expect(nextTransition(t, NOW)).toEqual({ kind: 'move', moves: [{ container: 'web', to: 'STOPPED' }] });
    const webStopped = stopping([...t.containers.slice(0, 2), { ...t.containers[2]!, knownStatus: 'STOPPED' }]);
    expect(nextTransition(webStopped, NOW)).toEqual({ kind: 'move', moves: [{ container: 'api', to: 'STOPPED' }] });
  });

  it('stops containers that never ran at once, even if others depend on them', () => {
    const t = stopping([
      container({ name: 'db', knownStatus: 'CREATED' }),
      container({ name: 'api', knownStatus: 'RUNNING', dependsOn: [{ containerName: 'db', condition: 'START' }] }),
    ]);
    expect(nextTransition(t, NOW)).toEqual({ kind: 'move', moves: [{ container: 'db', to: 'STOPPED' }, { container: 'api', to: 'STOPPED' }] });
  });

  it('waits for in-flight calls and retries failed stops later', () => {
    const t = stopping([container({ name: 'a', knownStatus: 'RUNNING', inFlight: 'RUNNING' }), container({ name: 'b', knownStatus: 'RUNNING', retryAt: NOW + 2_000 })]);
    expect(nextTransition(t, NOW)).toEqual({ kind: 'wait', until: NOW + 2_000 });
    expect(nextTransition(t, NOW + 2_000)).toEqual({ kind: 'move', moves: [{ container: 'b', to: 'STOPPED' }] });
  });

  it('is done when every container is STOPPED', () => {
    expect(nextTransition(stopping([container({ name: 'a', knownStatus: 'STOPPED' })]), NOW)).toEqual({ kind: 'done' });
  });
});
