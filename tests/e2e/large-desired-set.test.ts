import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EcsClient } from '@berth/api-client';
import { eventually, runCommand } from '@berth/test-support';
import { berth, ecsClient, removeDir, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

const TASKS = 70;

/**
 * A host whose desired set is larger than one gRPC message may be (70 tasks of a legal 60 KiB
 * definition: 4.2 MiB against gRPC's 4 MiB limit). The set goes in parts; the agent keeps its
 * session, runs every task once and stops them all when told.
 */
describe('a desired set larger than one message', () => {
  let cp: ControlPlane;
  let host: Agent;
  let client: EcsClient;
  const containersOf = async (taskArn: string) =>
    (await runCommand('docker', ['ps', '-a', '-q', '--filter', `label=com.amazonaws.ecs.task-arn=${taskArn}`])).stdout.split('\n').filter(Boolean);
  /** Agent log lines since `from` that show the session in trouble. */
  const troubleSince = (from: number) =>
    host.process
      .output()
      .slice(from)
      .split('\n')
      .filter((line) => /"msg":"session lost|RESOURCE_EXHAUSTED/.test(line));
  const statuses = async (arns: string[]) => {
    const statuses: string[] = [];
    for (let at = 0; at < arns.length; at += 100) {
      const tasks = (await client.describeTasks({ cluster: 'big', tasks: arns.slice(at, at + 100) })).tasks ?? [];
      statuses.push(...tasks.map((task) => task.lastStatus ?? ''));
    }
    return statuses;
  };

  beforeAll(async () => {
    cp = await startControlPlane();
    client = await ecsClient(cp);
    await client.createCluster({ clusterName: 'big' });
    host = await startAgent(cp, { ECS_CLUSTER: 'big', ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached' }, 'big');
    await host.process.waitForOutput(/"msg":"session established"/, 60_000);
    await client.registerTaskDefinition({
      family: 'big',
      containerDefinitions: [
        {
          name: 'main',
          image: 'berth/busybox:latest',
          memory: 8,
          stopTimeout: 1,
          command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'],
          environment: [{ name: 'BLOB', value: 'x'.repeat(60_000) }],
        },
      ],
    });
  });

  afterAll(async () => {
    client?.close();
    await host?.process.stop();
    await cp?.process.stop();
    const left = (await runCommand('docker', ['ps', '-a', '-q', '--filter', 'label=com.amazonaws.ecs.task-definition-family=big'])).stdout.split('\n').filter(Boolean);
    if (left.length > 0) await runCommand('docker', ['rm', '-f', ...left]);
    await removeDir(host?.dir);
    await removeDir(cp?.dir);
  });

  it('runs 70 tasks of a 60 KiB definition on one host without losing its session, then stops them all', async () => {
    const from = host.process.output().length;
    const arns: string[] = [];
    for (let burst = 0; burst < TASKS / 10; burst++) {
      const out = await client.runTask({ cluster: 'big', taskDefinition: 'big', count: 10 });
      expect(out.failures ?? []).toEqual([]);
      arns.push(...(out.tasks ?? []).map((task) => task.taskArn!));
    }
    expect(arns).toHaveLength(TASKS);
    await eventually(async () => ((await statuses(arns)).every((status) => status === 'RUNNING') ? true : undefined), 180_000, 'all 70 tasks RUNNING', 1000);
    for (const arn of arns) expect(await containersOf(arn), arn).toHaveLength(1);
    expect(troubleSince(from)).toEqual([]);
    const instance = (await berth(cp, ['list-container-instances', '--cluster', 'big', '--status', 'ACTIVE'])).json().containerInstanceArns as string[];
    const described = (await berth(cp, ['describe-container-instances', '--cluster', 'big', '--container-instances', ...instance])).json().containerInstances[0];
    expect(described).toMatchObject({ agentConnected: true, runningTasksCount: TASKS });

    for (const arn of arns) await client.stopTask({ cluster: 'big', task: arn });
    await eventually(async () => ((await statuses(arns)).every((status) => status === 'STOPPED') ? true : undefined), 180_000, 'all 70 tasks STOPPED', 1000);
    expect(troubleSince(from)).toEqual([]);
  }, 420_000);
});
