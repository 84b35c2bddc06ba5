import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, repoRoot } from '@berth/test-support';
import { berth, removeDir, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

/**
 * The Docker daemon of a host restarts under a running agent (the second daemon, so no other test's
 * containers go with it): the agent stays up, subscribes to events again, finds its container
 * gone with the daemon and reports it STOPPED with its exit code, and runs new work afterwards.
 */
describe('a Docker daemon restart under a running agent', () => {
  const startDocker2 = () => execFileSync('bash', [join(repoRoot, 'scripts/start-second-docker.sh')], { encoding: 'utf8' }).trim();
  const DOCKER2 = startDocker2();
  let cp: ControlPlane;
  let host: Agent;
  const json = async (...args: string[]) => (await berth(cp, args)).json();

  beforeAll(async () => {
    cp = await startControlPlane();
    host = await startAgent(cp, { ECS_CLUSTER: 'default', ECS_HOST_PORT_BIND_IP: '127.0.0.1', DOCKER_HOST: DOCKER2 }, 'docker-restart');
    await host.process.waitForOutput(/"msg":"session established"/, 60_000);
  });

  afterAll(async () => {
    startDocker2();
    await host?.process.stop();
    await cp?.process.stop();
    await removeDir(host?.dir);
    await removeDir(cp?.dir);
  });

  it('reports the task that died with the daemon as STOPPED with its exit code, stays up, and runs the next one', async () => {
    const sleeper = JSON.stringify([{ name: 'main', image: 'berth/busybox:latest', memory: 16, command: ['sleep', '3600'], stopTimeout: 1 }]);
    await json('register-task-definition', '--family', 'docker-restart', '--container-definitions', sleeper);
    const task: string = (await json('run-task', '--task-definition', 'docker-restart')).tasks[0].taskArn;
    expect((await berth(cp, ['wait', 'tasks-running', '--tasks', task])).code).toBe(0);

    const pid = Number(readFileSync('/run/berth-docker2.pid', 'utf8').trim());
    process.kill(pid, 'SIGTERM');
    await eventually(async () => {
      try {
        process.kill(pid, 0);
        return undefined;
      } catch {
        return true;
      }
    }, 60_000, 'the second dockerd stopped', 250);
    startDocker2();

    const stopped = await eventually(
      async () => {
        const t = (await json('describe-tasks', '--tasks', task)).tasks[0];
        return t.lastStatus === 'STOPPED' ? t : undefined;
      },
      60_000,
      'the task reported STOPPED',
      500,
    );
    expect(stopped.containers[0].exitCode).toEqual(expect.any(Number));
    expect(stopped.stopCode).toBe('EssentialContainerExited');
    expect(host.process.child.exitCode).toBeNull();
    expect(host.process.output()).toMatch(/docker event stream dropped; resubscribing/);

    const next: string = (await json('run-task', '--task-definition', 'docker-restart')).tasks[0].taskArn;
    expect((await berth(cp, ['wait', 'tasks-running', '--tasks', next])).code).toBe(0);
    await berth(cp, ['stop-task', '--task', next]);
    expect((await berth(cp, ['wait', 'tasks-stopped', '--tasks', next])).code).toBe(0);
  }, 180_000);
});
