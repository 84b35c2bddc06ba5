import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from './int-harness.js';
import { ContainerNotFoundError, createLogStreamer } from './logs.js';
import type { LogChunk } from './runtime.js';

const exec = promisify(execFile);
const h = new EngineHarness();

beforeAll(() => h.engine.start());
afterAll(() => h.close());

describe('task engine on Docker: lifecycle', () => {
  it('stops the task with the exit code when an essential container exits', async () => {
    const task = h.start([h.def({ name: 'main', command: ['sh', '-c', 'exit 3'] })]);
    const stopped = await h.waitForStatus(task.taskArn, 'STOPPED');
    expect(stopped).toMatchObject({ stopCode: 'EssentialContainerExited', reason: 'Essential container in task exited' });
    expect(stopped.containers[0]).toMatchObject({ name: 'main', status: 'STOPPED', exitCode: 3 });
    expect(stopped.containers[0]!.runtimeId).toMatch(/^[0-9a-f]{64}$/);
    expect(stopped.executionStoppedAt).toBeInstanceOf(Date);
    // The reporter sees the task go through PENDING and RUNNING (or straight to STOPPED) and never backwards.
    const statuses = h.changes.filter((c) => c.taskArn === task.taskArn).map((c) => c.status);
    expect(statuses[0]).toBe('PENDING');
    expect(statuses.at(-1)).toBe('STOPPED');
  });

  it('reports STOPPED with exit code 137 when a container is killed behind its back', async () => {
    const task = h.start([h.def({ name: 'main', command: ['sleep', '300'] })]);
    const running = await h.waitForStatus(task.taskArn, 'RUNNING');
    expect(h.engine.runningContainerCount()).toBeGreaterThanOrEqual(1);
    const killedAt = Date.now();
    await exec('docker', ['kill', running.containers[0]!.runtimeId!]);
    const stopped = await h.waitForStatus(task.taskArn, 'STOPPED', 10_000);
    expect(Date.now() - killedAt).toBeLessThan(3_000);
    expect(stopped.containers[0]).toMatchObject({ status: 'STOPPED', exitCode: 137 });
    expect(stopped.stopCode).toBe('EssentialContainerExited');
  });

  it('stops a container that handles SIGTERM within its stopTimeout', async () => {
    const task = h.start([h.def({ name: 'main', stopTimeout: 10, command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 0.1; done"] })]);
    await h.waitForStatus(task.taskArn, 'RUNNING');
    const t0 = Date.now();
    h.stop(task.taskArn);
    const stopped = await h.waitForStatus(task.taskArn, 'STOPPED');
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(stopped.containers[0]).toMatchObject({ exitCode: 0 });
  });

  it('kills a container that ignores SIGTERM after its stopTimeout (exit 137)', async () => {
    const task = h.start([h.def({ name: 'main', stopTimeout: 2, command: ['sh', '-c', "trap '' TERM; while true; do sleep 0.1; done"] })]);
    await h.waitForStatus(task.taskArn, 'RUNNING');
    const t0 = Date.now();
    h.stop(task.taskArn);
    const stopped = await h.waitForStatus(task.taskArn, 'STOPPED');
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(1_800);
    expect(elapsed).toBeLessThan(8_000);
    expect(stopped.containers[0]).toMatchObject({ exitCode: 137 });
  });

  it('starts two tasks concurrently', async () => {
    const a = h.start([h.def({ name: 'main', command: ['sleep', '1'] })]);
    const b = h.start([h.def({ name: 'main', command: ['sleep', '1'] })]);
    const [sa, sb] = await Promise.all([h.waitForStatus(a.taskArn, 'STOPPED'), h.waitForStatus(b.taskArn, 'STOPPED')]);
    const [ia, ib] = await Promise.all([h.inspect(sa.containers[0]!.runtimeId), h.inspect(sb.containers[0]!.runtimeId)]);
    const starts = [ia.startedAt!.getTime(), ib.startedAt!.getTime()];
    const ends = [ia.finishedAt!.getTime(), ib.finishedAt!.getTime()];
    expect(Math.max(...starts)).toBeLessThan(Math.min(...ends));
  });

  it('applies command and environment overrides', async () => {
    const task = h.start([h.def({ name: 'main', command: ['sh', '-c', 'echo not overridden'], environment: [{ name: 'A', value: 'def' }, { name: 'B', value: 'keep' }] })], {
      overrides: { containerOverrides: [{ name: 'main', command: ['sh', '-c', 'echo "$A-$B-$C"'], environment: [{ name: 'A', value: 'over' }, { name: 'C', value: 'new' }] }] },
    });
    await h.waitForStatus(task.taskArn, 'STOPPED');
    expect((await h.output(task.taskArn, 'main')).trim()).toBe('over-keep-new');
  });

  it('mounts a host path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-engine-'));
    try {
      await writeFile(join(dir, 'hello.txt'), 'from the host\n');
      const task = h.start([h.def({ name: 'main', command: ['cat', '/data/hello.txt'], mountPoints: [{ sourceVolume: 'host', containerPath: '/data', readOnly: true }] })], {
        definition: { volumes: [{ name: 'host', host: { sourcePath: dir } }] },
      });
      const stopped = await h.waitForStatus(task.taskArn, 'STOPPED');
      expect(stopped.containers[0]!.exitCode).toBe(0);
      expect(await h.output(task.taskArn, 'main')).toBe('from the host\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('removes the containers and task volumes after the STOPPED acknowledgement', async () => {
    const task = h.start([h.def({ name: 'main', command: ['true'], mountPoints: [{ sourceVolume: 'scratch', containerPath: '/s', readOnly: false }] })], {
      definition: { volumes: [{ name: 'scratch' }] },
    });
    const stopped = await h.waitForStatus(task.taskArn, 'STOPPED');
    const id = stopped.containers[0]!.runtimeId!;
    h.engine.acknowledgeStopped(task.taskArn);
    await expect.poll(() => h.runtime.inspectContainer(id, AbortSignal.timeout(5_000)), { timeout: 10_000 }).toBeUndefined();
    await expect.poll(() => h.engine.describe(task.taskArn), { timeout: 10_000 }).toBeUndefined();
    const { stdout } = await exec('docker', ['volume', 'ls', '-q']);
    expect(stdout).not.toContain(task.taskArn.split('/').at(-1));
    // A late desired set naming the cleaned-up task must not start it again.
    const before = h.changes.length;
    h.engine.applyDesired([task]);
    expect(h.engine.describe(task.taskArn)).toBeUndefined();
    expect(h.changes.length).toBe(before);
  });

  it('streams a container’s logs, following, with tail, and after it stopped', async () => {
    const task = h.start([h.def({ name: 'main', command: ['sh', '-c', 'echo one; sleep 0.3; echo two >&2; sleep 0.3; echo three; sleep 300'] })]);
    await h.waitForStatus(task.taskArn, 'RUNNING');
    const streamLogs = createLogStreamer(h.runtime);
    const follow = new AbortController();
    const seen: string[] = [];
    const stream = await streamLogs(task.taskArn, 'main', { follow: true }, follow.signal);
    for await (const chunk of stream as AsyncIterable<LogChunk>) {
      seen.push(`${chunk.stream}:${chunk.data.toString().trim()}`);
      if (seen.length === 3) break;
    }
    follow.abort();
    expect(seen).toEqual(['stdout:one', 'stderr:two', 'stdout:three']);
    h.stop(task.taskArn);
    await h.waitForStatus(task.taskArn, 'STOPPED');
    const tail: string[] = [];
    for await (const chunk of (await streamLogs(task.taskArn, 'main', { follow: false, tail: 1 }, AbortSignal.timeout(5_000))) as AsyncIterable<LogChunk>) {
      tail.push(chunk.data.toString().trim());
    }
    expect(tail).toEqual(['three']);
    await expect(streamLogs(task.taskArn, 'nope', { follow: false }, AbortSignal.timeout(5_000))).rejects.toBeInstanceOf(ContainerNotFoundError);
  });

  it('re-adopts a running task after an agent restart without restarting it', async () => {
    const task = h.start([h.def({ name: 'main', command: ['sleep', '300'] })]);
    const running = await h.waitForStatus(task.taskArn, 'RUNNING');
    const before = await h.inspect(running.containers[0]!.runtimeId);
    await h.engine.close();
    const mark = h.changes.length;

    const restarted = h.newEngine();
    try {
      await restarted.start();
      await restarted.recover();
      h.apply(restarted, { ...task, lastStatus: 'RUNNING' });
      const adopted = await h.waitFor(task.taskArn, (c) => c.status === 'RUNNING', 10_000, mark);
      expect(adopted.containers[0]!.runtimeId).toBe(running.containers[0]!.runtimeId);
      expect((await h.inspect(before.id)).startedAt).toEqual(before.startedAt);
      h.stop(task.taskArn, restarted);
      await h.waitForStatus(task.taskArn, 'STOPPED');
    } finally {
      await h.close(restarted);
    }
  });
});
