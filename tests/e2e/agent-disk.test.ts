import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, runCommand } from '@berth/test-support';
import { berth, removeDir, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

/**
 * The agent's ECS_DATADIR fills up (a 2 MiB tmpfs the test fills with a file): the agent keeps its
 * containers and its session, reports what happens from memory, says so in its log and in the
 * instance's `berth.agent.data-dir` attribute, and recovers by itself once space returns.
 */
describe('agent disk trouble', () => {
  let cp: ControlPlane;
  let host: Agent;
  let root: string;
  let dataDir: string;
  let mounted = false;
  const json = async (...args: string[]) => (await berth(cp, args)).json();
  const running = async (taskArn: string) =>
    (await runCommand('docker', ['ps', '-q', '--filter', `label=com.amazonaws.ecs.task-arn=${taskArn}`])).stdout.split('\n').filter(Boolean);
  const dataDirAttribute = async () => {
    const arns = (await json('list-container-instances', '--cluster', 'disk')).containerInstanceArns;
    const instance = (await json('describe-container-instances', '--cluster', 'disk', '--container-instances', ...arns)).containerInstances[0];
    return (instance.attributes as { name: string; value?: string }[]).find((a) => a.name === 'berth.agent.data-dir')?.value;
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'berth-e2e-disk-'));
    dataDir = join(root, 'data');
    await mkdir(dataDir);
    const mount = await runCommand('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dataDir]);
    expect(mount.code, mount.stderr).toBe(0);
    mounted = true;
    cp = await startControlPlane();
    await json('create-cluster', '--cluster-name', 'disk');
    host = await startAgent(cp, { ECS_CLUSTER: 'disk', ECS_DATADIR: dataDir, ECS_HOST_PORT_BIND_IP: '127.0.0.1', ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached' }, 'disk');
    await host.process.waitForOutput(/"msg":"session established"/, 60_000);
    const td = [{ name: 'main', image: 'berth/busybox:latest', memory: 16, stopTimeout: 1, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'] }];
    await json('register-task-definition', '--family', 'disk', '--container-definitions', JSON.stringify(td));
  });

  afterAll(async () => {
    try {
      const tasks: string[] = (await json('list-tasks', '--cluster', 'disk')).taskArns ?? [];
      for (const task of tasks) await berth(cp, ['stop-task', '--cluster', 'disk', '--task', task]);
      if (tasks.length > 0) await berth(cp, ['wait', 'tasks-stopped', '--cluster', 'disk', '--tasks', ...tasks]);
    } finally {
      await host?.process.stop();
      await cp?.process.stop();
      if (mounted) await runCommand('umount', [dataDir]);
      await removeDir(host?.dir);
      await removeDir(cp?.dir);
      await rm(root, { recursive: true, force: true });
    }
  });

  it('keeps its containers and session with ECS_DATADIR full, shows it, and recovers when space returns', async () => {
    const runTask = async () => {
      const task = (await json('run-task', '--cluster', 'disk', '--task-definition', 'disk')).tasks[0].taskArn as string;
      expect((await berth(cp, ['wait', 'tasks-running', '--cluster', 'disk', '--tasks', task])).code).toBe(0);
      return task;
    };
    const steady = await runTask();
    const dies = await runTask();
    const steadyContainer = (await running(steady))[0]!;
    await eventually(async () => ((await dataDirAttribute()) === 'ok' ? true : undefined), 10_000, 'berth.agent.data-dir = ok');

    // Fill the disk: dd stops at "No space left on device".
    const at = host.process.output().length;
    await runCommand('dd', ['if=/dev/zero', `of=${join(dataDir, 'fill')}`, 'bs=64k']);
    expect((await runCommand('docker', ['kill', (await running(dies))[0]!])).code).toBe(0);
    const said = await host.process.waitForOutput(/"msg":"cannot write ECS_DATADIR/, 20_000, at);
    expect(said).toMatch(/"status":"full"/);
    expect(said).toMatch(/"error":"ENOSPC"/);
    await eventually(async () => ((await dataDirAttribute()) === 'full' ? true : undefined), 10_000, 'berth.agent.data-dir = full');
    // The report went out from memory; the other task and the session are untouched.
    await eventually(async () => ((await json('describe-tasks', '--cluster', 'disk', '--tasks', dies)).tasks[0].lastStatus === 'STOPPED' ? true : undefined), 20_000, 'the killed task STOPPED');
    expect(await running(steady)).toEqual([steadyContainer]);
    expect(host.process.output().slice(at)).not.toMatch(/"msg":"session lost/);
    const another = await runTask();

    await rm(join(dataDir, 'fill'));
    await host.process.waitForOutput(/"msg":"ECS_DATADIR is writable again"/, 20_000, at);
    await eventually(async () => ((await dataDirAttribute()) === 'ok' ? true : undefined), 10_000, 'berth.agent.data-dir = ok again');
    expect(await running(steady)).toEqual([steadyContainer]);
    expect((await running(another)).length).toBe(1);
  });
});
