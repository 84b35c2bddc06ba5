import { seededRandom } from '@berth/scheduler';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskEngine, type TaskStateChange } from '../engine/task-engine.js';
import { containerDef, desiredTask, testEngineConfig } from '../engine/test-fixtures.js';
import { SimulatedRuntime, type SimulatedTimings } from './simulated-runtime.js';

// The simulated runtime under the agent's real task engine: the lifecycle a simulated host reports.

const fixed = (ms: number) => ({ p50Ms: ms, p99Ms: ms });
const quick: SimulatedTimings = { create: fixed(5), start: fixed(20), stop: fixed(5), remove: fixed(1), pull: fixed(0) };

let engines: TaskEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.map((e) => e.close()));
  engines = [];
});

function setup(options: { timings?: SimulatedTimings; startFailureRate?: number } = {}) {
  const runtime = new SimulatedRuntime({ timings: options.timings ?? quick, startFailureRate: options.startFailureRate ?? 0, random: seededRandom(7) });
  const changes: TaskStateChange[] = [];
  const engine = new TaskEngine({ runtime, config: testEngineConfig, onChange: (c) => changes.push(c), isPortFree: async () => true });
  engines.push(engine);
  const latest = (arn: string) => changes.filter((c) => c.taskArn === arn).at(-1);
  return { runtime, engine, changes, latest };
}

const sleepTask = () => desiredTask([containerDef({ name: 'main', command: ['sleep', '300'] })]);

describe('SimulatedRuntime under the task engine', () => {
  it('runs a task through the lifecycle a real host reports, and stops it', async () => {
    const { runtime, engine, changes, latest } = setup();
    await engine.start();
    const task = sleepTask();
    engine.applyDesired([task]);
    await expect.poll(() => latest(task.taskArn)?.status).toBe('RUNNING');
    expect(changes.filter((c) => c.taskArn === task.taskArn).map((c) => c.containers[0]!.status)).toEqual(['NONE', 'PULLED', 'CREATED', 'RUNNING']);
    expect(runtime.running).toBe(1);
    engine.applyDesired([]);
    await expect.poll(() => latest(task.taskArn)?.status).toBe('STOPPED');
    expect(latest(task.taskArn)!.containers[0]!.exitCode).toBe(143);
    expect(runtime.running).toBe(0);
  });

  it('takes the drawn time: a start of 300 ms is not RUNNING at 100 ms', async () => {
    const { engine, latest } = setup({ timings: { ...quick, start: fixed(300) } });
    await engine.start();
    const task = sleepTask();
    const t0 = Date.now();
    engine.applyDesired([task]);
    await new Promise((r) => setTimeout(r, 100));
    expect(latest(task.taskArn)?.status).not.toBe('RUNNING');
    await expect.poll(() => latest(task.taskArn)?.status, { timeout: 5000 }).toBe('RUNNING');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  });

  it('a failed start stops the task with the runtime’s reason', async () => {
    const { engine, latest } = setup({ startFailureRate: 1 });
    await engine.start();
    const task = sleepTask();
    engine.applyDesired([task]);
    await expect.poll(() => latest(task.taskArn)?.status).toBe('STOPPED');
    expect(JSON.stringify(latest(task.taskArn))).toContain('simulated start failure');
  });

  it('pulls take their time when a pull latency is set, once per image', async () => {
    const { runtime, engine, latest } = setup({ timings: { ...quick, pull: fixed(50) } });
    await engine.start();
    expect(await runtime.imageExists('berth/busybox:latest')).toBe(false);
    const task = sleepTask();
    engine.applyDesired([task]);
    await expect.poll(() => latest(task.taskArn)?.status).toBe('RUNNING');
    expect(await runtime.imageExists('berth/busybox:latest')).toBe(true);
  });
});
