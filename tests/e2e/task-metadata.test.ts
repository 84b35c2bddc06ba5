import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort } from '@berth/test-support';
import { berth, removeDir, restartAgent, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

type Json = Record<string, any>;

/**
 * The task metadata endpoint v4 from inside real containers: a container reads its own container,
 * task and stats documents through ECS_CONTAINER_METADATA_URI_V4 (and v3's variable), and cannot
 * read another task's by guessing a path.
 */
describe('task metadata endpoint', () => {
  let cp: ControlPlane;
  let agent: Agent;
  let metadataPort: number;
  const cli = (...args: string[]) => berth(cp, args);
  const json = async (...args: string[]) => (await cli(...args)).json();
  const describeTask = async (arn: string): Promise<Json> => (await json('describe-tasks', '--cluster', 'meta', '--tasks', arn)).tasks[0];
  const dockerLogs = (id: string) => execFileSync('docker', ['logs', id], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const dockerEnv = (id: string): string[] => JSON.parse(execFileSync('docker', ['inspect', '--format', '{{json .Config.Env}}', id], { encoding: 'utf8' }));

  // Prints what it reads, one line per document, then idles until stopped.
  const reader = [
    'sleep 1',
    'echo "TASK $(wget -qO- "$ECS_CONTAINER_METADATA_URI_V4/task")"',
    'echo "SELF $(wget -qO- "$ECS_CONTAINER_METADATA_URI_V4")"',
    'echo "STATS $(wget -qO- "$ECS_CONTAINER_METADATA_URI_V4/stats")"',
    'echo "TASKSTATS $(wget -qO- "$ECS_CONTAINER_METADATA_URI_V4/task/stats")"',
    'echo "V3 $(wget -qO- "$ECS_CONTAINER_METADATA_URI/task")"',
    'base="${ECS_CONTAINER_METADATA_URI_V4%/*}"',
    'wget -qO- "$base/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/task" >/dev/null 2>&1; echo "FORGED $?"',
    'wget -qO- "$base/" >/dev/null 2>&1; echo "BARE $?"',
    'echo DONE',
    'trap "exit 0" TERM; while true; do sleep 0.2; done',
  ].join('\n');
  const definition = {
    family: 'meta',
    cpu: '512',
    memory: '256',
    containerDefinitions: [
      { name: 'app', image: 'berth/busybox:latest', cpu: 128, memory: 64, dockerLabels: { team: 'payments' }, command: ['sh', '-c', reader] },
      { name: 'side', image: 'berth/busybox:latest', memory: 32, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'] },
    ],
  };

  // networkMode host: the container reads its document every half second and says whether it could.
  const hostDefinition = {
    family: 'meta-host',
    networkMode: 'host',
    containerDefinitions: [
      {
        name: 'probe',
        image: 'berth/busybox:latest',
        memory: 32,
        command: ['sh', '-c', 'trap "exit 0" TERM; while true; do wget -qO- "$ECS_CONTAINER_METADATA_URI_V4" >/dev/null 2>&1; echo "READ $?"; sleep 0.5; done'],
      },
    ],
  };
  const runOne = async (family: string): Promise<Json> => {
    const run = await json('run-task', '--cluster', 'meta', '--task-definition', family);
    return eventually(async () => {
      const seen = await describeTask(run.tasks[0].taskArn);
      return seen.lastStatus === 'RUNNING' ? seen : undefined;
    }, 60_000, `a ${family} task RUNNING`);
  };
  const urlOf = (id: string) => dockerEnv(id).find((e) => e.startsWith('ECS_CONTAINER_METADATA_URI_V4='))!.split('=')[1]!;

  beforeAll(async () => {
    cp = await startControlPlane();
    expect((await cli('create-cluster', '--cluster-name', 'meta')).code).toBe(0);
    // Host networking is refused by a cluster's default policy; this one allows it for the host-mode test.
    expect((await cli('update-cluster-settings', '--cluster', 'meta', '--settings', 'name=berthAllowHostNetwork,value=true')).code).toBe(0);
    // A fixed port, as in production: URLs handed to running containers must survive an agent restart.
    metadataPort = await freePort();
    agent = await startAgent(cp, { ECS_CLUSTER: 'meta', ECS_HOST_PORT_BIND_IP: '127.0.0.1', ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached', ECS_TASK_METADATA_PORT: String(metadataPort) }, 'metadata');
    await agent.process.waitForOutput(/"msg":"session established"/, 60_000);
    const path = join(cp.dir, 'meta.json');
    await writeFile(path, JSON.stringify(definition));
    expect((await cli('register-task-definition', '--cli-input-json', `file://${path}`)).code).toBe(0);
    await writeFile(path, JSON.stringify(hostDefinition));
    expect((await cli('register-task-definition', '--cli-input-json', `file://${path}`)).code).toBe(0);
  });

  afterAll(async () => {
    try {
      const listed = await json('list-tasks', '--cluster', 'meta');
      for (const arn of listed.taskArns ?? []) await cli('stop-task', '--cluster', 'meta', '--task', arn);
    } finally {
      await agent?.process.stop();
      await cp?.process.stop();
      for (const dir of [agent?.dir, cp?.dir]) if (dir) await removeDir(dir);
    }
  });

  it("answers each container with its own task's documents, in ECS's shape, and nothing else", async () => {
    const run = await json('run-task', '--cluster', 'meta', '--task-definition', 'meta', '--count', '2');
    expect(run.tasks).toHaveLength(2);
    const tasks: Json[] = await Promise.all(
      run.tasks.map((t: Json) => eventually(async () => {
        const seen = await describeTask(t.taskArn);
        return seen.lastStatus === 'RUNNING' ? seen : undefined;
      }, 60_000, `task ${t.taskArn} RUNNING`)),
    );

    const readings = await Promise.all(
      tasks.map(async (t) => {
        const app = t.containers.find((c: Json) => c.name === 'app');
        const log = await eventually(async () => {
          const text = dockerLogs(app.runtimeId);
          return text.includes('DONE') ? text : undefined;
        }, 30_000, 'the reader container to finish reading');
        const line = (tag: string) => log.split('\n').find((l) => l.startsWith(`${tag} `))!.slice(tag.length + 1);
        return { task: t, app, line };
      }),
    );

    for (const { task, app, line } of readings) {
      const doc = JSON.parse(line('TASK'));
      expect(doc).toMatchObject({ Cluster: 'meta', TaskARN: task.taskArn, Family: 'meta', Revision: '1', DesiredStatus: 'RUNNING', LaunchType: 'EC2', Limits: { CPU: 0.5, Memory: 256 } });
      expect(doc.Containers.map((c: Json) => c.Name).sort()).toEqual(['app', 'side']);
      const ids = task.containers.map((c: Json) => c.runtimeId).sort();
      expect(doc.Containers.map((c: Json) => c.DockerId).sort()).toEqual(ids);

      const self = JSON.parse(line('SELF'));
      expect(self).toMatchObject({ DockerId: app.runtimeId, Name: 'app', Image: 'berth/busybox:latest', Type: 'NORMAL', Limits: { CPU: 128, Memory: 64 } });
      expect(self.ImageID).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(self.Labels).toMatchObject({ team: 'payments', 'com.amazonaws.ecs.task-arn': task.taskArn, 'com.amazonaws.ecs.container-name': 'app' });
      expect(self.Networks).toEqual([{ NetworkMode: 'bridge', IPv4Addresses: [expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/)] }]);

      // Docker's own stats JSON, for the container and for every container of the task.
      expect(JSON.parse(line('STATS'))).toHaveProperty('memory_stats');
      expect(Object.keys(JSON.parse(line('TASKSTATS'))).sort()).toEqual(ids);
      expect(JSON.parse(line('V3')).TaskARN).toBe(task.taskArn);

      // A guessed token and the bare prefix are refused (busybox wget exits 1 on an HTTP error).
      expect(line('FORGED')).toBe('1');
      expect(line('BARE')).toBe('1');
    }

    // Each container's URL is its own: the two tasks' apps (and each app and its sidecar) differ.
    const urls = tasks.flatMap((t) => t.containers.map((c: Json) => urlOf(c.runtimeId)));
    expect(new Set(urls).size).toBe(4);
    for (const url of urls) expect(url).toMatch(/^http:\/\/\d+\.\d+\.\d+\.\d+:\d+\/v4\/[A-Za-z0-9_-]{43}$/);
  });

  it('answers a host-mode container too, and the same URL again after the agent restarts and re-adopts the task', async () => {
    const task = await runOne('meta-host');
    const id = task.containers[0].runtimeId;
    await eventually(async () => (dockerLogs(id).includes('READ 0') ? true : undefined), 30_000, 'the host-mode container to read its metadata');
    const url = urlOf(id);
    expect(url).toContain(`:${metadataPort}/v4/`);
    expect(((await (await fetch(url)).json()) as Json).Labels['com.amazonaws.ecs.task-arn']).toBe(task.taskArn);

    await agent.process.stop();
    await expect(fetch(url)).rejects.toThrow(); // nothing listens while the agent is down
    restartAgent(agent);
    await agent.process.waitForOutput(/"msg":"session established"/, 60_000);
    const again = await eventually(async () => {
      const res = await fetch(url).catch(() => undefined);
      return res?.status === 200 ? ((await res.json()) as Json) : undefined;
    }, 30_000, 'the re-adopted container to be answered at its URL');
    expect(again).toMatchObject({ DockerId: id, Name: 'probe', KnownStatus: 'RUNNING', Networks: [{ NetworkMode: 'host', IPv4Addresses: [] }] });
    expect(urlOf(id)).toBe(url); // the container was not replaced
  });
});
