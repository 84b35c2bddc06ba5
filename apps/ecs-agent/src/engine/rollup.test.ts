import type { ContainerStatus } from '@berth/domain';
import { describe, expect, it } from 'vitest';
import { rollupTaskStatus, type EngineTaskStatus } from './rollup.js';
import { container, task } from './test-fixtures.js';
import { failContainer, patchContainer, stopTask } from './task-state.js';

const of = (...statuses: ContainerStatus[]) => statuses.map((knownStatus) => ({ knownStatus }));

describe('rollupTaskStatus', () => {
  const cases: [ContainerStatus[], 'RUNNING' | 'STOPPED', EngineTaskStatus, EngineTaskStatus][] = [
    [['NONE', 'NONE'], 'RUNNING', 'NONE', 'PENDING'],
    [['PULLED', 'RUNNING'], 'RUNNING', 'PENDING', 'PENDING'],
    [['CREATED', 'RUNNING'], 'RUNNING', 'PENDING', 'PENDING'],
    [['RUNNING', 'RUNNING'], 'RUNNING', 'PENDING', 'RUNNING'],
    // A non-essential container that already exited does not hold the task back.
    [['RUNNING', 'STOPPED'], 'RUNNING', 'PENDING', 'RUNNING'],
    [['STOPPED', 'STOPPED'], 'STOPPED', 'RUNNING', 'STOPPED'],
    [['STOPPED', 'STOPPED'], 'RUNNING', 'PENDING', 'STOPPED'],
    // Never backwards.
    [['CREATED', 'RUNNING'], 'RUNNING', 'RUNNING', 'RUNNING'],
    // A task on its way down is not announced RUNNING.
    [['RUNNING', 'STOPPED'], 'STOPPED', 'PENDING', 'PENDING'],
    [['RUNNING', 'STOPPED'], 'STOPPED', 'RUNNING', 'RUNNING'],
    [[], 'STOPPED', 'NONE', 'STOPPED'],
  ];
  it.each(cases)('%o desired %s (was %s) → %s', (statuses, desired, previous, expected) => {
    expect(rollupTaskStatus(of(...statuses), desired, previous)).toBe(expected);
  });
});

describe('task state reducers', () => {
  const NOW = 5_000;

  it('records startedAt when the task first runs and executionStoppedAt when all containers stopped', () => {
    let t = task([container({ name: 'a', knownStatus: 'CREATED' })]);
    t = patchContainer(t, 'a', { knownStatus: 'RUNNING', startedAt: NOW }, NOW);
    expect(t).toMatchObject({ knownStatus: 'RUNNING', startedAt: NOW });
    t = patchContainer(t, 'a', { knownStatus: 'STOPPED', exitCode: 0 }, NOW + 10);
    expect(t).toMatchObject({ knownStatus: 'STOPPED', executionStoppedAt: NOW + 10 });
    expect(t.containers[0]).toMatchObject({ exitCode: 0, finishedAt: NOW + 10 });
  });

  it('never moves a container backwards and keeps the first exit code and reason', () => {
    let t = task([container({ name: 'a', knownStatus: 'STOPPED', exitCode: 137, reason: 'first' })]);
    t = patchContainer(t, 'a', { knownStatus: 'RUNNING', exitCode: 0, reason: 'second' }, NOW);
    expect(t.containers[0]).toMatchObject({ knownStatus: 'STOPPED', exitCode: 137, reason: 'first' });
  });

  it('truncates reasons to 1024 characters', () => {
    const t = failContainer(task([container({ name: 'a' })]), 'a', 'x'.repeat(5000), NOW);
    expect(t.containers[0]!.reason).toHaveLength(1024);
  });

  it('keeps the first stop code and reason and stops every container', () => {
    let t = stopTask(task([container({ name: 'a', knownStatus: 'RUNNING' })]), NOW, 'EssentialContainerExited', 'one');
    t = stopTask(t, NOW, 'UserInitiated', 'two');
    expect(t).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', reason: 'one' });
    expect(t.containers[0]!.desiredStatus).toBe('STOPPED');
  });

  it('tracks the first pull start and the last pull stop', () => {
    let t = task([container({ name: 'a' }), container({ name: 'b' })]);
    t = patchContainer(t, 'a', { knownStatus: 'PULLED', pullStartedAt: 10, pullStoppedAt: 50 }, NOW);
    t = patchContainer(t, 'b', { knownStatus: 'PULLED', pullStartedAt: 20, pullStoppedAt: 40 }, NOW);
    expect(t).toMatchObject({ pullStartedAt: 10, pullStoppedAt: 50 });
  });
});
