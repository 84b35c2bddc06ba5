import { describe, expect, it } from 'vitest';
import type { ContainerInspection } from './runtime.js';
import { initialTaskState, orphanTaskState, planFor, type RecoveredContainer } from './task-setup.js';
import { containerDef, desiredTask } from './test-fixtures.js';

const NOW = 50_000;
const options = { defaultStopTimeoutMs: 30_000, disableHealthCheck: false };

describe('planFor', () => {
  it('applies overrides per container name', () => {
    const task = desiredTask([containerDef({ name: 'a' }), containerDef({ name: 'b' })], { overrides: { containerOverrides: [{ name: 'b', command: ['x'] }] } });
    const plan = planFor(task);
    expect(plan.definitions.get('a')!.command).toEqual([]);
    expect(plan.definitions.get('b')!.command).toEqual(['x']);
  });

  it("adds each container's secret variables to its environment, a secret winning over a plain variable of its name", () => {
    const task = {
      ...desiredTask([containerDef({ name: 'a', environment: [{ name: 'MODE', value: 'x' }, { name: 'DB', value: 'plain' }] }), containerDef({ name: 'b' })]),
      secrets: new Map([['a', { environment: [{ name: 'DB', value: 's3cret' }, { name: 'TOKEN', value: 't' }] }]]),
    };
    const plan = planFor(task);
    expect(plan.definitions.get('a')!.environment).toEqual([
      { name: 'MODE', value: 'x' },
      { name: 'DB', value: 's3cret' },
      { name: 'TOKEN', value: 't' },
    ]);
    expect(plan.definitions.get('b')!.environment).toEqual([]);
    expect(plan.registryAuth).toBeUndefined();
  });

  it("keeps each container's registry credentials for its pull", () => {
    const task = { ...desiredTask([containerDef({ name: 'a' }), containerDef({ name: 'b' })]), secrets: new Map([['b', { environment: [], registryAuth: { username: 'u', password: 'p' } }]]) };
    expect(planFor(task).registryAuth).toEqual(new Map([['b', { username: 'u', password: 'p' }]]));
  });
});

const seen = (overrides: Partial<ContainerInspection>): ContainerInspection => ({
  id: 'rid',
  running: false,
  exitCode: 0,
  health: 'NONE',
  imageId: 'sha256:1',
  ports: [],
  error: '',
  ...overrides,
});

describe('initialTaskState', () => {
  const defs = [containerDef({ name: 'a', stopTimeout: 5 }), containerDef({ name: 'b', startTimeout: 10 })];

  it('starts every container at NONE with its timeouts', () => {
    const task = desiredTask(defs);
    const state = initialTaskState(task, planFor(task), [], options, NOW);
    expect(state.knownStatus).toBe('PENDING');
    expect(state.containers.map((c) => [c.name, c.knownStatus, c.stopTimeoutSeconds, c.startTimeoutMs])).toEqual([
      ['a', 'NONE', 5, undefined],
      ['b', 'NONE', 30, 10_000],
    ]);
  });

  it('fails a task whose secrets could not be had, every container stopped with the reason and nothing started', () => {
    const reason = 'ResourceInitializationError: unable to pull secrets or registry auth: …';
    const task = { ...desiredTask(defs), startError: reason };
    const state = initialTaskState(task, planFor(task), [], options, NOW);
    expect(state).toMatchObject({ knownStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'TaskFailedToStart', reason });
    expect(state.containers.map((c) => [c.knownStatus, c.reason])).toEqual([
      ['STOPPED', reason],
      ['STOPPED', reason],
    ]);
  });

  it('keeps re-adopted containers of a task whose start error came late (they run: the error is moot)', () => {
    const task = { ...desiredTask(defs), startError: 'ResourceInitializationError: x' };
    const state = initialTaskState(task, planFor(task), [{ containerName: 'a', inspection: seen({ id: 'ra', running: true, startedAt: new Date(NOW - 5) }) }], options, NOW);
    expect(state.stopCode).toBeUndefined();
    expect(state.containers[0]!.knownStatus).toBe('RUNNING');
  });

  it('re-adopts running containers and folds in exited and created ones', () => {
    const task = desiredTask(defs);
    const recovered: RecoveredContainer[] = [
      { containerName: 'a', inspection: seen({ id: 'ra', running: true, startedAt: new Date(NOW - 5) }) },
      { containerName: 'b', inspection: seen({ id: 'rb' }) },
    ];
    const state = initialTaskState(task, planFor(task), recovered, options, NOW);
    expect(state.containers.map((c) => [c.knownStatus, c.runtimeId])).toEqual([
      ['RUNNING', 'ra'],
      ['CREATED', 'rb'],
    ]);
    const exited = initialTaskState(task, planFor(task), [{ containerName: 'a', inspection: seen({ id: 'ra', exitCode: 2, startedAt: new Date(1), finishedAt: new Date(2) }) }], options, NOW);
    expect(exited.containers[0]).toMatchObject({ knownStatus: 'STOPPED', exitCode: 2 });
  });

  it('reports containers of a task the control plane saw RUNNING that are gone as vanished', () => {
    const task = { ...desiredTask(defs), lastStatus: 'RUNNING' as const };
    const state = initialTaskState(task, planFor(task), [{ containerName: 'a', inspection: seen({ running: true, startedAt: new Date(1) }) }], options, NOW);
    expect(state.containers[1]).toMatchObject({ knownStatus: 'STOPPED', reason: "ContainerVanishedError: container 'b' is gone from Docker" });
    expect(state).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited' });
  });

  it('starts a task not seen running yet from scratch even when nothing is found', () => {
    const task = { ...desiredTask(defs), lastStatus: 'PENDING' as const };
    expect(initialTaskState(task, planFor(task), [], options, NOW).containers.every((c) => c.knownStatus === 'NONE')).toBe(true);
  });
});

describe('orphanTaskState', () => {
  it('stops containers of tasks the control plane no longer knows', () => {
    const state = orphanTaskState('arn:t', [{ containerName: 'x', inspection: seen({ running: true, startedAt: new Date(1) }) }], options, NOW);
    expect(state).toMatchObject({ desiredStatus: 'STOPPED', knownStatus: 'RUNNING', containers: [{ name: 'x', knownStatus: 'RUNNING', runtimeId: 'rid' }] });
  });
});
