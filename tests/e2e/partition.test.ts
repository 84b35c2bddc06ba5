import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, runCommand, startFaultProxy, type FaultProxy } from '@berth/test-support';
import { berth, removeDir, restartAgent, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

/**
 * An agent that reaches its control plane only through a relay the test cuts, black-holes and
 * heals (socat on loopback): the agent keeps its containers running, keeps the reports it could
 * not send (on disk: it is even killed and restarted while cut off), notices a black-holed
 * connection by its own heartbeat timeout and dials a new one (which alone brings it back when
 * only the open connection's flow was lost), and once healed every report
 * arrives and no container was started twice.
 */
describe('a network partition between an agent and the control plane', () => {
  let cp: ControlPlane;
  let proxy: FaultProxy;
  let host: Agent;
  const json = async (...args: string[]) => (await berth(cp, args)).json();
  const describeTask = async (arn: string) => (await json('describe-tasks', '--cluster', 'part', '--tasks', arn)).tasks[0];
  const containersOf = async (taskArn: string) =>
    (await runCommand('docker', ['ps', '-a', '-q', '--no-trunc', '--filter', `label=com.amazonaws.ecs.task-arn=${taskArn}`])).stdout.split('\n').filter(Boolean);
  const running = async (taskArn: string) =>
    (await runCommand('docker', ['ps', '-q', '--no-trunc', '--filter', `label=com.amazonaws.ecs.task-arn=${taskArn}`])).stdout.split('\n').filter(Boolean);
  /** Tasks with a STOPPED report the agent has queued on disk and not had acknowledged. */
  const unsentStops = (): string[] => {
    try {
      const state = JSON.parse(readFileSync(join(host.dir, 'data', 'ecs_agent_reports.json'), 'utf8')) as { unacked: { tasks: { taskArn: string; status: string }[] }[] };
      return state.unacked.flatMap((report) => report.tasks.filter((t) => t.status === 'STOPPED').map((t) => t.taskArn));
    } catch {
      return [];
    }
  };
  const runTask = async () => {
    const task = (await json('run-task', '--cluster', 'part', '--task-definition', 'part-sleeper')).tasks[0].taskArn as string;
    expect((await berth(cp, ['wait', 'tasks-running', '--cluster', 'part', '--tasks', task])).code).toBe(0);
    return task;
  };
  const stoppedWith = (arn: string, what: string) =>
    eventually(
      async () => {
        const task = await describeTask(arn);
        return task.lastStatus === 'STOPPED' ? task : undefined;
      },
      60_000,
      what,
      250,
    );

  beforeAll(async () => {
    cp = await startControlPlane();
    await json('create-cluster', '--cluster-name', 'part');
    proxy = await startFaultProxy(cp.endpoint);
    host = await startAgent(cp, { ECS_CLUSTER: 'part', ECS_BACKEND_HOST: proxy.endpoint, ECS_HOST_PORT_BIND_IP: '127.0.0.1', ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached' }, 'partition');
    await host.process.waitForOutput(/"msg":"session established"/, 60_000);
    const sleeper = [{ name: 'main', image: 'berth/busybox:latest', memory: 16, stopTimeout: 1, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'] }];
    await json('register-task-definition', '--family', 'part-sleeper', '--container-definitions', JSON.stringify(sleeper));
  });

  afterAll(async () => {
    try {
      await proxy?.heal();
      for (const task of (await json('list-tasks', '--cluster', 'part')).taskArns ?? []) await berth(cp, ['stop-task', '--cluster', 'part', '--task', task]);
      await eventually(async () => (((await json('list-tasks', '--cluster', 'part')).taskArns ?? []).length === 0 ? true : undefined), 30_000, 'all tasks stopped').catch(() => undefined);
    } finally {
      await host?.process.stop();
      await proxy?.stop();
      await cp?.process.stop();
      await removeDir(host?.dir);
      await removeDir(cp?.dir);
    }
  });

  it('keeps containers and buffered reports through a cut (with an agent restart) and a black hole, and reconciles after each heal', async () => {
    const steady = await runTask();
    const diesWhileCut = await runTask();
    const diesInBlackHole = await runTask();
    const steadyContainer = (await running(steady))[0]!;

    // Cut: the agent loses its session, keeps running its containers and queues what happens.
    const cutAt = host.process.output().length;
    await proxy.cut();
    expect(unsentStops()).toEqual([]);
    await host.process.waitForOutput(/"msg":"session lost; reconnecting"/, 20_000, cutAt);
    expect((await runCommand('docker', ['kill', (await running(diesWhileCut))[0]!])).code).toBe(0);
    // The report waits on disk: the agent is killed and started again while still cut off.
    await eventually(async () => (unsentStops().includes(diesWhileCut) ? true : undefined), 20_000, 'the STOPPED report queued in ECS_DATADIR');
    host.process.child.kill('SIGKILL');
    await host.process.exited;
    restartAgent(host);
    await host.process.waitForOutput(/"msg":"registration failed; retrying"/, 30_000);
    expect(unsentStops()).toContain(diesWhileCut);
    expect(await running(steady)).toEqual([steadyContainer]);
    expect((await describeTask(diesWhileCut)).lastStatus).toBe('RUNNING');

    const healedAt = host.process.output().length;
    await proxy.heal();
    await host.process.waitForOutput(/"msg":"session established"/, 60_000, healedAt);
    const killed = await stoppedWith(diesWhileCut, 'the task killed while cut off reported STOPPED');
    expect(killed.containers[0].exitCode).toBe(137);
    expect(killed.stopCode).toBe('EssentialContainerExited');
    expect((await describeTask(steady)).lastStatus).toBe('RUNNING');
    expect(await running(steady)).toEqual([steadyContainer]);

    // Black hole: the connection stays open and carries nothing; the agent's own heartbeat timeout notices.
    const holeAt = host.process.output().length;
    proxy.blackhole();
    const lost = await host.process.waitForOutput(/"msg":"session lost; reconnecting"/, 20_000, holeAt);
    expect(lost).toMatch(/no word from the control plane/);
    expect(lost).toMatch(/"newConnection":true/);
    const afterLost = host.process.output().length;
    expect((await runCommand('docker', ['kill', (await running(diesInBlackHole))[0]!])).code).toBe(0);
    await eventually(async () => (unsentStops().includes(diesInBlackHole) ? true : undefined), 20_000, 'the STOPPED report queued during the black hole');
    // It keeps dialling: each new connection is accepted and never answered, and is given up in turn.
    await host.process.waitForOutput(/"msg":"session lost; reconnecting".*no word from the control plane/, 30_000, afterLost);
    expect((await describeTask(diesInBlackHole)).lastStatus).toBe('RUNNING');
    expect(await running(steady)).toEqual([steadyContainer]);

    const healedAgainAt = host.process.output().length;
    await proxy.heal();
    await host.process.waitForOutput(/"msg":"session established"/, 60_000, healedAgainAt);
    const killedInHole = await stoppedWith(diesInBlackHole, 'the task killed in the black hole reported STOPPED');
    expect(killedInHole.containers[0].exitCode).toBe(137);

    // Everything reconciled: the report from before the cut was applied once and not changed since,
    // the steady task kept its one container, and new work runs.
    const killedLater = await describeTask(diesWhileCut);
    expect(killedLater.stoppedAt).toBe(killed.stoppedAt);
    expect(killedLater.containers[0].exitCode).toBe(137);
    expect((await describeTask(steady)).lastStatus).toBe('RUNNING');
    expect(await running(steady)).toEqual([steadyContainer]);
    await eventually(async () => (unsentStops().length === 0 ? true : undefined), 20_000, 'every queued report acknowledged');

    // A lost flow (the open connection carries nothing, new ones work): the agent's heartbeat
    // timeout gives it up and a new connection brings the session back — well before TCP
    // keepalive (20 s + 10 s) would have noticed anything.
    const frozenAt = host.process.output().length;
    await proxy.freezeConnections();
    const frozen = await host.process.waitForOutput(/"msg":"session lost; reconnecting"/, 10_000, frozenAt);
    expect(frozen).toMatch(/"newConnection":true/);
    await host.process.waitForOutput(/"msg":"session established"/, 10_000, frozenAt);
    const fresh = await runTask();
    for (const task of [steady, diesWhileCut, diesInBlackHole, fresh]) expect(await containersOf(task)).toHaveLength(1);
  });
});
