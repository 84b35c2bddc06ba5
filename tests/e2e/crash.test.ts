import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, runCommand } from '@berth/test-support';
import { berth, ecsClient, removeDir, restartControlPlane, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

/**
 * Nothing acknowledged is lost when the control plane dies: kill -9 it while a task runs, start it
 * again on the same embedded data directory, and everything is where it was — the agent rejoins
 * and the task keeps running untouched, then stops on request.
 */
describe('control plane crash', () => {
  let cp: ControlPlane;
  let agent: Agent;

  beforeAll(async () => {
    cp = await startControlPlane();
    expect((await berth(cp, ['create-cluster', '--cluster-name', 'crash'])).code).toBe(0);
    agent = await startAgent(cp, { ECS_CLUSTER: 'crash', ECS_HOST_PORT_BIND_IP: '127.0.0.1', ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached' }, 'crash-agent');
    await agent.process.waitForOutput(/"msg":"session established"/, 60_000);
  });
  afterAll(async () => {
    await agent?.process.stop();
    await cp?.process.stop();
    for (const dir of [agent?.dir, cp?.dir]) await removeDir(dir);
  });

  it('keeps acknowledged state across kill -9 and goes on driving the running task', async () => {
    const td = JSON.stringify([{ name: 'main', image: 'berth/busybox:latest', memoryReservation: 8, stopTimeout: 2, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'] }]);
    expect((await berth(cp, ['register-task-definition', '--family', 'crash', '--container-definitions', td])).code).toBe(0);
    const arn = (await berth(cp, ['run-task', '--cluster', 'crash', '--task-definition', 'crash'])).json().tasks[0].taskArn;
    const describe = async () => (await berth(cp, ['describe-tasks', '--cluster', 'crash', '--tasks', arn])).json().tasks[0];
    const running = await eventually(async () => {
      const t = await describe();
      return t.lastStatus === 'RUNNING' ? t : undefined;
    }, 30_000, 'task RUNNING');

    cp.process.child.kill('SIGKILL');
    await cp.process.exited;
    await restartControlPlane(cp);

    expect((await berth(cp, ['describe-clusters', '--clusters', 'crash'])).json().clusters[0]).toMatchObject({ status: 'ACTIVE', runningTasksCount: 1 });
    await eventually(async () => {
      const instances = (await berth(cp, ['list-container-instances', '--cluster', 'crash'])).json().containerInstanceArns;
      const described = (await berth(cp, ['describe-container-instances', '--cluster', 'crash', '--container-instances', ...instances])).json();
      return described.containerInstances[0].agentConnected ? true : undefined;
    }, 60_000, 'agent reconnected');
    const after = await describe();
    expect(after).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });
    expect(after.containers[0].runtimeId).toBe(running.containers[0].runtimeId);

    await berth(cp, ['stop-task', '--cluster', 'crash', '--task', arn]);
    const stopped = await eventually(async () => {
      const t = await describe();
      return t.lastStatus === 'STOPPED' ? t : undefined;
    }, 30_000, 'task STOPPED');
    expect(stopped.containers[0].exitCode).toBe(0);
  });

  it('a RunTask burst cut by kill -9: every acknowledged task is there after the restart, retries with the same clientToken add none, nothing starts twice', async () => {
    const client = await ecsClient(cp);
    const N = 20;
    const calls = Array.from({ length: N }, (_, i) => ({ token: `burst-${i}`, answer: undefined as string | undefined }));
    const burst = calls.map((c) =>
      client.runTask({ cluster: 'crash', taskDefinition: 'crash', clientToken: c.token }).then(
        (r) => {
          c.answer = r.tasks![0]!.taskArn!;
        },
        () => undefined,
      ),
    );
    await eventually(async () => (calls.filter((c) => c.answer).length >= 3 ? true : undefined), 30_000, 'the first acknowledgements', 5);
    cp.process.child.kill('SIGKILL');
    await Promise.all(burst);
    client.close();
    const acknowledged = calls.filter((c) => c.answer);
    expect(acknowledged.length).toBeGreaterThanOrEqual(3);
    await cp.process.exited;
    await restartControlPlane(cp);

    const again = await ecsClient(cp);
    try {
      // Every acknowledged task is there; every call retried with its token gets the task it made, or one new one.
      for (const c of calls) {
        const arn = (await again.runTask({ cluster: 'crash', taskDefinition: 'crash', clientToken: c.token })).tasks![0]!.taskArn!;
        if (c.answer) expect(arn, c.token).toBe(c.answer);
        c.answer = arn;
      }
      const arns = calls.map((c) => c.answer!);
      expect(new Set(arns).size).toBe(N);
      const listed: string[] = (await berth(cp, ['list-tasks', '--cluster', 'crash', '--family', 'crash'])).json().taskArns;
      expect(listed.filter((a) => arns.includes(a)).sort()).toEqual([...arns].sort());
      expect(listed.length).toBe(N);
      await eventually(async () => {
        const tasks = (await berth(cp, ['describe-tasks', '--cluster', 'crash', '--tasks', ...arns])).json().tasks as { lastStatus: string }[];
        return tasks.every((t) => t.lastStatus === 'RUNNING') ? true : undefined;
      }, 90_000, 'all burst tasks RUNNING', 500);
      for (const arn of arns) {
        const containers = (await runCommand('docker', ['ps', '-a', '-q', '--filter', `label=com.amazonaws.ecs.task-arn=${arn}`])).stdout.split('\n').filter(Boolean);
        expect(containers, arn).toHaveLength(1);
      }
      for (const arn of arns) await berth(cp, ['stop-task', '--cluster', 'crash', '--task', arn]);
      expect((await berth(cp, ['wait', 'tasks-stopped', '--cluster', 'crash', '--tasks', ...arns])).code).toBe(0);
    } finally {
      again.close();
    }
  }, 240_000);

  it('kill -9 in the middle of a rolling deployment: after the restart the deployment finishes, at exactly desiredCount, nothing started twice', async () => {
    const app = (tag: string) =>
      JSON.stringify([{ name: 'main', image: 'berth/busybox:latest', memoryReservation: 8, stopTimeout: 1, environment: [{ name: 'TAG', value: tag }], command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'] }]);
    const v1 = (await berth(cp, ['register-task-definition', '--family', 'crash-roll', '--container-definitions', app('v1')])).json().taskDefinition.taskDefinitionArn;
    const v2 = (await berth(cp, ['register-task-definition', '--family', 'crash-roll', '--container-definitions', app('v2')])).json().taskDefinition.taskDefinitionArn;
    (await berth(cp, ['create-service', '--cluster', 'crash', '--service-name', 'roll', '--task-definition', v1, '--desired-count', '3'])).json();
    expect((await berth(cp, ['wait', 'services-stable', '--cluster', 'crash', '--services', 'roll'])).code).toBe(0);
    (await berth(cp, ['update-service', '--cluster', 'crash', '--service', 'roll', '--task-definition', v2])).json();
    await eventually(async () => {
      const arns: string[] = (await berth(cp, ['list-tasks', '--cluster', 'crash', '--service-name', 'roll'])).json().taskArns;
      const tasks = (await berth(cp, ['describe-tasks', '--cluster', 'crash', '--tasks', ...arns])).json().tasks as { taskDefinitionArn: string }[];
      return tasks.some((t) => t.taskDefinitionArn === v2) ? true : undefined;
    }, 30_000, 'the rollout under way', 100);
    cp.process.child.kill('SIGKILL');
    await cp.process.exited;
    await restartControlPlane(cp);

    expect((await berth(cp, ['wait', 'services-stable', '--cluster', 'crash', '--services', 'roll'])).code).toBe(0);
    const service = (await berth(cp, ['describe-services', '--cluster', 'crash', '--services', 'roll'])).json().services[0];
    expect(service).toMatchObject({ runningCount: 3, desiredCount: 3, taskDefinition: v2 });
    expect(service.deployments).toHaveLength(1);
    const running = (await runCommand('docker', ['ps', '-q', '--filter', 'label=com.amazonaws.ecs.task-definition-family=crash-roll'])).stdout.split('\n').filter(Boolean);
    expect(running).toHaveLength(3);
    const arns: string[] = (await berth(cp, ['list-tasks', '--cluster', 'crash', '--service-name', 'roll'])).json().taskArns;
    for (const arn of arns) {
      expect((await runCommand('docker', ['ps', '-a', '-q', '--filter', `label=com.amazonaws.ecs.task-arn=${arn}`])).stdout.split('\n').filter(Boolean), arn).toHaveLength(1);
    }
    await berth(cp, ['delete-service', '--cluster', 'crash', '--service', 'roll', '--force']);
    await eventually(
      async () => ((await berth(cp, ['describe-services', '--cluster', 'crash', '--services', 'roll'])).json().services[0]?.status === 'INACTIVE' ? true : undefined),
      60_000,
      'the service INACTIVE',
      500,
    );
  }, 240_000);
});
