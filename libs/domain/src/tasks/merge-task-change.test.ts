import { describe, expect, it } from 'vitest';
import { task } from './task.fixtures.js';
import { mergeTaskChange, type ReportedTaskChange } from './merge-task-change.js';

const now = new Date('2026-11-25T00:00:10Z');
const container = (name: string, status: ReportedTaskChange['containers'][number]['status'], over: Partial<ReportedTaskChange['containers'][number]> = {}) => ({
  name,
  status,
  runtimeId: 'r-' + name,
  imageDigest: '',
  reason: '',
  networkBindings: [],
  healthStatus: '' as const,
  ...over,
});
const change = (status: ReportedTaskChange['status'], containers: ReportedTaskChange['containers'], over: Partial<ReportedTaskChange> = {}): ReportedTaskChange => ({
  status,
  reason: '',
  containers,
  ...over,
});

describe('mergeTaskChange', () => {
  it('moves a task to RUNNING, records startedAt and container details', () => {
    const patch = mergeTaskChange(task(), change('RUNNING', [container('web', 'RUNNING', { healthStatus: 'HEALTHY', networkBindings: [{ bindIP: '127.0.0.1', containerPort: 80, hostPort: 49153, protocol: 'tcp' }] })]), now)!;
    expect(patch.lastStatus).toBe('RUNNING');
    expect(patch.startedAt).toEqual(now);
    expect(patch.containers![0]).toMatchObject({ lastStatus: 'RUNNING', runtimeId: 'r-web', healthStatus: 'HEALTHY', networkBindings: [{ hostPort: 49153 }] });
    expect(patch.containers![1]!.lastStatus).toBe('NONE');
    expect(patch.healthStatus).toBe('HEALTHY');
  });

  it.each([
    ['RUNNING task, late PENDING report', 'RUNNING', 'PENDING', 'RUNNING'],
    ['PENDING task, RUNNING report', 'PENDING', 'RUNNING', 'RUNNING'],
    ['PROVISIONING task, PENDING report', 'PROVISIONING', 'PENDING', 'PENDING'],
  ] as const)('status never moves backwards: %s', (_name, from, reported, expected) => {
    expect(mergeTaskChange(task({ lastStatus: from }), change(reported, []), now)!.lastStatus).toBe(expected);
  });

  it('a container status never moves backwards either', () => {
    const running = task({ containers: [{ ...task().containers[0]!, lastStatus: 'RUNNING', runtimeId: 'keep' }] });
    const patch = mergeTaskChange(running, change('PENDING', [container('web', 'CREATED', { runtimeId: 'other' })]), now)!;
    expect(patch.containers![0]).toMatchObject({ lastStatus: 'RUNNING', runtimeId: 'keep' });
  });

  it('changes nothing on a task already STOPPED (a redelivered report)', () => {
    expect(mergeTaskChange(task({ lastStatus: 'STOPPED' }), change('RUNNING', []), now)).toBeUndefined();
  });

  it.each([
    ['after it ran: EssentialContainerExited', { startedAt: new Date(0) }, {}, 'EssentialContainerExited', 'Essential container in task exited'],
    ['never ran: TaskFailedToStart with the agent reason', {}, { reason: 'CannotPullContainerError: no such image' }, 'TaskFailedToStart', 'CannotPullContainerError: no such image'],
    ['the agent names the stop code', {}, { stopCode: 'EssentialContainerExited' as const }, 'EssentialContainerExited', 'Essential container in task exited'],
  ])('a task that stops on its own: %s', (_name, taskOver, changeOver, stopCode, reason) => {
    const patch = mergeTaskChange(task(taskOver), change('STOPPED', [container('web', 'STOPPED', { exitCode: 1 })], changeOver), now)!;
    expect(patch).toMatchObject({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode, stoppedReason: reason, stoppedAt: now });
    expect(patch.containers![0]!.exitCode).toBe(1);
  });

  it('keeps the stop code a user gave', () => {
    const patch = mergeTaskChange(task({ stopCode: 'UserInitiated', stoppedReason: 'bye', desiredStatus: 'STOPPED' }), change('STOPPED', []), now)!;
    expect(patch.stopCode).toBeUndefined();
    expect(patch.stoppedReason).toBeUndefined();
  });

  it('bounds reasons at 1024 characters', () => {
    const patch = mergeTaskChange(task(), change('STOPPED', [container('web', 'STOPPED', { reason: 'x'.repeat(5000) })], { reason: 'y'.repeat(5000) }), now)!;
    expect(patch.containers![0]!.reason).toHaveLength(1024);
    expect(patch.stoppedReason).toHaveLength(1024);
  });
});
