import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, eventually, startProcess, startThrowawayPostgres, type ThrowawayPostgres } from '@berth/test-support';
import { berth, cleanEnv, removeDir, restartControlPlane, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

/**
 * Two control-plane replicas on one PostgreSQL: the agent's session lives on replica A, the user
 * talks to replica B. Desired-state changes reach the agent through LISTEN/NOTIFY. Exactly one
 * replica leads the cluster's background loops (a PostgreSQL advisory lock); kill -9 of it hands
 * the lead to the other within seconds. `berth logs` works through either replica: the one
 * without the session relays through PostgreSQL.
 */
describe('control-plane replicas on PostgreSQL', () => {
  let pgServer: ThrowawayPostgres;
  let a: ControlPlane;
  let b: ControlPlane;
  let agent: Agent;

  beforeAll(async () => {
    pgServer = await startThrowawayPostgres();
    // Replicas share the server key that seals secrets, and so the admin credential A made.
    const env = { BERTH_SERVER_KEY: randomBytes(32).toString('base64') };
    a = await startControlPlane(['--database-url', pgServer.url], { env });
    b = await startControlPlane(['--database-url', pgServer.url], { env, credentialsFile: a.credentialsFile });
    expect((await berth(b, ['create-cluster', '--cluster-name', 'rep'])).code).toBe(0);
    agent = await startAgent(a, { ECS_CLUSTER: 'rep', ECS_HOST_PORT_BIND_IP: '127.0.0.1', ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached' }, 'replica-agent');
    await agent.process.waitForOutput(/"msg":"session established"/, 60_000);
  });

  afterAll(async () => {
    await agent?.process.stop();
    for (const cp of [a, b]) await cp?.process.stop();
    await pgServer?.stop();
    for (const dir of [agent?.dir, a?.dir, b?.dir]) await removeDir(dir);
  });

  it('runs and stops a task requested through the replica that does not hold the agent', async () => {
    const instances = (await berth(b, ['describe-container-instances', '--cluster', 'rep', '--container-instances', ...(await berth(b, ['list-container-instances', '--cluster', 'rep'])).json().containerInstanceArns])).json();
    expect(instances.containerInstances[0].agentConnected).toBe(true);

    const td = JSON.stringify([{ name: 'main', image: 'berth/busybox:latest', memoryReservation: 8, stopTimeout: 2, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'] }]);
    expect((await berth(b, ['register-task-definition', '--family', 'rep', '--container-definitions', td])).code).toBe(0);
    const arn = (await berth(b, ['run-task', '--cluster', 'rep', '--task-definition', 'rep'])).json().tasks[0].taskArn;
    const describe = async () => (await berth(b, ['describe-tasks', '--cluster', 'rep', '--tasks', arn])).json().tasks[0];
    await eventually(async () => ((await describe()).lastStatus === 'RUNNING' ? true : undefined), 30_000, 'task RUNNING via replica B');

    await berth(b, ['stop-task', '--cluster', 'rep', '--task', arn]);
    const stopped = await eventually(async () => {
      const t = await describe();
      return t.lastStatus === 'STOPPED' ? t : undefined;
    }, 30_000, 'task STOPPED via replica B');
    expect(stopped).toMatchObject({ stopCode: 'UserInitiated' });
    expect(stopped.containers[0].exitCode).toBe(0);
  });

  it('berth logs through the replica that does not hold the agent: everything, in order, and followed', async () => {
    // 20,000 numbered lines (about 110 KB: many relay chunks), then one line every 200 ms.
    const td = JSON.stringify([{ name: 'main', image: 'berth/busybox:latest', memoryReservation: 8, stopTimeout: 1, command: ['sh', '-c', 'seq 1 20000; trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2; done'] }]);
    expect((await berth(b, ['register-task-definition', '--family', 'rep-logs', '--container-definitions', td])).code).toBe(0);
    const arn = (await berth(b, ['run-task', '--cluster', 'rep', '--task-definition', 'rep-logs'])).json().tasks[0].taskArn;
    expect((await berth(b, ['wait', 'tasks-running', '--cluster', 'rep', '--tasks', arn])).code).toBe(0);
    expect(b.process.output()).not.toMatch(/"msg":"agent connected"/);

    const logs = await eventually(
      async () => {
        const out = await berth(b, ['logs', '--cluster', 'rep', '--task', arn]);
        return out.code === 0 && out.stdout.includes('tick-1') ? out : undefined;
      },
      20_000,
      'the logs through replica B',
    );
    const lines = logs.stdout.split('\n');

    expect(lines.slice(0, 20_000)).toEqual(Array.from({ length: 20_000 }, (_, i) => String(i + 1)));
    expect(lines[20_000]).toBe('tick-1');

    const followed = startProcess(binPath('berth'), ['--endpoint', `http://${b.endpoint}`, 'logs', '--cluster', 'rep', '--task', arn, '--follow'], { env: cleanEnv({ AWS_SHARED_CREDENTIALS_FILE: b.credentialsFile }) });
    try {
      const seen = await followed.waitForOutput(/^tick-\d+$/, 20_000);
      const next = `tick-${Number(seen.slice(5)) + 10}`;
      await followed.waitForOutput(new RegExp(`^${next}$`), 20_000);
    } finally {
      followed.child.kill('SIGINT');
      await followed.exited;
    }
    await berth(b, ['stop-task', '--cluster', 'rep', '--task', arn]);
    expect((await berth(b, ['wait', 'tasks-stopped', '--cluster', 'rep', '--tasks', arn])).code).toBe(0);
  });

  it('one replica leads the cluster; kill -9 of it hands the lead over within seconds and the service goes on converging', async () => {
    const leading = /"msg":"leading cluster".*"cluster":"rep"/;
    const leader = await eventually(
      async () => {
        const [inA, inB] = [leading.test(a.process.output()), leading.test(b.process.output())];
        return inA !== inB ? (inA ? a : b) : undefined;
      },
      20_000,
      'exactly one replica leading cluster rep',
    );
    const other = leader === a ? b : a;
    const td = JSON.stringify([{ name: 'main', image: 'berth/busybox:latest', memoryReservation: 8, stopTimeout: 1, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'] }]);
    expect((await berth(other, ['register-task-definition', '--family', 'rep-svc', '--container-definitions', td])).code).toBe(0);
    expect((await berth(other, ['create-service', '--cluster', 'rep', '--service-name', 'led', '--task-definition', 'rep-svc', '--desired-count', '1'])).code).toBe(0);
    expect((await berth(other, ['wait', 'services-stable', '--cluster', 'rep', '--services', 'led'])).code).toBe(0);
    expect(other.process.output()).not.toMatch(leading);

    const killedAt = Date.now();
    leader.process.child.kill('SIGKILL');
    await leader.process.exited;
    await other.process.waitForOutput(leading, 15_000);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    if (leader === a) {
      // The agent's session was on the killed replica: it comes back, and the lead stays where it went.
      await restartControlPlane(a);
      await eventually(async () => ((await berth(b, ['describe-container-instances', '--cluster', 'rep', '--container-instances', ...(await berth(b, ['list-container-instances', '--cluster', 'rep'])).json().containerInstanceArns])).json().containerInstances[0].agentConnected ? true : undefined), 60_000, 'the agent back');
    }

    expect((await berth(other, ['update-service', '--cluster', 'rep', '--service', 'led', '--desired-count', '2'])).code).toBe(0);
    expect((await berth(other, ['wait', 'services-stable', '--cluster', 'rep', '--services', 'led'])).code).toBe(0);
    expect((await berth(other, ['describe-services', '--cluster', 'rep', '--services', 'led'])).json().services[0]).toMatchObject({ runningCount: 2, desiredCount: 2 });
    if (leader === a) expect(a.process.output()).not.toMatch(leading);

    expect((await berth(other, ['delete-service', '--cluster', 'rep', '--service', 'led', '--force'])).code).toBe(0);
    await eventually(async () => (((await berth(other, ['list-tasks', '--cluster', 'rep'])).json().taskArns ?? []).length === 0 ? true : undefined), 60_000, 'the service tasks gone');
  }, 180_000);
});
