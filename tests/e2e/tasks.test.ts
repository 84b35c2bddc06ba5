import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, repoRoot } from '@berth/test-support';
import { berth, removeDir, restartAgent, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

/**
 * Task definitions and tasks end to end: the real control plane and two agents, each on its own
 * Docker daemon (two hosts), driven through the CLI; containers publish only on 127.0.0.1.
 */
describe('tasks on two hosts', () => {
  const HOST_MEMORY_MIB = 1024;
  const DOCKER2 = execFileSync('bash', [join(repoRoot, 'scripts/start-second-docker.sh')], { encoding: 'utf8' }).trim();
  let cp: ControlPlane;
  const agents: Agent[] = [];
  const dirs: string[] = [];
  const cli = (...args: string[]) => berth(cp, args);
  const json = async (...args: string[]) => (await cli(...args)).json();
  const describeTask = async (arn: string) => (await json('describe-tasks', '--cluster', 'work', '--tasks', arn)).tasks[0];
  const waitFor = (arn: string, status: string, timeoutMs = 60_000) =>
    eventually(async () => {
      const t = await describeTask(arn);
      return t.lastStatus === status ? t : undefined;
    }, timeoutMs, `task ${arn} ${status}`);
  const registerFile = async (name: string, definition: object) => {
    const path = join(cp.dir, `${name}.json`);
    await writeFile(path, JSON.stringify(definition));
    return cli('register-task-definition', '--cli-input-json', `file://${path}`);
  };
  const dockerFor = (instanceArn: string) => (instanceArn === instanceArns[1] ? ['-H', DOCKER2] : []);
  const instanceArns: string[] = [];

  // A container that stops promptly on SIGTERM (as PID 1, sh ignores it without a trap).
  const sleeper = { name: 'main', image: 'berth/busybox:latest', memoryReservation: 400, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'] };

  beforeAll(async () => {
    cp = await startControlPlane();
    expect((await cli('create-cluster', '--cluster-name', 'work')).code).toBe(0);
    const reserved = String(Math.floor(totalmem() / 1024 / 1024) - HOST_MEMORY_MIB);
    for (const [name, dockerHost] of [['host1', 'unix:///var/run/docker.sock'], ['host2', DOCKER2]] as const) {
      const agent = await startAgent(cp, { ECS_CLUSTER: 'work', ECS_RESERVED_MEMORY: reserved, ECS_HOST_PORT_BIND_IP: '127.0.0.1', DOCKER_HOST: dockerHost }, name);
      agents.push(agent);
      dirs.push(agent.dir);
      const line = await agent.process.waitForOutput(/"msg":"session established"/, 60_000);
      instanceArns.push(JSON.parse(line).containerInstanceArn);
    }
    expect((await registerFile('sleeper', { family: 'sleeper', containerDefinitions: [sleeper] })).code).toBe(0);
  });

  afterAll(async () => {
    try {
      const listed = await json('list-tasks', '--cluster', 'work');
      for (const arn of listed.taskArns ?? []) await cli('stop-task', '--cluster', 'work', '--task', arn);
      for (const arn of listed.taskArns ?? []) await waitFor(arn, 'STOPPED', 30_000).catch(() => undefined);
    } finally {
      for (const agent of agents) await agent.process.stop();
      await cp?.process.stop();
      for (const dir of [...dirs, cp?.dir]) await removeDir(dir);
    }
  });

  it('places 4 tasks within both hosts, refuses the 5th with RESOURCE:MEMORY, and fits it after a stop', async () => {
    const run = await json('run-task', '--cluster', 'work', '--task-definition', 'sleeper', '--count', '4');
    expect(run.tasks).toHaveLength(4);
    const perHost = new Map<string, number>();
    for (const t of run.tasks) perHost.set(t.containerInstanceArn, (perHost.get(t.containerInstanceArn) ?? 0) + 1);
    expect([...perHost.values()]).toEqual([2, 2]);
    const running = await Promise.all(run.tasks.map((t: any) => waitFor(t.taskArn, 'RUNNING')));
    for (const t of running) expect(t.containers[0].runtimeId).toMatch(/^[0-9a-f]{64}$/);

    const fifth = await json('run-task', '--cluster', 'work', '--task-definition', 'sleeper');
    expect(fifth.tasks ?? []).toEqual([]);
    expect(fifth.failures[0]).toMatchObject({ reason: 'RESOURCE:MEMORY' });
    expect(fifth.failures[0].detail).toMatch(/insufficient memory/);

    const victim = run.tasks[0].taskArn;
    const stopped = await json('stop-task', '--cluster', 'work', '--task', victim, '--reason', 'making room');
    expect(stopped.task.desiredStatus).toBe('STOPPED');
    const done = await waitFor(victim, 'STOPPED', 30_000);
    expect(done).toMatchObject({ stopCode: 'UserInitiated', stoppedReason: 'making room' });
    expect(done.containers[0].exitCode).toBe(0);

    const again = await json('run-task', '--cluster', 'work', '--task-definition', 'sleeper');
    expect(again.tasks).toHaveLength(1);
    expect(again.tasks[0].containerInstanceArn).toBe(run.tasks[0].containerInstanceArn);
    await waitFor(again.tasks[0].taskArn, 'RUNNING');
    // Stopping a stopped task is not an error and changes nothing.
    const twice = await json('stop-task', '--cluster', 'work', '--task', victim);
    expect(twice.task).toMatchObject({ lastStatus: 'STOPPED', stoppedReason: 'making room' });
  });

  it('a container killed behind Berth makes its task STOPPED with the exit code', async () => {
    const listed = await json('list-tasks', '--cluster', 'work');
    const task = await describeTask(listed.taskArns[0]);
    execFileSync('docker', [...dockerFor(task.containerInstanceArn), 'kill', task.containers[0].runtimeId]);
    const stopped = await waitFor(task.taskArn, 'STOPPED', 20_000);
    expect(stopped).toMatchObject({ stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' });
    expect(stopped.containers[0].exitCode).toBe(137);
  });

  it('serves a web task on a dynamic port on 127.0.0.1 and streams its logs', async () => {
    await registerFile('web', {
      family: 'web',
      containerDefinitions: [
        { name: 'web', image: 'berth/busybox:latest', memoryReservation: 32, command: ['sh', '-c', 'echo serving; exec httpd -f -v -p 80 -h /var/www'], portMappings: [{ containerPort: 80 }], stopTimeout: 2 },
      ],
    });
    const stopAll = await json('list-tasks', '--cluster', 'work', '--family', 'sleeper');
    for (const arn of stopAll.taskArns ?? []) await cli('stop-task', '--cluster', 'work', '--task', arn);
    await Promise.all((stopAll.taskArns ?? []).map((arn: string) => waitFor(arn, 'STOPPED', 30_000)));

    const run = await json('run-task', '--cluster', 'work', '--task-definition', 'web');
    const task = await waitFor(run.tasks[0].taskArn, 'RUNNING');
    const binding = task.containers[0].networkBindings[0];
    expect(binding).toMatchObject({ bindIP: '127.0.0.1', containerPort: 80, protocol: 'tcp' });
    expect(binding.hostPort).toBeGreaterThan(1024);
    const page = await (await fetch(`http://127.0.0.1:${binding.hostPort}/`)).text();
    expect(page).toContain('Hello from Berth');

    const logs = await eventually(async () => {
      const out = await cli('logs', '--cluster', 'work', '--task', task.taskArn);
      return out.stdout.includes('serving') ? out : undefined;
    }, 15_000, 'logs with the echo');
    expect(logs.code).toBe(0);
  });

  it('a restarted agent re-adopts its running containers and reports what happened while it was down', async () => {
    const run = await json('run-task', '--cluster', 'work', '--task-definition', 'sleeper', '--count', '2', '--placement-strategy', 'type=binpack,field=memory');
    const tasks = await Promise.all(run.tasks.map((t: any) => waitFor(t.taskArn, 'RUNNING')));
    const host = tasks[0].containerInstanceArn;
    expect(tasks[1].containerInstanceArn).toBe(host);
    const agent = agents[instanceArns.indexOf(host)]!;
    const docker = dockerFor(host);

    agent.process.child.kill('SIGKILL');
    await agent.process.exited;
    // While the agent is down, one container dies; the other keeps running untouched.
    execFileSync('docker', [...docker, 'kill', tasks[1].containers[0].runtimeId]);
    const restarted = restartAgent(agent);
    await restarted.waitForOutput(/"msg":"session established"/, 60_000);

    const survivor = await waitFor(tasks[0].taskArn, 'RUNNING');
    expect(survivor.containers[0].runtimeId).toBe(tasks[0].containers[0].runtimeId);
    const started = execFileSync('docker', [...docker, 'inspect', '-f', '{{.RestartCount}} {{.State.StartedAt}}', survivor.containers[0].runtimeId], { encoding: 'utf8' }).trim();
    expect(started.split(' ')[0]).toBe('0');
    const dead = await waitFor(tasks[1].taskArn, 'STOPPED', 30_000);
    expect(dead.containers[0].exitCode).toBe(137);
    const named = execFileSync('docker', [...docker, 'ps', '-q', '--filter', `label=com.amazonaws.ecs.task-arn=${tasks[0].taskArn}`], { encoding: 'utf8' }).trim().split('\n');
    expect(named).toHaveLength(1);
    await cli('stop-task', '--cluster', 'work', '--task', tasks[0].taskArn);
    await waitFor(tasks[0].taskArn, 'STOPPED', 30_000);
  });

  it('clientToken makes RunTask idempotent and refuses a different request with the same token', async () => {
    const first = await json('run-task', '--cluster', 'work', '--task-definition', 'web', '--client-token', 'deploy-42');
    const second = await json('run-task', '--cluster', 'work', '--task-definition', 'web', '--client-token', 'deploy-42');
    expect(second.tasks.map((t: any) => t.taskArn)).toEqual(first.tasks.map((t: any) => t.taskArn));
    const other = await cli('run-task', '--cluster', 'work', '--task-definition', 'web', '--count', '2', '--client-token', 'deploy-42');
    expect(other.code).toBe(254);
    expect(other.stderr).toMatch(/ConflictException.*deploy-42|ConflictException/);
    expect(other.stderr).toContain(first.tasks[0].taskArn);
  });

  it('applies container overrides (command and environment)', async () => {
    const overrides = JSON.stringify({ containerOverrides: [{ name: 'main', command: ['sh', '-c', 'echo "greeting=$GREETING"; exit 3'], environment: [{ name: 'GREETING', value: 'hi' }] }] });
    const run = await json('run-task', '--cluster', 'work', '--task-definition', 'sleeper', '--overrides', overrides);
    const stopped = await waitFor(run.tasks[0].taskArn, 'STOPPED', 30_000);
    expect(stopped.containers[0].exitCode).toBe(3);
    expect(stopped.stopCode).toBe('EssentialContainerExited');
    const logs = await cli('logs', '--cluster', 'work', '--task', run.tasks[0].taskArn);
    expect(logs.stdout).toContain('greeting=hi');
  });

  it('runs linuxParameters, systemControls and ipcMode on Docker as asked, and describes them back', async () => {
    const probe = [
      'echo "somaxconn=$(cat /proc/sys/net/core/somaxconn)"',
      'echo "pid1=$(cat /proc/1/comm)"',
      'grep -q " /scratch tmpfs " /proc/mounts && echo scratch=tmpfs',
      'test -c /dev/nil && echo device=yes',
      'trap "exit 0" TERM; while true; do sleep 0.2; done',
    ].join('; ');
    const registered = await registerFile('linux', {
      family: 'linux',
      ipcMode: 'none',
      runtimePlatform: { operatingSystemFamily: 'LINUX' },
      containerDefinitions: [
        {
          ...sleeper,
          memoryReservation: undefined,
          memory: 64,
          command: ['sh', '-c', probe],
          linuxParameters: {
            capabilities: { add: ['SYS_PTRACE'], drop: ['NET_RAW'] },
            initProcessEnabled: true,
            tmpfs: [{ containerPath: '/scratch', size: 16, mountOptions: ['noexec'] }],
            devices: [{ hostPath: '/dev/null', containerPath: '/dev/nil', permissions: ['read', 'write'] }],
            maxSwap: 32,
            swappiness: 10,
          },
          systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }],
        },
      ],
    });
    expect(registered.code, registered.stderr).toBe(0);
    expect(registered.stderr).not.toContain('ignoring');
    const described = (await json('describe-task-definition', '--task-definition', 'linux')).taskDefinition;
    expect(described).toMatchObject({ ipcMode: 'none', runtimePlatform: { operatingSystemFamily: 'LINUX' } });
    expect(described.containerDefinitions[0]).toMatchObject({
      linuxParameters: { capabilities: { add: ['SYS_PTRACE'], drop: ['NET_RAW'] }, initProcessEnabled: true, maxSwap: 32, swappiness: 10 },
      systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }],
    });

    const run = await json('run-task', '--cluster', 'work', '--task-definition', 'linux');
    const task = await waitFor(run.tasks[0].taskArn, 'RUNNING');
    const inspected = JSON.parse(execFileSync('docker', [...dockerFor(task.containerInstanceArn), 'inspect', task.containers[0].runtimeId], { encoding: 'utf8' }))[0];
    expect(inspected.HostConfig).toMatchObject({
      CapAdd: ['SYS_PTRACE'],
      CapDrop: ['NET_RAW'],
      Init: true,
      Tmpfs: { '/scratch': 'noexec,size=16m' },
      Devices: [{ PathOnHost: '/dev/null', PathInContainer: '/dev/nil', CgroupPermissions: 'rw' }],
      Memory: 64 * 1024 * 1024,
      MemorySwap: 96 * 1024 * 1024,
      Sysctls: { 'net.core.somaxconn': '1024' },
      IpcMode: 'none',
    });
    const logs = await eventually(async () => {
      const out = (await cli('logs', '--cluster', 'work', '--task', task.taskArn)).stdout;
      return out.includes('device=yes') ? out : undefined;
    }, 20_000, 'the probe output');
    expect(logs).toContain('somaxconn=1024');
    expect(logs).toContain('pid1=docker-init');
    expect(logs).toContain('scratch=tmpfs');
    await cli('stop-task', '--cluster', 'work', '--task', task.taskArn);
    await waitFor(task.taskArn, 'STOPPED', 30_000);
  });

  it('a static host port is taken by one task per host; the third copy fails with RESOURCE:PORTS', async () => {
    await registerFile('fixed', {
      family: 'fixed',
      containerDefinitions: [{ ...sleeper, memoryReservation: 16, portMappings: [{ containerPort: 80, hostPort: 38080 }] }],
    });
    const run = await json('run-task', '--cluster', 'work', '--task-definition', 'fixed', '--count', '3');
    expect(run.tasks).toHaveLength(2);
    expect(new Set(run.tasks.map((t: any) => t.containerInstanceArn)).size).toBe(2);
    expect(run.failures[0]).toMatchObject({ reason: 'RESOURCE:PORTS' });
    for (const t of run.tasks) await cli('stop-task', '--cluster', 'work', '--task', t.taskArn);
  });

  it('reports a pull failure as CannotPullContainerError with TaskFailedToStart', async () => {
    await registerFile('nopull', { family: 'nopull', containerDefinitions: [{ name: 'x', image: 'registry.invalid/none:1', memory: 16 }] });
    // The default policy allows Docker Hub's images only; an admin opens it to a registry that does not exist.
    await json('update-cluster-settings', '--cluster', 'work', '--settings', 'name=berthAllowedRegistries,value=*');
    const run = await json('run-task', '--cluster', 'work', '--task-definition', 'nopull');
    const stopped = await waitFor(run.tasks[0].taskArn, 'STOPPED', 60_000);
    expect(stopped.stopCode).toBe('TaskFailedToStart');
    expect(stopped.stoppedReason).toMatch(/CannotPullContainerError/);
  });

  it('refuses bad input with ECS errors', async () => {
    const cases: [string[], RegExp][] = [
      [['run-task', '--cluster', 'work', '--task-definition', 'ghost'], /ClientException.*Unable to describe task definition/],
      [['run-task', '--cluster', 'nowhere', '--task-definition', 'sleeper'], /ClusterNotFoundException/],
      [['run-task', '--cluster', 'work', '--task-definition', 'sleeper', '--count', '11'], /InvalidParameterException.*count/],
      [['run-task', '--cluster', 'work', '--task-definition', 'sleeper', '--overrides', '{"containerOverrides":[{"name":"nope"}]}'], /InvalidParameterException.*Override for container named 'nope'/],
      [['stop-task', '--cluster', 'work', '--task', 'f'.repeat(32)], /InvalidParameterException.*task was not found/],
      [['run-task', '--cluster', 'work', '--task-definition', 'sleeper', '--placement-strategy', 'type=binpack,field=disk'], /InvalidParameterException.*binpack/],
    ];
    for (const [args, pattern] of cases) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).toBe(254);
      expect(result.stderr).toMatch(pattern);
    }
    const anyTask = (await json('list-tasks', '--cluster', 'work', '--desired-status', 'STOPPED')).taskArns[0];
    const noContainer = await cli('logs', '--cluster', 'work', '--task', anyTask, '--container', 'nope');
    expect(noContainer.code).not.toBe(0);
    expect(noContainer.stderr).toMatch(/InvalidParameterException.*no container named 'nope'/);
    const missing = await json('describe-tasks', '--cluster', 'work', '--tasks', 'e'.repeat(32));
    expect(missing.failures).toEqual([{ arn: 'e'.repeat(32), reason: 'MISSING' }]);

    const noMemory = await registerFile('bad', { family: 'bad', containerDefinitions: [{ name: 'c', image: 'x' }] });
    expect(noMemory.stderr).toMatch(/ClientException.*Invalid setting for container 'c'\. At least one of 'memory' or 'memoryReservation' must be specified\./);

    await registerFile('retired', { family: 'retired', containerDefinitions: [sleeper] });
    expect((await cli('deregister-task-definition', '--task-definition', 'retired:1')).code).toBe(0);
    const inactive = await cli('run-task', '--cluster', 'work', '--task-definition', 'retired:1');
    expect(inactive.stderr).toMatch(/ClientException.*TaskDefinition is inactive/);
    const families = await json('list-task-definition-families', '--status', 'INACTIVE');
    expect(families.families).toContain('retired');
  });
});
