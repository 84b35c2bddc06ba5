import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, repoRoot } from '@berth/test-support';
import { berth, ecsClient, removeDir, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

/**
 * Services end to end on two hosts (two Docker daemons): spread, rolling update within
 * minimumHealthyPercent, replacement of a killed task, draining, the circuit breaker with rollback.
 */
describe('services on two hosts', () => {
  const DOCKER2 = execFileSync('bash', [join(repoRoot, 'scripts/start-second-docker.sh')], { encoding: 'utf8' }).trim();
  let cp: ControlPlane;
  const agents: Agent[] = [];
  const instanceArns: string[] = [];
  const cli = (...args: string[]) => berth(cp, args);
  const json = async (...args: string[]) => (await cli(...args)).json();
  const describeService = async (name: string) => (await json('describe-services', '--cluster', 'svc', '--services', name)).services[0];
  const serviceTasks = async (name: string) => {
    const arns = (await json('list-tasks', '--cluster', 'svc', '--service-name', name)).taskArns ?? [];
    return arns.length === 0 ? [] : (await json('describe-tasks', '--cluster', 'svc', '--tasks', ...arns)).tasks;
  };
  const register = async (family: string, container: object, fields: object = {}) => {
    const path = join(cp.dir, `${family}-${Date.now()}.json`);
    await writeFile(path, JSON.stringify({ family, containerDefinitions: [container], ...fields }));
    return (await json('register-task-definition', '--cli-input-json', `file://${path}`)).taskDefinition.taskDefinitionArn as string;
  };
  const stable = (name: string, timeoutMs = 90_000) =>
    eventually(async () => {
      const s = await describeService(name);
      return s.deployments.length === 1 && s.runningCount === s.desiredCount && (s.pendingCount ?? 0) === 0 && s.deployments[0].rolloutState === 'COMPLETED' ? s : undefined;
    }, timeoutMs, `service ${name} stable`, 500);
  const app = (tag: string) => ({
    name: 'app',
    image: 'berth/busybox:latest',
    memoryReservation: 16,
    stopTimeout: 2,
    environment: [{ name: 'TAG', value: tag }],
    command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'],
  });

  beforeAll(async () => {
    cp = await startControlPlane(['--service-interval', '500ms']);
    expect((await cli('create-cluster', '--cluster-name', 'svc')).code).toBe(0);
    for (const [name, dockerHost] of [['s1', 'unix:///var/run/docker.sock'], ['s2', DOCKER2]] as const) {
      const agent = await startAgent(cp, { ECS_CLUSTER: 'svc', ECS_HOST_PORT_BIND_IP: '127.0.0.1', ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached', DOCKER_HOST: dockerHost, ECS_INSTANCE_ATTRIBUTES: `{"zone":"${name}"}` }, name);
      agents.push(agent);
      const line = await agent.process.waitForOutput(/"msg":"session established"/, 60_000);
      instanceArns.push(JSON.parse(line).containerInstanceArn);
    }
  });

  afterAll(async () => {
    try {
      for (const s of (await json('list-services', '--cluster', 'svc')).serviceArns ?? []) await cli('delete-service', '--cluster', 'svc', '--service', s, '--force');
      await eventually(async () => ((await json('list-tasks', '--cluster', 'svc')).taskArns ?? []).length === 0 || undefined, 60_000, 'all tasks stopped').catch(() => undefined);
    } finally {
      for (const agent of agents) await agent.process.stop();
      await cp?.process.stop();
      for (const dir of [...agents.map((a) => a.dir), cp?.dir]) await removeDir(dir);
    }
  });

  it('spreads a service of 4 across both hosts and reaches a steady state', async () => {
    const v1 = await register('web', app('v1'));
    await json('create-service', '--cluster', 'svc', '--service-name', 'web', '--task-definition', v1, '--desired-count', '4');
    const s = await stable('web');
    expect(s.events.map((e: any) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^\(service web\) has started 4 tasks/), '(service web) has reached a steady state.']));
    const tasks = await serviceTasks('web');
    expect(tasks).toHaveLength(4);
    const perHost = new Map<string, number>();
    for (const t of tasks) perHost.set(t.containerInstanceArn, (perHost.get(t.containerInstanceArn) ?? 0) + 1);
    expect([...perHost.values()]).toEqual([2, 2]);
    for (const t of tasks) expect(t).toMatchObject({ group: 'service:web', startedBy: s.deployments[0].id });
  });

  it("honours the task definition's own memberOf constraint, as RunTask does", async () => {
    const onS2 = await register('pinned', app('p'), { placementConstraints: [{ type: 'memberOf', expression: 'attribute:zone == s2' }] });
    await json('create-service', '--cluster', 'svc', '--service-name', 'pinned', '--task-definition', onS2, '--desired-count', '2');
    await stable('pinned');
    expect((await serviceTasks('pinned')).map((t: any) => t.containerInstanceArn)).toEqual([instanceArns[1], instanceArns[1]]);

    const nowhere = await register('nowhere', app('n'), { placementConstraints: [{ type: 'memberOf', expression: 'attribute:zone == mars' }] });
    await json('create-service', '--cluster', 'svc', '--service-name', 'nowhere', '--task-definition', nowhere, '--desired-count', '1');
    const refused = await eventually(
      async () => ((await describeService('nowhere')).events ?? []).find((e: any) => /was unable to place a task/.test(e.message)),
      30_000,
      'an unable-to-place event',
      500,
    );
    expect(refused.message).toMatch(/is missing an attribute required by your task\.$/);
    expect(await serviceTasks('nowhere')).toEqual([]);
    for (const name of ['pinned', 'nowhere']) await cli('delete-service', '--cluster', 'svc', '--service', name, '--force');
  });

  it('rolls to a new definition without dropping below minimumHealthyPercent', async () => {
    const v2 = await register('web', app('v2'));
    await json('update-service', '--cluster', 'svc', '--service', 'web', '--task-definition', v2, '--deployment-configuration', 'maximumPercent=150,minimumHealthyPercent=50');
    // Watched through the gRPC client: a CLI process per probe is too slow to see every step.
    const client = await ecsClient(cp);
    let lowest = Infinity;
    let sawTwoDeployments = false;
    const done = await eventually(async () => {
      const listed = await client.listTasks({ cluster: 'svc', serviceName: 'web' });
      const tasks = listed.taskArns.length === 0 ? [] : (await client.describeTasks({ cluster: 'svc', tasks: listed.taskArns })).tasks;
      lowest = Math.min(lowest, tasks.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING').length);
      const s = (await client.describeServices({ cluster: 'svc', services: ['web'] })).services[0]!;
      if (s.deployments.length > 1) sawTwoDeployments = true;
      return s.deployments.length === 1 && s.deployments[0]!.taskDefinition === v2 && s.runningCount === 4 && s.deployments[0]!.rolloutState === 'COMPLETED' ? s : undefined;
    }, 120_000, 'rollout to v2', 50).finally(() => client.close());
    expect(sawTwoDeployments).toBe(true);
    expect(lowest).toBeGreaterThanOrEqual(2);
    expect(done.events.some((e: any) => /\(deployment ecs-svc\/\d{19}\) deployment completed\./.test(e.message))).toBe(true);
    const tasks = await serviceTasks('web');
    expect(tasks.every((t: any) => t.taskDefinitionArn === v2)).toBe(true);
  });

  it('replaces a task whose container was killed', async () => {
    const [victim] = await serviceTasks('web');
    execFileSync('docker', [...(victim.containerInstanceArn === instanceArns[1] ? ['-H', DOCKER2] : []), 'kill', victim.containers[0].runtimeId]);
    await eventually(async () => {
      const tasks = await serviceTasks('web');
      return tasks.length === 4 && !tasks.some((t: any) => t.taskArn === victim.taskArn) && tasks.every((t: any) => t.lastStatus === 'RUNNING') ? true : undefined;
    }, 60_000, 'replacement running');
  });

  it('moves tasks off a DRAINING host and back to spreading when it is ACTIVE again', async () => {
    const drained = instanceArns[0]!;
    await json('update-container-instances-state', '--cluster', 'svc', '--container-instances', drained, '--status', 'DRAINING');
    await eventually(async () => {
      const tasks = await serviceTasks('web');
      return tasks.length === 4 && tasks.every((t: any) => t.containerInstanceArn !== drained && t.lastStatus === 'RUNNING') ? true : undefined;
    }, 90_000, 'tasks moved off the draining host');
    await json('update-container-instances-state', '--cluster', 'svc', '--container-instances', drained, '--status', 'ACTIVE');
  });

  it('trips the circuit breaker on tasks that cannot start and rolls back', async () => {
    const good = await register('cb', app('good'));
    await json('create-service', '--cluster', 'svc', '--service-name', 'cb', '--task-definition', good, '--desired-count', '2', '--deployment-configuration', 'deploymentCircuitBreaker={enable=true,rollback=true},maximumPercent=200,minimumHealthyPercent=100');
    await stable('cb');
    const broken = await register('cb', { ...app('broken'), image: 'registry.invalid/missing:1' });
    await json('update-cluster-settings', '--cluster', 'svc', '--settings', 'name=berthAllowedRegistries,value=*');
    await json('update-service', '--cluster', 'svc', '--service', 'cb', '--task-definition', broken);
    const rolledBack = await eventually(async () => {
      const s = await describeService('cb');
      const failed = s.events.some((e: any) => /deployment failed/.test(e.message));
      return failed && s.taskDefinition === good && s.deployments[0].taskDefinition === good ? s : undefined;
    }, 150_000, 'circuit breaker rollback', 1000);
    expect(rolledBack.events.map((e: any) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/\(deployment ecs-svc\/\d{19}\) deployment failed: tasks failed to start\./)]));
    await stable('cb', 90_000);
  });

  it('refuses bad input', async () => {
    const v = await register('bad', app('x'));
    const cases: [string[], RegExp][] = [
      [['create-service', '--cluster', 'svc', '--service-name', 'web', '--task-definition', v, '--desired-count', '1'], /InvalidParameterException.*not idempotent/],
      [['create-service', '--cluster', 'svc', '--service-name', 'd', '--task-definition', v, '--scheduling-strategy', 'DAEMON', '--desired-count', '2'], /InvalidParameterException.*desiredCount cannot be specified for a DAEMON/],
      [['create-service', '--cluster', 'svc', '--service-name', 'm', '--task-definition', v, '--desired-count', '1', '--deployment-configuration', 'maximumPercent=100,minimumHealthyPercent=150'], /InvalidParameterException.*minimumHealthyPercent/],
      [['create-service', '--cluster', 'svc', '--service-name', 'q', '--task-definition', v, '--desired-count', '1', '--placement-constraints', 'type=memberOf,expression=attribute:zone === s1'], /InvalidParameterException.*position/],
      [['create-service', '--cluster', 'svc', '--service-name', 'p', '--task-definition', v, '--desired-count', '1', '--placement-strategy', 'type=spread,field=attribute:'], /InvalidParameterException.*spread/],
      [['create-service', '--cluster', 'svc', '--service-name', 'bad name', '--task-definition', v, '--desired-count', '1'], /InvalidParameterException.*Invalid service name/],
      [['update-service', '--cluster', 'svc', '--service', 'ghost', '--desired-count', '1'], /ServiceNotFoundException/],
      [['delete-service', '--cluster', 'svc', '--service', 'web'], /InvalidParameterException.*scaled above 0/],
    ];
    for (const [args, pattern] of cases) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).toBe(254);
      expect(result.stderr, args.join(' ')).toMatch(pattern);
    }
    await json('create-service', '--cluster', 'svc', '--service-name', 'gone', '--task-definition', v, '--desired-count', '0');
    await json('delete-service', '--cluster', 'svc', '--service', 'gone');
    await eventually(async () => ((await describeService('gone')).status === 'INACTIVE' ? true : undefined), 30_000, 'gone INACTIVE');
    const updateDeleted = await cli('update-service', '--cluster', 'svc', '--service', 'gone', '--desired-count', '1');
    expect(updateDeleted.stderr).toMatch(/ServiceNotActiveException/);
  });

  it('a DAEMON service runs one task on each ACTIVE instance and leaves a DRAINING one', async () => {
    const v = await register('daemon', app('d'));
    await json('create-service', '--cluster', 'svc', '--service-name', 'agentd', '--task-definition', v, '--scheduling-strategy', 'DAEMON');
    await eventually(async () => {
      const tasks = (await serviceTasks('agentd')).filter((t: any) => t.lastStatus === 'RUNNING');
      return tasks.length === 2 && new Set(tasks.map((t: any) => t.containerInstanceArn)).size === 2 ? true : undefined;
    }, 60_000, 'one daemon task per instance');
    await json('update-container-instances-state', '--cluster', 'svc', '--container-instances', instanceArns[1]!, '--status', 'DRAINING');
    await eventually(async () => {
      const tasks = await serviceTasks('agentd');
      return tasks.length === 1 && tasks[0].containerInstanceArn === instanceArns[0] ? true : undefined;
    }, 60_000, 'daemon task gone from the draining instance');
    await json('update-container-instances-state', '--cluster', 'svc', '--container-instances', instanceArns[1]!, '--status', 'ACTIVE');
    expect((await describeService('agentd')).desiredCount).toBeGreaterThanOrEqual(1);
  });
});
