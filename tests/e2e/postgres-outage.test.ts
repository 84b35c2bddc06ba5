import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startPrivatePostgres, type RestartablePostgres } from '@berth/test-support';
import { berth, removeDir, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

/**
 * The control plane on a real PostgreSQL that the test stops and starts: it turns not-ready,
 * answers "unavailable" instead of hanging, keeps every acknowledged write, and recovers without
 * being restarted — agents included.
 */
describe('a PostgreSQL outage under a running control plane', () => {
  let server: RestartablePostgres;
  let cp: ControlPlane;
  let host: Agent;
  const ready = async () => (await fetch(`http://${cp.httpEndpoint}/readyz`).catch(() => undefined))?.status;

  beforeAll(async () => {
    server = await startPrivatePostgres();
    cp = await startControlPlane(['--database-url', server.url]);
    host = await startAgent(cp, { ECS_CLUSTER: 'default', ECS_HOST_PORT_BIND_IP: '127.0.0.1' }, 'pg-outage');
    await host.process.waitForOutput(/"msg":"session established"/, 60_000);
  });

  afterAll(async () => {
    await server?.resume().catch(() => undefined);
    await host?.process.stop();
    await cp?.process.stop();
    await removeDir(host?.dir);
    await removeDir(cp?.dir);
    await server?.stop();
  });

  it('not ready and "unavailable" while it is down; everything acknowledged is there after, and new work runs', async () => {
    const sleeper = JSON.stringify([{ name: 'main', image: 'berth/busybox:latest', memory: 16, command: ['sleep', '3600'], stopTimeout: 1 }]);
    (await berth(cp, ['register-task-definition', '--family', 'pg-outage', '--container-definitions', sleeper])).json();
    const before: string = (await berth(cp, ['run-task', '--task-definition', 'pg-outage'])).json().tasks[0].taskArn;
    expect((await berth(cp, ['wait', 'tasks-running', '--tasks', before])).code).toBe(0);
    expect(await ready()).toBe(200);

    await server.halt();
    await eventually(async () => ((await ready()) === 503 ? true : undefined), 15_000, '/readyz says not ready');
    const started = Date.now();
    const refused = await berth(cp, ['list-clusters']);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/state store is unavailable/);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(cp.process.child.exitCode).toBeNull();
    expect(host.process.child.exitCode).toBeNull();

    await server.resume();
    await eventually(async () => ((await ready()) === 200 ? true : undefined), 30_000, '/readyz ready again');
    expect((await berth(cp, ['describe-tasks', '--tasks', before])).json().tasks[0]).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });
    await eventually(
      async () => {
        const arns: string[] = (await berth(cp, ['list-container-instances'])).json().containerInstanceArns;
        const [instance] = (await berth(cp, ['describe-container-instances', '--container-instances', ...arns])).json().containerInstances;
        return instance.agentConnected ? true : undefined;
      },
      60_000,
      'the agent connected again',
      500,
    );
    const after: string = (await berth(cp, ['run-task', '--task-definition', 'pg-outage'])).json().tasks[0].taskArn;
    expect((await berth(cp, ['wait', 'tasks-running', '--tasks', after])).code).toBe(0);
    for (const task of [before, after]) await berth(cp, ['stop-task', '--task', task]);
    expect((await berth(cp, ['wait', 'tasks-stopped', '--tasks', before, after])).code).toBe(0);
  }, 180_000);
});
