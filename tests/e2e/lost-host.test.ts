import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, repoRoot, runCommand } from '@berth/test-support';
import { berth, removeDir, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

/**
 * A host whose agent goes silent (SIGSTOP: the process and its connection stay, nothing is
 * answered) past the cluster's lost-host timeout: its service task is replaced on the other host,
 * its standalone task is not; when it comes back (SIGCONT) the surplus copy is stopped, so the
 * service ends at exactly desiredCount, and the standalone task was never started twice.
 */
describe('a lost host', () => {
  const DOCKER2 = execFileSync('bash', [join(repoRoot, 'scripts/start-second-docker.sh')], { encoding: 'utf8' }).trim();
  const daemons = { a: 'unix:///var/run/docker.sock', b: DOCKER2 };
  let cp: ControlPlane;
  const agents: Record<'a' | 'b', Agent | undefined> = { a: undefined, b: undefined };
  const instanceIds: Record<'a' | 'b', string> = { a: '', b: '' };
  const json = async (...args: string[]) => (await berth(cp, args)).json();
  const running = async (daemon: string, label: string) =>
    (await runCommand('docker', ['-H', daemon, 'ps', '-q', '--filter', `label=${label}`])).stdout.split('\n').filter(Boolean).length;

  beforeAll(async () => {
    cp = await startControlPlane(['--service-interval', '500ms']);
    await json('create-cluster', '--cluster-name', 'lost');
    await json('update-cluster-settings', '--cluster', 'lost', '--settings', 'name=berthLostHostTimeout,value=10s');
    for (const name of ['a', 'b'] as const) {
      const agent = await startAgent(cp, { ECS_CLUSTER: 'lost', ECS_HOST_PORT_BIND_IP: '127.0.0.1', ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached', DOCKER_HOST: daemons[name], ECS_INSTANCE_ATTRIBUTES: `{"host":"${name}"}` }, `lost-${name}`);
      agents[name] = agent;
      const line = await agent.process.waitForOutput(/"msg":"session established"/, 60_000);
      instanceIds[name] = (JSON.parse(line).containerInstanceArn as string).split('/').at(-1)!;
    }
  });

  afterAll(async () => {
    agents.a?.process.child.kill('SIGCONT');
    try {
      await berth(cp, ['delete-service', '--cluster', 'lost', '--service', 'web', '--force']);
      const standalone = (await json('list-tasks', '--cluster', 'lost')).taskArns ?? [];
      for (const task of standalone) await berth(cp, ['stop-task', '--cluster', 'lost', '--task', task]);
      await eventually(async () => ((await json('list-tasks', '--cluster', 'lost')).taskArns ?? []).length === 0 || undefined, 60_000, 'all tasks stopped').catch(() => undefined);
    } finally {
      for (const agent of Object.values(agents)) await agent?.process.stop();
      await cp?.process.stop();
      for (const dir of [...Object.values(agents).map((a) => a?.dir), cp?.dir]) await removeDir(dir);
    }
  });

  it('replaces its service task elsewhere, never its standalone task, and ends at exactly desiredCount when it returns', async () => {
    const sleeper = { name: 'app', image: 'berth/busybox:latest', memoryReservation: 16, stopTimeout: 1, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'] };
    await json('register-task-definition', '--family', 'lost-web', '--container-definitions', JSON.stringify([sleeper]));
    await json('create-service', '--cluster', 'lost', '--service-name', 'web', '--task-definition', 'lost-web', '--desired-count', '2');
    const alone = (await json('run-task', '--cluster', 'lost', '--task-definition', 'lost-web', '--placement-constraints', 'type=memberOf,expression=attribute:host == a')).tasks[0];
    expect((await berth(cp, ['wait', 'services-stable', '--cluster', 'lost', '--services', 'web'])).code).toBe(0);
    expect((await berth(cp, ['wait', 'tasks-running', '--cluster', 'lost', '--tasks', alone.taskArn])).code).toBe(0);
    const serviceTasks = async () => {
      const arns: string[] = (await json('list-tasks', '--cluster', 'lost', '--service-name', 'web')).taskArns ?? [];
      return arns.length === 0 ? [] : ((await json('describe-tasks', '--cluster', 'lost', '--tasks', ...arns)).tasks as { taskArn: string; containerInstanceArn: string; lastStatus: string }[]);
    };
    const onA = (await serviceTasks()).filter((t) => t.containerInstanceArn.endsWith(instanceIds.a));
    expect(onA).toHaveLength(1);
    const standaloneHost = (await json('describe-tasks', '--cluster', 'lost', '--tasks', alone.taskArn)).tasks[0].containerInstanceArn as string;
    expect(standaloneHost.endsWith(instanceIds.a)).toBe(true);

    agents.a!.process.child.kill('SIGSTOP');
    const replaced = await eventually(
      async () => {
        const tasks = await serviceTasks();
        // Listed while meant to run: once the lost copy is told to stop, only the two on host b are.
        return tasks.length === 2 && tasks.every((t) => t.containerInstanceArn.endsWith(instanceIds.b) && t.lastStatus === 'RUNNING') ? tasks : undefined;
      },
      60_000,
      'two service tasks running on host b, and only those meant to run',
      500,
    );
    expect(replaced.map((t) => t.taskArn)).not.toContain(onA[0]!.taskArn);
    const service = (await json('describe-services', '--cluster', 'lost', '--services', 'web')).services[0];
    expect(service.events.map((e: { message: string }) => e.message)).toContainEqual(
      expect.stringMatching(new RegExp(`^\\(service web\\) is replacing its tasks on container instance ${instanceIds.a}, which is lost: its agent has been disconnected since `)),
    );
    const lostCopy = (await json('describe-tasks', '--cluster', 'lost', '--tasks', onA[0]!.taskArn)).tasks[0];
    expect(lostCopy).toMatchObject({ desiredStatus: 'STOPPED', stoppedReason: expect.stringMatching(new RegExp(`^Container instance ${instanceIds.a} is lost`)) });
    const standalone = (await json('describe-tasks', '--cluster', 'lost', '--tasks', alone.taskArn)).tasks[0];
    expect(standalone).toMatchObject({ desiredStatus: 'RUNNING', lastStatus: 'RUNNING', containerInstanceArn: standaloneHost, connectivity: 'DISCONNECTED' });

    agents.a!.process.child.kill('SIGCONT');
    await eventually(
      async () => ((await json('describe-tasks', '--cluster', 'lost', '--tasks', onA[0]!.taskArn)).tasks[0].lastStatus === 'STOPPED' ? true : undefined),
      60_000,
      'the surplus copy on host a stopped',
      500,
    );
    expect((await berth(cp, ['wait', 'services-stable', '--cluster', 'lost', '--services', 'web'])).code).toBe(0);
    const label = `com.amazonaws.ecs.task-definition-family=lost-web`;
    // Host a: the standalone task only (its service copy stopped); host b: the two service tasks. Nothing started twice.
    expect([await running(daemons.a, label), await running(daemons.b, label)]).toEqual([1, 2]);
    expect((await json('describe-tasks', '--cluster', 'lost', '--tasks', alone.taskArn)).tasks[0]).toMatchObject({ desiredStatus: 'RUNNING', lastStatus: 'RUNNING', connectivity: 'CONNECTED' });
  }, 240_000);
});
