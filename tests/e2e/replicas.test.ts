import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startThrowawayPostgres, type ThrowawayPostgres } from '@berth/test-support';
import { berth, removeDir, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

/**
 * Two control-plane replicas on one PostgreSQL: the agent's session lives on replica A, the user
 * talks to replica B. Desired-state changes reach the agent through LISTEN/NOTIFY.
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
});
