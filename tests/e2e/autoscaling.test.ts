import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsJson, eventually, runCommand, type KeyPair } from '@berth/test-support';
import { adminCredentials, berth, cleanEnv, removeDir, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';
import { loadEcsModel, outputProblems, type ServiceModel } from './botocore-model.js';

/** Debian's awscli (v2), by its full path: an older `aws` may come first on PATH. */
const AWS = '/usr/bin/aws';
const SCALING_MODEL = '/usr/lib/python3/dist-packages/botocore/data/application-autoscaling/2016-02-06/service-2.json';
const RESOURCE = 'service/scale/burner';
const target = ['--service-namespace', 'ecs', '--resource-id', RESOURCE, '--scalable-dimension', 'ecs:service:DesiredCount'];

/**
 * Service auto scaling on real Docker with two agents: Application Auto Scaling's API through the
 * real aws CLI, target tracking on CPU that a container burns on request, metrics compared with
 * `docker stats`, and scheduled actions to zero and back. Intervals are short (evaluation every
 * second, a 6 s averaging window, 1 s samples, 2 s cooldowns and a 5 s scale-in stabilisation).
 */
describe('service auto scaling end to end', () => {
  let cp: ControlPlane;
  let admin: KeyPair;
  let model: ServiceModel;
  const agents: Agent[] = [];

  const awsEnv = () =>
    cleanEnv({ AWS_CONFIG_FILE: '/nonexistent', AWS_DEFAULT_REGION: 'local', AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true', AWS_SHARED_CREDENTIALS_FILE: cp.credentialsFile, AWS_PROFILE: 'berth' });
  const aws = (args: string[]) => runCommand(AWS, ['--endpoint-url', `http://${cp.httpEndpoint}`, '--output', 'json', 'application-autoscaling', ...args], { env: awsEnv(), timeoutMs: 60_000 });
  const awsJson = async (...args: string[]) => {
    const r = await aws(args);
    if (r.code !== 0) throw new Error(`aws application-autoscaling ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout.trim() ? JSON.parse(r.stdout) : {};
  };
  const service = async () => (await berth(cp, ['describe-services', '--cluster', 'scale', '--services', 'burner'])).json().services[0];
  const containersOf = async () => {
    const arns: string[] = (await berth(cp, ['list-tasks', '--cluster', 'scale', '--service-name', 'burner'])).json().taskArns ?? [];
    const ids: string[] = [];
    for (const arn of arns) ids.push(...(await runCommand('docker', ['ps', '-q', '--filter', `label=com.amazonaws.ecs.task-arn=${arn}`])).stdout.split('\n').filter(Boolean));
    return ids;
  };
  const gauge = async (name: string, labels = 'service="burner"'): Promise<number | undefined> => {
    const text = await (await fetch(`http://${cp.httpEndpoint}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
    return line ? Number(line.split(' ').at(-1)) : undefined;
  };

  beforeAll(async () => {
    model = loadEcsModel(SCALING_MODEL);
    cp = await startControlPlane(['--scaling-interval', '1s', '--scaling-window', '6s', '--metrics-period', '2s', '--scale-in-stabilization', '5s', '--service-interval', '500ms']);
    admin = await adminCredentials(cp);
    expect((await berth(cp, ['create-cluster', '--cluster-name', 'scale'])).code).toBe(0);
    for (const name of ['scale-a', 'scale-b']) {
      const agent = await startAgent(cp, { ECS_CLUSTER: 'scale', ECS_POLLING_METRICS_WAIT_DURATION: '1s' }, name);
      agents.push(agent);
      await agent.process.waitForOutput(/"msg":"session established"/, 60_000);
    }
    // Burns one core while /tmp/burn exists, idles otherwise.
    const container = { name: 'main', image: 'berth/busybox:latest', cpu: 256, memory: 32, stopTimeout: 1, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do while [ -f /tmp/burn ]; do :; done; sleep 0.3; done'] };
    expect((await berth(cp, ['register-task-definition', '--family', 'burner', '--container-definitions', JSON.stringify([container])])).code).toBe(0);
    expect((await berth(cp, ['create-service', '--cluster', 'scale', '--service-name', 'burner', '--task-definition', 'burner', '--desired-count', '1'])).code).toBe(0);
    await eventually(async () => ((await service()).runningCount === 1 ? true : undefined), 60_000, 'the first task RUNNING');
  }, 180_000);

  afterAll(async () => {
    try {
      await berth(cp, ['update-service', '--cluster', 'scale', '--service', 'burner', '--desired-count', '0']);
      await eventually(async () => ((await containersOf()).length === 0 ? true : undefined), 30_000, 'tasks gone').catch(() => undefined);
    } finally {
      for (const agent of agents) await agent.process.stop();
      await cp?.process.stop();
      for (const dir of [...agents.map((a) => a.dir), cp?.dir]) await removeDir(dir);
    }
  }, 120_000);

  it('speaks Application Auto Scaling to the real aws CLI, in the shapes of botocore’s model, and refuses bad input naming it', async () => {
    expect(await awsJson('register-scalable-target', ...target, '--min-capacity', '1', '--max-capacity', '3')).toEqual({});
    const described = await awsJson('describe-scalable-targets', '--service-namespace', 'ecs', '--resource-ids', RESOURCE);
    expect(described.ScalableTargets).toEqual([
      expect.objectContaining({ ServiceNamespace: 'ecs', ResourceId: RESOURCE, ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 1, MaxCapacity: 3, SuspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false } }),
    ]);
    const config = join(cp.dir, 'cpu50.json');
    await writeFile(config, JSON.stringify({ TargetValue: 50.0, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, ScaleOutCooldown: 2, ScaleInCooldown: 2 }));
    const put = await awsJson('put-scaling-policy', '--policy-name', 'cpu50', ...target, '--policy-type', 'TargetTrackingScaling', '--target-tracking-scaling-policy-configuration', `file://${config}`);
    expect(put.PolicyARN).toMatch(/^arn:aws:autoscaling:local:000000000000:scalingPolicy:[0-9a-f-]{36}:resource\/ecs\/service\/scale\/burner:policyName\/cpu50$/);
    const policies = await awsJson('describe-scaling-policies', '--service-namespace', 'ecs', '--resource-id', RESOURCE);
    expect(policies.ScalingPolicies[0]).toMatchObject({ PolicyName: 'cpu50', PolicyType: 'TargetTrackingScaling', TargetTrackingScalingPolicyConfiguration: { TargetValue: 50, ScaleOutCooldown: 2, ScaleInCooldown: 2 } });

    // Every answer of the raw endpoint has the model's shape.
    for (const [operation, request] of [
      ['DescribeScalableTargets', { ServiceNamespace: 'ecs' }],
      ['DescribeScalingPolicies', { ServiceNamespace: 'ecs' }],
      ['DescribeScalingActivities', { ServiceNamespace: 'ecs', ResourceId: RESOURCE }],
      ['DescribeScheduledActions', { ServiceNamespace: 'ecs' }],
    ] as const) {
      const answer = await ecsJson(cp.httpEndpoint, admin, operation, request, { api: 'application-autoscaling' });
      expect(answer.status, operation).toBe(200);
      expect(outputProblems(model, operation, answer.json), operation).toEqual([]);
    }

    const refused = async (args: string[], message: string) => {
      const r = await aws(args);
      expect(r.code, args.join(' ')).toBe(254);
      expect(r.stderr.trim()).toBe(message);
    };
    await refused(['register-scalable-target', ...target, '--min-capacity', '5', '--max-capacity', '2'], 'An error occurred (ValidationException) when calling the RegisterScalableTarget operation: MinCapacity (5) must not be greater than MaxCapacity (2).');
    await refused(
      ['register-scalable-target', '--service-namespace', 'ecs', '--resource-id', 'service/scale/nope', '--scalable-dimension', 'ecs:service:DesiredCount', '--min-capacity', '1', '--max-capacity', '2'],
      "An error occurred (ValidationException) when calling the RegisterScalableTarget operation: ECS service doesn't exist: service/scale/nope",
    );
    await refused(
      ['put-scheduled-action', ...target, '--scheduled-action-name', 'bad', '--schedule', 'cron(0 25 * * ? *)', '--scalable-target-action', 'MinCapacity=0'],
      'An error occurred (ValidationException) when calling the PutScheduledAction operation: Schedule cron(0 25 * * ? *) is not valid: Invalid value for hour: 25',
    );
    await refused(
      ['delete-scaling-policy', '--policy-name', 'nope', ...target],
      'An error occurred (ObjectNotFoundException) when calling the DeleteScalingPolicy operation: No scaling policy found for service namespace: ecs, resource ID: service/scale/burner, scalable dimension: ecs:service:DesiredCount, policy name: nope',
    );
    // Nothing the refusals named was stored or changed.
    expect((await awsJson('describe-scalable-targets', '--service-namespace', 'ecs')).ScalableTargets.map((t: { MaxCapacity: number }) => t.MaxCapacity)).toEqual([3]);
    expect((await awsJson('describe-scheduled-actions', '--service-namespace', 'ecs')).ScheduledActions).toEqual([]);
  }, 120_000);

  it('scales out on the CPU a task burns, never above max, with metrics that match docker stats, and back in when it stops', async () => {
    const [first] = await containersOf();
    expect(first).toBeDefined();
    expect((await runCommand('docker', ['exec', first!, 'touch', '/tmp/burn'])).code).toBe(0);
    const burningSince = Date.now();

    // Berth's reading against Docker's own, for the same container while it burns a core.
    await eventually(async () => {
      const used = await gauge('berth_service_cpu_units_used');
      return used !== undefined && used > 512 ? used : undefined;
    }, 30_000, 'the burn in Berth’s metrics');
    // A whole period of burning (2 s) after the first one that saw it start.
    await new Promise((r) => setTimeout(r, 4_000));
    const reading = (await gauge('berth_service_cpu_units_used'))!;
    const stats = await runCommand('docker', ['stats', '--no-stream', '--format', '{{.CPUPerc}}', first!]);
    const dockerUnits = (Number.parseFloat(stats.stdout) / 100) * 1024;
    // One busy core is 1024 units; the two readings cover different seconds, so ±30%.
    expect(Math.abs(reading - dockerUnits) / dockerUnits, `Berth ${reading} units, docker stats ${dockerUnits}`).toBeLessThan(0.3);
    // The same burn in the host's and the cluster's gauges (one agent's latest sample; the hosts run only this service's tasks).
    const instanceArn = (await runCommand('docker', ['inspect', '--format', '{{index .Config.Labels "berth.container-instance-arn"}}', first!])).stdout.trim();
    const instanceId = instanceArn.split('/').at(-1);
    const hostUnits = (await gauge('berth_instance_cpu_units_used', `container_instance="${instanceId}"`))!;
    const clusterUnits = (await gauge('berth_cluster_cpu_units_used', 'cluster="scale"'))!;
    expect(hostUnits, `host ${hostUnits} units, docker stats ${dockerUnits}`).toBeGreaterThan(dockerUnits * 0.7);
    expect(clusterUnits).toBeGreaterThanOrEqual(hostUnits);

    let highest = 0;
    await eventually(async () => {
      const s = await service();
      highest = Math.max(highest, s.desiredCount);
      return s.desiredCount === 3 && s.runningCount === 3 ? true : undefined;
    }, 60_000, 'scaled out to max (3)', 250);
    const scaledOutAfterS = (Date.now() - burningSince) / 1000;
    // Within two evaluation windows (6 s each) of the load starting, plus the tasks' start.
    expect(scaledOutAfterS).toBeLessThan(30);
    // Still burning: it stays at max, never above.
    for (let i = 0; i < 8; i++) {
      highest = Math.max(highest, (await service()).desiredCount);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(highest).toBe(3);

    expect((await runCommand('docker', ['exec', first!, 'rm', '-f', '/tmp/burn'])).code).toBe(0);
    await eventually(async () => ((await service()).desiredCount === 1 ? true : undefined), 90_000, 'scaled back in to min (1)', 500).catch(async (error: unknown) => {
      const activities = (await awsJson('describe-scaling-activities', '--service-namespace', 'ecs', '--resource-id', RESOURCE)).ScalingActivities;
      const text = await (await fetch(`http://${cp.httpEndpoint}/metrics`)).text();
      throw new Error(`${String(error)}; desired ${(await service()).desiredCount}; activities ${JSON.stringify(activities)}; ${text.split('\n').filter((l) => l.startsWith('berth_service')).join(' | ')}`);
    });
    const activities = (await awsJson('describe-scaling-activities', '--service-namespace', 'ecs', '--resource-id', RESOURCE)).ScalingActivities;
    expect(activities[0]).toMatchObject({ Description: 'Setting desired count to 1.', StatusCode: 'Successful' });
    expect(activities.at(-1)).toMatchObject({ StatusCode: 'Successful' });
    expect(activities.at(-1).Cause).toMatch(/target tracking policy cpu50: CPU utilization \d+\.\d% over 1 running tasks against a target of 50%$/);
    const events: string[] = (await service()).events.map((e: { message: string }) => e.message);
    expect(events.some((m) => m.startsWith('(service burner) auto scaling changed the desired count from 3 to'))).toBe(true);
  }, 240_000);

  it('runs scheduled actions from the berth CLI: to zero, and back', async () => {
    await awsJson('delete-scaling-policy', '--policy-name', 'cpu50', ...target);
    const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString().slice(0, 19);
    const scheduled = (name: string, at: string, action: string) =>
      berth(cp, ['application-autoscaling', 'put-scheduled-action', ...target, '--scheduled-action-name', name, '--schedule', `at(${at})`, '--scalable-target-action', action]);
    expect((await scheduled('night', inSeconds(3), 'MinCapacity=0,MaxCapacity=0')).code).toBe(0);
    await eventually(async () => {
      const s = await service();
      return s.desiredCount === 0 && s.runningCount === 0 ? true : undefined;
    }, 60_000, 'scaled to zero', 500);
    expect((await scheduled('morning', inSeconds(3), 'MinCapacity=2,MaxCapacity=3')).code).toBe(0);
    await eventually(async () => {
      const s = await service();
      return s.desiredCount === 2 && s.runningCount === 2 ? true : undefined;
    }, 60_000, 'back to two', 500);
    const listed = (await berth(cp, ['application-autoscaling', 'describe-scheduled-actions', '--service-namespace', 'ecs'])).json().ScheduledActions;
    expect(listed.map((a: { ScheduledActionName: string }) => a.ScheduledActionName)).toEqual(['morning', 'night']);
  }, 180_000);
});
