import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from './int-harness.js';

const h = new EngineHarness({ imagePullBehavior: 'default', imagePullTimeoutMs: 15_000 });

beforeAll(() => h.engine.start());
afterAll(() => h.close());

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('task engine on Docker: ports and pulls', () => {
  it('publishes dynamic host ports on 127.0.0.1 and reports the bindings', async () => {
    const task = h.start([
      h.def({
        name: 'web',
        image: 'berth/busybox:latest',
        command: ['httpd', '-f', '-p', '80', '-h', '/var/www'],
        portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }],
      }),
    ]);
    const running = await h.waitForStatus(task.taskArn, 'RUNNING');
    const [binding] = running.containers[0]!.networkBindings;
    expect(binding).toMatchObject({ bindIP: '127.0.0.1', containerPort: 80, protocol: 'tcp' });
    expect(binding!.hostPort).toBeGreaterThanOrEqual(41000);
    expect(binding!.hostPort).toBeLessThanOrEqual(41999);
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${binding!.hostPort}/`).catch(() => undefined))?.status, { timeout: 5_000 })
      .toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${binding!.hostPort}/`)).text()).toContain('Hello from Berth');
    h.stop(task.taskArn);
    await h.waitForStatus(task.taskArn, 'STOPPED');
  });

  it('never hands out a dynamic port something else on the host already listens on', async () => {
    // Occupy the next ports of the range; the allocator's probe must skip them.
    const servers = await Promise.all([41990, 41991, 41992].map((p) => listen(p).catch(() => undefined)));
    const engine = h.newEngine({ dynamicHostPortRange: { start: 41990, end: 41993 } });
    try {
      await engine.start();
      const task = h.start([h.def({ name: 'web', command: ['httpd', '-f', '-p', '80'], portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }] })], {}, engine);
      const running = await h.waitForStatus(task.taskArn, 'RUNNING');
      expect(running.containers[0]!.networkBindings[0]!.hostPort).toBe(41993);
      h.stop(task.taskArn, engine);
      await h.waitForStatus(task.taskArn, 'STOPPED');
    } finally {
      await engine.close();
      await Promise.all(servers.map((s) => new Promise((r) => (s ? s.close(r) : r(undefined)))));
    }
  });

  it('stops the task with a reason naming the port when a static host port is taken', async () => {
    const server = await listen();
    const port = (server.address() as { port: number }).port;
    try {
      const task = h.start([h.def({ name: 'web', command: ['httpd', '-f', '-p', '80'], portMappings: [{ containerPort: 80, hostPort: port, protocol: 'tcp' }] })]);
      const stopped = await h.waitForStatus(task.taskArn, 'STOPPED');
      expect(stopped.stopCode).toBe('TaskFailedToStart');
      expect(stopped.reason).toMatch(/^CannotStartContainerError: /);
      expect(stopped.reason).toContain(String(port));
      expect(stopped.containers[0]!.reason).toBe(stopped.reason);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('stops the task with CannotPullContainerError when an image cannot be pulled and is not cached', async () => {
    const t0 = Date.now();
    const task = h.start([h.def({ name: 'main', image: 'does-not-exist.invalid/nope:latest' })]);
    const stopped = await h.waitForStatus(task.taskArn, 'STOPPED', 30_000);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(stopped.reason).toMatch(/^CannotPullContainerError: /);
    expect(stopped.stopCode).toBe('TaskFailedToStart');
    expect(stopped.containers[0]).toMatchObject({ status: 'STOPPED' });
    expect(stopped.containers[0]).not.toHaveProperty('exitCode');
    expect(stopped.pullStartedAt).toBeInstanceOf(Date);
    expect(stopped.pullStoppedAt).toBeInstanceOf(Date);
  });

  it('falls back to the cached image when the pull fails (ECS_IMAGE_PULL_BEHAVIOR=default)', async () => {
    const task = h.start([h.def({ name: 'main', command: ['true'] })]);
    const stopped = await h.waitForStatus(task.taskArn, 'STOPPED', 30_000);
    expect(stopped.containers[0]).toMatchObject({ exitCode: 0 });
    expect(stopped.stopCode).toBe('EssentialContainerExited');
  });
});
