import { describe, expect, it } from 'vitest';
import type { Task } from './task-entity.js';
import { abandonedTaskPatch, stopTaskPatch } from './task-patch.js';
import { task } from './task.fixtures.js';

const now = new Date('2026-11-25T00:00:10Z');
const REASON = 'Container instance b was deregistered with force; its containers are no longer tracked.';

describe('stopTaskPatch', () => {
  it.each<[string, Partial<Task>, boolean | undefined]>([
    ['a task no agent started stops at once', { lastStatus: 'PROVISIONING' }, true],
    ['a running task waits for its agent', { lastStatus: 'RUNNING' }, false],
    ['a task already meant to stop keeps its first reason', { lastStatus: 'RUNNING', desiredStatus: 'STOPPED' }, undefined],
  ])('%s', (_name, over, releasesNow) => {
    expect(stopTaskPatch(task(over), { stopCode: 'UserInitiated', reason: 'r' }, now)?.releasesNow).toBe(releasesNow);
  });
});

describe('abandonedTaskPatch', () => {
  it('ends a running task and its containers with the reason', () => {
    const running = task({ lastStatus: 'RUNNING', containers: task().containers.map((c, i) => ({ ...c, lastStatus: i === 0 ? 'RUNNING' : 'STOPPED', exitCode: i === 0 ? undefined : 0 })) });
    const patch = abandonedTaskPatch(running, REASON, now)!;
    expect(patch).toMatchObject({ desiredStatus: 'STOPPED', lastStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: REASON, stoppedAt: now });
    expect(patch.containers!.map((c) => [c.lastStatus, c.reason])).toEqual([['STOPPED', REASON], ['STOPPED', undefined]]);
  });

  it('keeps the stop code and reason of a task already being stopped', () => {
    const patch = abandonedTaskPatch(task({ lastStatus: 'RUNNING', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'exited' }), REASON, now)!;
    expect(patch).not.toHaveProperty('stopCode');
    expect(patch).not.toHaveProperty('stoppedReason');
    expect(patch.lastStatus).toBe('STOPPED');
  });

  it('leaves a stopped task as it is', () => {
    expect(abandonedTaskPatch(task({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED' }), REASON, now)).toBeUndefined();
  });
});
