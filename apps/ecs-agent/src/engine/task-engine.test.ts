import { afterEach, describe, expect, it } from 'vitest';
import { FakeRuntime } from './fake-runtime.js';
import { TaskEngine, type TaskStateChange } from './task-engine.js';
import { containerDef, desiredTask, testEngineConfig } from './test-fixtures.js';

/** The engine's bookkeeping against an in-memory runtime; real Docker behaviour is in the *.int.test.ts files. */
let engines: TaskEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.map((e) => e.close()));
  engines = [];
});

function setup(config: Partial<typeof testEngineConfig> = {}) {
  const runtime = new FakeRuntime();
  const changes: TaskStateChange[] = [];
  const engine = new TaskEngine({ runtime, config: { ...testEngineConfig, ...config }, onChange: (c) => changes.push(c), isPortFree: async () => true });
  engines.push(engine);
  const latest = (arn: string) => changes.filter((c) => c.taskArn === arn).at(-1);
  return { runtime, engine, changes, latest };
}

const sleepTask = () => desiredTask([containerDef({ name: 'main', command: ['sleep', '300'] })]);

describe('TaskEngine (fake runtime)', () => {
  it('never starts a task twice, however often the desired set repeats it', async () => {
    const { runtime, engine, latest } = setup();
    await engine.start();
    const task = sleepTask();
    for (let i = 0; i < 5; i++) engine.applyDesired([task]);
    await expect.poll(() => latest(task.taskArn)?.status).toBe('RUNNING');
    engine.applyDesired([task]);
    expect(runtime.calls.filter((c) => c.startsWith('createContainer'))).toHaveLength(1);
    expect(runtime.calls.filter((c) => c.startsWith('startContainer'))).toHaveLength(1);
    expect(engine.runningContainerCount()).toBe(1);
  });

  it('emits a change only when something visible changed', async () => {
    const { engine, changes } = setup();
    await engine.start();
    const task = sleepTask();
    engine.applyDesired([task]);
    await expect.poll(() => changes.at(-1)?.status).toBe('RUNNING');
    const keys = changes.map((c) => JSON.stringify(c));
    expect(new Set(keys).size).toBe(keys.length);
    expect(changes.map((c) => c.containers[0]!.status)).toEqual(['NONE', 'PULLED', 'CREATED', 'RUNNING']);
  });

  it('stops a task that disappears from the desired set', async () => {
    const { engine, latest } = setup();
    await engine.start();
    const task = sleepTask();
    engine.applyDesired([task]);
    await expect.poll(() => latest(task.taskArn)?.status).toBe('RUNNING');
    engine.applyDesired([]);
    await expect.poll(() => latest(task.taskArn)?.status).toBe('STOPPED');
    expect(latest(task.taskArn)?.containers[0]?.exitCode).toBe(143);
  });

  it('a task stopped while Docker is starting its container ends with that container stopped, not left running', async () => {
    const { runtime, engine, latest } = setup();
    await engine.start();
    let release!: () => void;
    runtime.holds.set('startContainer', new Promise<void>((resolve) => (release = resolve)));
    const task = sleepTask();
    engine.applyDesired([task]);
    await expect.poll(() => runtime.calls.some((c) => c.startsWith('startContainer'))).toBe(true);
    engine.applyDesired([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect.poll(() => latest(task.taskArn)?.status).toBe('STOPPED');
    expect([...runtime.containers.values()].filter((c) => c.running)).toHaveLength(0);
    expect(runtime.calls.filter((c) => c.startsWith('stopContainer'))).toHaveLength(1);
  });

  it('turns a Docker die event into a STOPPED task with the exit code', async () => {
    const { runtime, engine, latest } = setup();
    await engine.start();
    const task = sleepTask();
    engine.applyDesired([task]);
    await expect.poll(() => latest(task.taskArn)?.status).toBe('RUNNING');
    runtime.exit(latest(task.taskArn)!.containers[0]!.runtimeId!, 137);
    await expect.poll(() => latest(task.taskArn)?.status).toBe('STOPPED');
    expect(latest(task.taskArn)).toMatchObject({ stopCode: 'EssentialContainerExited', containers: [{ exitCode: 137 }] });
    expect(engine.runningContainerCount()).toBe(0);
  });

  it('reports STOPPED for a desired-STOPPED task it never ran, without touching Docker', async () => {
    const { runtime, engine, latest } = setup();
    await engine.start();
    const task = { ...sleepTask(), desiredStatus: 'STOPPED' as const };
    engine.applyDesired([task]);
    await expect.poll(() => latest(task.taskArn)?.status).toBe('STOPPED');
    expect(runtime.calls).toEqual([]);
  });

  it('refuses privileged containers when ECS_DISABLE_PRIVILEGED', async () => {
    const { engine, latest } = setup({ disablePrivileged: true });
    await engine.start();
    const task = desiredTask([containerDef({ name: 'main', privileged: true })]);
    engine.applyDesired([task]);
    await expect.poll(() => latest(task.taskArn)?.status).toBe('STOPPED');
    expect(latest(task.taskArn)?.reason).toBe('CannotStartContainerError: privileged containers are disabled on this instance (ECS_DISABLE_PRIVILEGED)');
  });

  const INSTANCE = 'arn:aws:ecs:local:000000000000:container-instance/default/' + 'a'.repeat(32);

  it('recovers: re-adopts running containers, stops those it started for this instance that are no longer wanted, reports vanished ones', async () => {
    const first = setup();
    first.engine.identify(INSTANCE);
    await first.engine.start();
    const kept = sleepTask();
    const orphan = sleepTask();
    first.engine.applyDesired([kept, orphan]);
    await expect.poll(() => [first.latest(kept.taskArn)?.status, first.latest(orphan.taskArn)?.status]).toEqual(['RUNNING', 'RUNNING']);
    await first.engine.close();

    const changes: TaskStateChange[] = [];
    const engine = new TaskEngine({ runtime: first.runtime, config: testEngineConfig, onChange: (c) => changes.push(c), isPortFree: async () => true });
    engines.push(engine);
    engine.identify(INSTANCE);
    await engine.start();
    await engine.recover();
    const vanished = { ...sleepTask(), lastStatus: 'RUNNING' as const };
    engine.applyDesired([kept, vanished]);
    const latest = (arn: string) => changes.filter((c) => c.taskArn === arn).at(-1);
    await expect.poll(() => [latest(kept.taskArn)?.status, latest(orphan.taskArn)?.status, latest(vanished.taskArn)?.status]).toEqual(['RUNNING', 'STOPPED', 'STOPPED']);
    expect(first.runtime.calls.filter((c) => c.startsWith('startContainer'))).toHaveLength(2);
    expect(latest(vanished.taskArn)?.containers[0]?.reason).toMatch(/^ContainerVanishedError: /);
    expect(latest(orphan.taskArn)?.containers[0]?.exitCode).toBe(143);
  });

  it.each([
    ['another instance (another control plane, or an earlier ECS_DATADIR)', 'arn:aws:ecs:local:000000000000:container-instance/default/' + 'b'.repeat(32)],
    ['no instance (started before Berth labelled them)', undefined],
  ])('leaves alone a task of its cluster started for %s, unless its desired set names it', async (_name, startedFor) => {
    const first = setup();
    if (startedFor) first.engine.identify(startedFor);
    await first.engine.start();
    const foreign = sleepTask();
    const adopted = sleepTask();
    first.engine.applyDesired([foreign, adopted]);
    await expect.poll(() => [first.latest(foreign.taskArn)?.status, first.latest(adopted.taskArn)?.status]).toEqual(['RUNNING', 'RUNNING']);
    await first.engine.close();

    const changes: TaskStateChange[] = [];
    const warnings: string[] = [];
    const log = { warn: (msg: string) => warnings.push(msg), info: () => undefined, error: () => undefined, debug: () => undefined, child: () => log } as never;
    const engine = new TaskEngine({ runtime: first.runtime, config: testEngineConfig, onChange: (c) => changes.push(c), isPortFree: async () => true, log });
    engines.push(engine);
    engine.identify(INSTANCE);
    await engine.start();
    await engine.recover();
    engine.applyDesired([{ ...adopted, lastStatus: 'RUNNING' }]);
    await expect.poll(() => changes.filter((c) => c.taskArn === adopted.taskArn).at(-1)?.status).toBe('RUNNING');
    await new Promise((r) => setTimeout(r, 50));
    expect(changes.filter((c) => c.taskArn === foreign.taskArn)).toEqual([]);
    expect(first.runtime.calls.filter((c) => c.startsWith('stopContainer'))).toEqual([]);
    expect(warnings.filter((w) => /not this instance's \(unmanaged\)/.test(w))).toHaveLength(1);
  });

  it('labels the containers it starts with the instance it registered as', async () => {
    const { runtime, engine, latest } = setup();
    engine.identify(INSTANCE);
    await engine.start();
    const task = sleepTask();
    engine.applyDesired([task]);
    await expect.poll(() => latest(task.taskArn)?.status).toBe('RUNNING');
    const [container] = await runtime.listManagedContainers();
    expect(container!.labels['berth.container-instance-arn']).toBe(INSTANCE);
  });

  it('recovers only containers of its own cluster', async () => {
    const first = setup();
    await first.engine.start();
    const task = sleepTask();
    first.engine.applyDesired([task]);
    await expect.poll(() => first.latest(task.taskArn)?.status).toBe('RUNNING');
    await first.engine.close();
    const changes: TaskStateChange[] = [];
    const other = new TaskEngine({ runtime: first.runtime, config: testEngineConfig, cluster: 'elsewhere', onChange: (c) => changes.push(c) });
    engines.push(other);
    await other.recover();
    other.applyDesired([]);
    await new Promise((r) => setTimeout(r, 50));
    expect(changes).toEqual([]);
    expect(first.runtime.calls.filter((c) => c.startsWith('stopContainer'))).toEqual([]);
  });

  it('releases dynamic ports when a task stops so they can be reused', async () => {
    const { engine, latest } = setup({ dynamicHostPortRange: { start: 42000, end: 42000 } });
    await engine.start();
    const web = () => desiredTask([containerDef({ name: 'web', portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }] })]);
    const a = web();
    engine.applyDesired([a]);
    await expect.poll(() => latest(a.taskArn)?.status).toBe('RUNNING');
    const b = web();
    engine.applyDesired([a, b]);
    await expect.poll(() => latest(b.taskArn)?.status).toBe('STOPPED');
    expect(latest(b.taskArn)?.reason).toMatch(/no free host port/);
    engine.applyDesired([]);
    await expect.poll(() => latest(a.taskArn)?.status).toBe('STOPPED');
    const c = web();
    engine.applyDesired([c]);
    await expect.poll(() => latest(c.taskArn)?.status).toBe('RUNNING');
    expect(latest(c.taskArn)?.containers[0]?.networkBindings[0]?.hostPort).toBe(42000);
  });
});
