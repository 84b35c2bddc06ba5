import type { DependencyCondition, HealthCheck } from '@berth/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from './int-harness.js';
import type { TaskStateChange } from './report.js';

const h = new EngineHarness();

beforeAll(() => h.engine.start());
afterAll(() => h.close());

const check = (command: string, retries = 2): HealthCheck => ({
  command: ['CMD-SHELL', command],
  intervalSeconds: 1,
  timeoutSeconds: 1,
  retries,
  startPeriodSeconds: 0,
});
const byName = (change: TaskStateChange, name: string) => change.containers.find((c) => c.name === name)!;

/** `app` records the moment it starts; the dependency records when it started and when it is done. */
function dependsOnTask(condition: DependencyCondition, dep: { command: string; healthCheck?: HealthCheck }) {
  return h.start([
    h.def({ name: 'dep', essential: false, command: ['sh', '-c', dep.command], ...(dep.healthCheck ? { healthCheck: dep.healthCheck } : {}) }),
    h.def({ name: 'app', command: ['sh', '-c', 'echo started; sleep 300'], dependsOn: [{ containerName: 'dep', condition }] }),
  ]);
}

describe('task engine on Docker: dependsOn and health', () => {
  it('START: the dependent starts once the dependency runs', async () => {
    const task = dependsOnTask('START', { command: 'sleep 300' });
    const running = await h.waitForStatus(task.taskArn, 'RUNNING');
    const [dep, app] = await Promise.all([h.inspect(byName(running, 'dep').runtimeId), h.inspect(byName(running, 'app').runtimeId)]);
    expect(app.startedAt!.getTime()).toBeGreaterThanOrEqual(dep.startedAt!.getTime());
    h.stop(task.taskArn);
    const stopped = await h.waitForStatus(task.taskArn, 'STOPPED');
    // Reverse order: the dependent stops before its dependency.
    const [depDone, appDone] = await Promise.all([h.inspect(byName(stopped, 'dep').runtimeId), h.inspect(byName(stopped, 'app').runtimeId)]);
    expect(appDone.finishedAt!.getTime()).toBeLessThanOrEqual(depDone.finishedAt!.getTime());
  });

  it('COMPLETE: the dependent starts after the dependency exited, whatever its code', async () => {
    const task = dependsOnTask('COMPLETE', { command: 'sleep 0.5; exit 4' });
    const running = await h.waitForStatus(task.taskArn, 'RUNNING');
    expect(byName(running, 'dep')).toMatchObject({ status: 'STOPPED', exitCode: 4 });
    const [dep, app] = await Promise.all([h.inspect(byName(running, 'dep').runtimeId), h.inspect(byName(running, 'app').runtimeId)]);
    expect(app.startedAt!.getTime()).toBeGreaterThanOrEqual(dep.finishedAt!.getTime());
    h.stop(task.taskArn);
    await h.waitForStatus(task.taskArn, 'STOPPED');
  });

  it('SUCCESS: the dependent starts after the dependency exited 0', async () => {
    const task = dependsOnTask('SUCCESS', { command: 'sleep 0.5; exit 0' });
    const running = await h.waitForStatus(task.taskArn, 'RUNNING');
    expect(byName(running, 'dep')).toMatchObject({ status: 'STOPPED', exitCode: 0 });
    expect(byName(running, 'app').status).toBe('RUNNING');
    h.stop(task.taskArn);
    await h.waitForStatus(task.taskArn, 'STOPPED');
  });

  it('SUCCESS of a container that exits 1 can never hold: the dependent stops unstarted with 143 and the task stops', async () => {
    const task = dependsOnTask('SUCCESS', { command: 'exit 1' });
    const stopped = await h.waitForStatus(task.taskArn, 'STOPPED');
    expect(byName(stopped, 'dep')).toMatchObject({ status: 'STOPPED', exitCode: 1 });
    const app = byName(stopped, 'app');
    expect(app).toMatchObject({ status: 'STOPPED', exitCode: 143 });
    expect(app.reason).toMatch(/^CannotStartContainerError: dependency graph: container 'app' cannot reach condition SUCCESS of 'dep'/);
    expect(stopped.reason).toBe(app.reason);
    expect(await h.output(task.taskArn, 'app')).toBe('');
  });

  it('HEALTHY: the dependent starts once the dependency reports healthy, and health is reported', async () => {
    const task = dependsOnTask('HEALTHY', { command: 'sleep 300', healthCheck: check('test -f /tmp/ready || { touch /tmp/ready; exit 1; }', 3) });
    const running = await h.waitForStatus(task.taskArn, 'RUNNING', 30_000);
    expect(byName(running, 'dep').healthStatus).toBe('HEALTHY');
    expect(byName(running, 'app').healthStatus).toBe('UNKNOWN');
    h.stop(task.taskArn);
    await h.waitForStatus(task.taskArn, 'STOPPED');
  });

  it('reports an essential container UNHEALTHY, and the task health with it', async () => {
    const task = h.start([h.def({ name: 'main', command: ['sleep', '300'], healthCheck: check('exit 1', 1) })]);
    const unhealthy = await h.waitFor(task.taskArn, (c) => c.containers[0]!.healthStatus === 'UNHEALTHY', 30_000);
    expect(unhealthy).toMatchObject({ status: 'RUNNING', healthStatus: 'UNHEALTHY' });
    h.stop(task.taskArn);
    await h.waitForStatus(task.taskArn, 'STOPPED');
  });

  it('HEALTHY of a container that turns UNHEALTHY can never hold', async () => {
    const task = dependsOnTask('HEALTHY', { command: 'sleep 300', healthCheck: check('exit 1', 1) });
    const stopped = await h.waitForStatus(task.taskArn, 'STOPPED', 30_000);
    expect(byName(stopped, 'app')).toMatchObject({ exitCode: 143 });
    expect(byName(stopped, 'app').reason).toMatch(/cannot reach condition HEALTHY of 'dep' \(it is UNHEALTHY\)/);
    expect(byName(stopped, 'dep').status).toBe('STOPPED');
  });
});
