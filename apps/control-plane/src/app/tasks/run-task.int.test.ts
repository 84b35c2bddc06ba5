import { beforeEach, describe, expect, it } from 'vitest';
import { EcsError } from '@berth/domain';
import { placementRequest } from '@berth/scheduler';
import { launchSpec } from '@berth/domain';
import { storeBackends, type StoreBackend } from '@berth/state-store/testing';
import { useAppHarness, webDefinition, type AppHarness } from '../testing/app-harness.js';
import { commitPlacements } from '../placement/commit-placements.js';
import { resolveTaskDefinition } from '../task-definitions.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON, checked by the assertions

const errorOf = async (promise: Promise<unknown>): Promise<EcsError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof EcsError)) throw new Error(`expected an EcsError, got ${String(error)}`);
  return error;
};

describe.each(storeBackends)('RunTask, StartTask, StopTask on %s', (_kind, start) => {
  const current = useAppHarness(start);
  let h: AppHarness;
  let backend: StoreBackend;
  beforeEach(() => {
    ({ h, backend } = current);
  });

  const instanceUsage = async (id: string) => (await backend.store.read.findContainerInstance('c', id))!;

  it('places, commits, reserves and pushes the desired set to the agent on that instance', async () => {
    const host = await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    const out: Json = await h.call('RunTask', { cluster: 'c', taskDefinition: 'web', count: 2 });
    expect(out.failures).toEqual([]);
    expect(out.tasks).toHaveLength(2);
    expect(out.tasks[0]).toMatchObject({ lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING', group: 'family:web', memory: '256', containerInstanceArn: host.arn });
    expect(typeof out.tasks[0].createdAt).toBe('number');
    const usage = await instanceUsage(host.id);
    expect(usage.reservedResources).toMatchObject({ memory: 512 });
    expect(usage.pendingTasksCount).toBe(2);
    const pushed = h.desiredSets(host.id).at(-1)?.tasks ?? [];
    expect(pushed.map((t) => t.taskArn).sort()).toEqual(out.tasks.map((t: Json) => t.taskArn).sort());
    expect(pushed[0]!.taskDefinition).toMatchObject({ family: 'web', revision: 1 });
  });

  it.each([
    ['count above the limit', { count: 11 }, 'InvalidParameterException', 'count must be between 1 and 10.'],
    ['count zero', { count: 0 }, 'InvalidParameterException', 'count must be between 1 and 10.'],
    ['count not a number', { count: 'two' }, 'InvalidParameterException', 'count must be a number, got "two".'],
    ['count a fraction', { count: 1.5 }, 'InvalidParameterException', 'count must be an integer, got 1.5.'],
    ['an unknown definition', { taskDefinition: 'nope' }, 'ClientException', "Unable to describe task definition 'nope'."],
    ['no definition', { taskDefinition: undefined }, 'InvalidParameterException', 'taskDefinition is required.'],
    ['an unknown cluster', { cluster: 'other' }, 'ClusterNotFoundException', 'Cluster not found.'],
    ['a bad strategy', { placementStrategy: [{ type: 'binpack', field: 'disk' }] }, 'InvalidParameterException', "placementStrategy[0].field must be cpu or memory for binpack, got 'disk'."],
    ['a bad memberOf', { placementConstraints: [{ type: 'memberOf', expression: 'attribute:x ==' }] }, 'InvalidParameterException', /position/],
    ['an override of an unknown container', { overrides: { containerOverrides: [{ name: 'nope' }] } }, 'InvalidParameterException', /Override for container named 'nope' is not a container in the TaskDefinition/],
    ['a group too long', { group: 'g'.repeat(256) }, 'InvalidParameterException', 'group can be at most 255 characters.'],
    ['a bad client token', { clientToken: 'x'.repeat(65) }, 'InvalidParameterException', 'clientToken must be 1 to 64 printable ASCII characters.'],
  ])('refuses %s and stores nothing', async (_name, over, errorName, message) => {
    await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    const error = await errorOf(h.call('RunTask', { cluster: 'c', taskDefinition: 'web', ...over }));
    expect(error.errorName).toBe(errorName);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    expect(await backend.store.read.listTasks({ clusterName: 'c', desiredStatus: 'RUNNING', limit: 10 })).toEqual([]);
  });

  it('says so when the cluster has no instances', async () => {
    await h.call('RegisterTaskDefinition', webDefinition());
    expect((await errorOf(h.call('RunTask', { cluster: 'c', taskDefinition: 'web' }))).message).toBe('No Container Instances were found in your cluster.');
  });

  it("answers what does not fit with ECS's reason and the closest instance", async () => {
    const host = await h.addInstance('c', { resources: { memory: 600 } });
    await h.call('RegisterTaskDefinition', webDefinition());
    const out: Json = await h.call('RunTask', { cluster: 'c', taskDefinition: 'web', count: 3 });
    expect(out.tasks).toHaveLength(2);
    expect(out.failures).toEqual([{ arn: host.arn, reason: 'RESOURCE:MEMORY', detail: expect.any(String) }]);
  });

  it("binds the task definition's own memberOf constraint", async () => {
    await h.addInstance('c', { attributes: [{ name: 'disk', value: 'hdd' }] });
    const ssd = await h.addInstance('c', { attributes: [{ name: 'disk', value: 'ssd' }] });
    await h.call('RegisterTaskDefinition', webDefinition('web', { placementConstraints: [{ type: 'memberOf', expression: 'attribute:disk == ssd' }] }));
    const out: Json = await h.call('RunTask', { cluster: 'c', taskDefinition: 'web', count: 3 });
    expect(out.tasks.map((t: Json) => t.containerInstanceArn)).toEqual([ssd.arn, ssd.arn, ssd.arn]);
  });

  it('repeats the first answer for a repeated clientToken, refuses it for another request', async () => {
    await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    const first: Json = await h.call('RunTask', { cluster: 'c', taskDefinition: 'web', clientToken: 'tok', count: 2 });
    const again: Json = await h.call('RunTask', { cluster: 'c', taskDefinition: 'web:1', clientToken: 'tok', count: 2 });
    expect(again.tasks.map((t: Json) => t.taskArn)).toEqual(first.tasks.map((t: Json) => t.taskArn));
    const conflict = await errorOf(h.call('RunTask', { cluster: 'c', taskDefinition: 'web', clientToken: 'tok', count: 1 }));
    expect(conflict.errorName).toBe('ConflictException');
    expect(conflict.message).toContain(first.tasks[0].taskArn);
    expect(await backend.store.read.listTasks({ clusterName: 'c', desiredStatus: 'RUNNING', limit: 10 })).toHaveLength(2);
  });

  it('StartTask places one task on each named instance and reports the others', async () => {
    const a = await h.addInstance('c');
    const small = await h.addInstance('c', { resources: { memory: 100 } });
    await h.call('RegisterTaskDefinition', webDefinition());
    const out: Json = await h.call('StartTask', { cluster: 'c', taskDefinition: 'web', containerInstances: [a.id, small.arn, 'f'.repeat(32)] });
    expect(out.tasks.map((t: Json) => t.containerInstanceArn)).toEqual([a.arn]);
    expect(out.failures.map((f: Json) => f.reason).sort()).toEqual(['AGENT', 'RESOURCE:MEMORY']);
  });

  it('StopTask ends a task no agent started at once and frees its resources; a running one only gets desired STOPPED', async () => {
    const host = await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    const [provisioning, running]: Json[] = ((await h.call('RunTask', { cluster: 'c', taskDefinition: 'web', count: 2 })) as Json).tasks;
    const stored = await backend.store.read.findTask('c', running!.taskArn.split('/').at(-1));
    await backend.store.transaction((tx) => tx.updateTask(stored!.id, { lastStatus: 'RUNNING' }, h.app.now()));

    const stopped: Json = await h.call('StopTask', { cluster: 'c', task: provisioning!.taskArn, reason: 'bye' });
    expect(stopped.task).toMatchObject({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'bye' });
    expect((await instanceUsage(host.id)).reservedResources.memory).toBe(256);

    const stopping: Json = await h.call('StopTask', { cluster: 'c', task: running!.taskArn });
    expect(stopping.task).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'STOPPED', stoppedReason: 'Task stopped by user' });
    const again: Json = await h.call('StopTask', { cluster: 'c', task: running!.taskArn, reason: 'second' });
    expect(again.task.stoppedReason).toBe('Task stopped by user');
    expect((h.desiredSets(host.id).at(-1)?.tasks ?? []).map((t) => [t.taskArn, t.desiredStatus])).toEqual([[running!.taskArn, 'STOPPED']]);
  });

  it('DescribeTasks answers unknown ids as MISSING failures', async () => {
    await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    const [task]: Json[] = ((await h.call('RunTask', { cluster: 'c', taskDefinition: 'web' })) as Json).tasks;
    const out: Json = await h.call('DescribeTasks', { cluster: 'c', tasks: [task!.taskArn, 'a'.repeat(32)] });
    expect(out.tasks.map((t: Json) => t.taskArn)).toEqual([task!.taskArn]);
    expect(out.failures).toEqual([{ arn: 'a'.repeat(32), reason: 'MISSING' }]);
  });

  it('the applier refuses a placement that stopped fitting between plan and commit', async () => {
    const host = await h.addInstance('c', { resources: { memory: 300 } });
    await h.call('RegisterTaskDefinition', webDefinition());
    const definition = await resolveTaskDefinition(backend.store.read, 'web');
    const spec = launchSpec({ clusterName: 'c', definition });
    const request = placementRequest(spec, { count: 1, constraints: [], strategies: [], seed: 1 });
    // Two plans made on the same snapshot both chose the host; only the first still fits when committed.
    const first = await backend.store.transaction((tx) => commitPlacements(tx, h.app, spec, request, [host.id]));
    const second = await backend.store.transaction((tx) => commitPlacements(tx, h.app, spec, request, [host.id]));
    expect(first.tasks).toHaveLength(1);
    expect(second.tasks).toEqual([]);
    expect(second.failures).toEqual([{ arn: host.arn, reason: 'RESOURCE:MEMORY', detail: expect.stringMatching(/^Changed while placing/) }]);
    expect((await instanceUsage(host.id)).reservedResources.memory).toBe(256);
  });

  it('concurrent RunTask callers never over-commit an instance that is nearly full', async () => {
    const host = await h.addInstance('c', { resources: { memory: 256 * 5 + 100 } });
    await h.call('RegisterTaskDefinition', webDefinition());
    const callers = 16;
    const answers: Json[] = await Promise.all(Array.from({ length: callers }, () => h.call('RunTask', { cluster: 'c', taskDefinition: 'web' })));
    const placed = answers.reduce((n, a) => n + a.tasks.length, 0);
    const failed = answers.reduce((n, a) => n + a.failures.length, 0);
    expect(placed).toBe(5);
    expect(placed + failed).toBe(callers);
    const usage = await instanceUsage(host.id);
    expect(usage.reservedResources.memory).toBe(256 * 5);
    expect(usage.reservedResources.memory).toBeLessThanOrEqual(usage.registeredResources.memory);
    expect(await backend.store.read.activeTasksOnInstances([host.id])).toHaveLength(5);
  });
});
