import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort, portAccepts, runCommand, startProcess, startThrowawayPostgres, type RunningProcess, type ThrowawayPostgres } from '@berth/test-support';
import { berth, ecsClient, removeDir, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

/**
 * SIGTERM to the replica that holds an agent's session, in the middle of a RunTask burst: the
 * replica stops taking calls, answers the ones in flight, tells its agents to go, and exits 0.
 * The agent reaches the other replica at once through the address in front of both (a real
 * HAProxy in TCP mode, as an operator would run it); every call either was answered and its task
 * exists, or was refused as UNAVAILABLE before anything happened — retried elsewhere with its
 * clientToken, nothing is doubled.
 */
describe('graceful shutdown of a control-plane replica', () => {
  let pgServer: ThrowawayPostgres;
  let a: ControlPlane;
  let b: ControlPlane;
  let front: RunningProcess;
  let agent: Agent;
  let dir: string;
  const json = async (...args: string[]) => (await berth(b, args)).json();

  beforeAll(async () => {
    pgServer = await startThrowawayPostgres();
    const env = { BERTH_SERVER_KEY: randomBytes(32).toString('base64') };
    a = await startControlPlane(['--database-url', pgServer.url], { env });
    b = await startControlPlane(['--database-url', pgServer.url], { env, credentialsFile: a.credentialsFile });
    dir = await mkdtemp(join(tmpdir(), 'berth-e2e-haproxy-'));
    const frontPort = await freePort();
    // `balance first`: every agent is on A while A is up; a refused connection is sent on to B.
    const config = [
      'defaults',
      '  mode tcp',
      '  timeout connect 2s',
      '  timeout client 1h',
      '  timeout server 1h',
      '  retries 3',
      '  option redispatch',
      'frontend agents',
      `  bind 127.0.0.1:${frontPort}`,
      '  default_backend replicas',
      'backend replicas',
      '  balance first',
      `  server a ${a.endpoint} check inter 300 fall 1 rise 1`,
      `  server b ${b.endpoint} check inter 300 fall 1 rise 1`,
      '',
    ].join('\n');
    await writeFile(join(dir, 'haproxy.cfg'), config);
    front = startProcess('haproxy', ['-db', '-f', join(dir, 'haproxy.cfg')]);
    await eventually(async () => ((await portAccepts(frontPort)) ? true : undefined), 10_000, 'HAProxy listening');

    await json('create-cluster', '--cluster-name', 'drain');
    agent = await startAgent(a, { ECS_CLUSTER: 'drain', ECS_BACKEND_HOST: `127.0.0.1:${frontPort}`, ECS_HOST_PORT_BIND_IP: '127.0.0.1', ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached' }, 'drain-agent');
    await agent.process.waitForOutput(/"msg":"session established"/, 60_000);
    await a.process.waitForOutput(/"msg":"agent connected"/, 10_000);
    const td = [{ name: 'main', image: 'berth/busybox:latest', memoryReservation: 8, stopTimeout: 1, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'] }];
    await json('register-task-definition', '--family', 'drain', '--container-definitions', JSON.stringify(td));
  });

  afterAll(async () => {
    try {
      const tasks: string[] = (await json('list-tasks', '--cluster', 'drain')).taskArns ?? [];
      for (const task of tasks) await berth(b, ['stop-task', '--cluster', 'drain', '--task', task]);
      if (tasks.length > 0) await berth(b, ['wait', 'tasks-stopped', '--cluster', 'drain', '--tasks', ...tasks]);
    } finally {
      await agent?.process.stop();
      await front?.stop();
      for (const cp of [a, b]) await cp?.process.stop();
      await pgServer?.stop();
      for (const d of [agent?.dir, a?.dir, b?.dir, dir]) await removeDir(d);
    }
  });

  it('answers the calls in flight, moves the agent to the other replica at once and exits 0', async () => {
    const before = (await json('run-task', '--cluster', 'drain', '--task-definition', 'drain')).tasks[0].taskArn as string;
    expect((await berth(b, ['wait', 'tasks-running', '--cluster', 'drain', '--tasks', before])).code).toBe(0);

    const client = await ecsClient(a);
    const N = 20;
    const calls = Array.from({ length: N }, (_, i) => ({ token: `drain-${i}`, answer: undefined as string | undefined, code: undefined as number | undefined }));
    const burst = calls.map((c) =>
      client.runTask({ cluster: 'drain', taskDefinition: 'drain', clientToken: c.token }).then(
        (r) => {
          // A task, never a placement failure: the instance stays connected through the hand-over.
          c.answer = r.tasks?.[0]?.taskArn ?? `failed: ${JSON.stringify(r.failures)}`;
        },
        (error: { code?: number }) => {
          c.code = error.code;
        },
      ),
    );
    await eventually(async () => (calls.some((c) => c.answer) ? true : undefined), 30_000, 'the first acknowledgement', 5);
    const agentAt = agent.process.output().length;
    const bAt = b.process.output().length;
    const termAt = Date.now();
    a.process.child.kill('SIGTERM');
    await Promise.all(burst);
    client.close();
    expect(await a.process.exited).toBe(0);
    expect(a.process.output()).toMatch(/"msg":"shutting down"/);

    // Each call was answered, or refused before it began (UNAVAILABLE), never cut off half-way.
    for (const c of calls) expect(c.answer ?? c.code, c.token).toSatisfy((v: unknown) => (typeof v === 'string' && v.startsWith('arn:')) || v === GrpcStatus.UNAVAILABLE);

    // The agent was told to go and is on B within a couple of seconds, not after a heartbeat timeout.
    const lost = await agent.process.waitForOutput(/"msg":"session lost; reconnecting"/, 10_000, agentAt);
    expect(lost).not.toMatch(/no word from the control plane/);
    expect(agent.process.output().slice(agentAt)).toMatch(/The control plane is shutting down; reconnect\./);
    await b.process.waitForOutput(/"msg":"agent connected"/, 10_000, bAt);
    expect(Date.now() - termAt).toBeLessThan(10_000);

    // Retried on B with the same tokens: the answered calls get their own task back, the others one each.
    const again = await ecsClient(b);
    try {
      for (const c of calls) {
        const arn = (await again.runTask({ cluster: 'drain', taskDefinition: 'drain', clientToken: c.token })).tasks![0]!.taskArn!;
        if (c.answer) expect(arn, c.token).toBe(c.answer);
        c.answer = arn;
      }
    } finally {
      again.close();
    }
    const arns = [before, ...calls.map((c) => c.answer!)];
    expect(new Set(arns).size).toBe(N + 1);
    const listed: string[] = (await json('list-tasks', '--cluster', 'drain')).taskArns;
    expect([...listed].sort()).toEqual([...arns].sort());
    await eventually(
      async () => {
        const tasks = (await json('describe-tasks', '--cluster', 'drain', '--tasks', ...arns)).tasks as { lastStatus: string }[];
        return tasks.every((t) => t.lastStatus === 'RUNNING') ? true : undefined;
      },
      90_000,
      'every task RUNNING, driven from B',
      500,
    );
    for (const arn of arns) {
      const containers = (await runCommand('docker', ['ps', '-a', '-q', '--filter', `label=com.amazonaws.ecs.task-arn=${arn}`])).stdout.split('\n').filter(Boolean);
      expect(containers, arn).toHaveLength(1);
    }
  }, 240_000);
});
