import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsJson, eventually, makeTestPki, runCommand, sendEcsJson as send, signEcsJson as signedCall, type KeyPair, type RawAnswer, type TestPki } from '@berth/test-support';
import { adminCredentials, berth, cleanEnv, ecsClient, removeDir, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';
import { loadEcsModel, outputProblems, type ServiceModel } from './botocore-model.js';

/** Debian's awscli (v2), by its full path: an older `aws` may come first on PATH. */
const AWS = '/usr/bin/aws';

/** A task definition as the AWS documentation writes one (its "webserver" example), with only the image changed. */
const awsDocWebServer = {
  family: 'aws-doc-webserver',
  containerDefinitions: [
    {
      name: 'web',
      image: 'berth/busybox:latest',
      cpu: 10,
      memory: 64,
      essential: true,
      entryPoint: ['sh', '-c'],
      command: ['echo serving; exec httpd -f -v -p 80 -h /var/www'],
      portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }],
      environment: [{ name: 'STAGE', value: 'test' }],
      logConfiguration: { logDriver: 'json-file', options: { 'max-size': '1m' } },
      stopTimeout: 2,
    },
  ],
  requiresCompatibilities: ['EC2'],
  networkMode: 'bridge',
  tags: [{ key: 'team', value: 'web' }],
};

describe('the ECS JSON API with the real aws CLI, boto3 and the JS SDK', () => {
  let cp: ControlPlane;
  let host: Agent;
  let admin: KeyPair;
  let model: ServiceModel;
  const answers: { operation: string; json: unknown }[] = [];

  /** Signed ECS JSON call as admin; every answer is kept for the conformance check. */
  const call = async (operation: string, request: object = {}, pair: KeyPair = admin): Promise<RawAnswer> => {
    const answer = await ecsJson(cp.httpEndpoint, pair, operation, request);
    if (answer.status === 200) answers.push({ operation, json: answer.json });
    return answer;
  };
  const awsEnv = (pair?: KeyPair) =>
    cleanEnv({
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_DEFAULT_REGION: 'local',
      AWS_PAGER: '',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...(pair ? { AWS_ACCESS_KEY_ID: pair.accessKeyId, AWS_SECRET_ACCESS_KEY: pair.secretAccessKey, AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' } : { AWS_SHARED_CREDENTIALS_FILE: cp.credentialsFile, AWS_PROFILE: 'berth' }),
    });
  const aws = (args: string[], pair?: KeyPair) => runCommand(AWS, ['--endpoint-url', `http://${cp.httpEndpoint}`, '--output', 'json', 'ecs', ...args], { env: awsEnv(pair), timeoutMs: 240_000 });
  /**
   * The aws CLI's waiters poll every 6 s (tasks) or 15 s (services) and take no flag to poll
   * sooner: wait here for the state they accept first, so their first poll is the one that
   * succeeds — it still proves they read Berth's answers as they read ECS's.
   */
  const settled = async (what: string, accepts: (client: Awaited<ReturnType<typeof ecsClient>>) => Promise<boolean>) => {
    const client = await ecsClient(cp);
    try {
      await eventually(async () => ((await accepts(client)) ? true : undefined), 60_000, what);
    } finally {
      client.close();
    }
  };
  const taskIs = (taskArn: string, status: string) => settled(`task ${status}`, async (c) => (await c.describeTasks({ tasks: [taskArn] })).tasks[0]?.lastStatus === status);
  const serviceStable = (name: string) =>
    settled(`service ${name} stable`, async (c) => {
      const service = (await c.describeServices({ services: [name] })).services[0];
      return service !== undefined && service.deployments.length === 1 && service.runningCount === service.desiredCount;
    });
  const awsJson = async (...args: string[]) => {
    const r = await aws(args);
    if (r.code !== 0) throw new Error(`aws ecs ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout.trim() ? JSON.parse(r.stdout) : {};
  };

  beforeAll(async () => {
    model = loadEcsModel();
    cp = await startControlPlane();
    admin = await adminCredentials(cp);
    host = await startAgent(cp, { ECS_CLUSTER: 'default' }, 'ecs-json-host');
    await host.process.waitForOutput(/"msg":"session established"/, 60_000);
  });

  afterAll(async () => {
    await host?.process.stop();
    await cp?.process.stop();
    await removeDir(host?.dir);
    await removeDir(cp?.dir);
  });

  it('aws ecs: register an AWS-doc task definition, run-task, wait tasks-running, serve, stop-task, wait tasks-stopped', async () => {
    const file = join(cp.dir, 'webserver.json');
    await writeFile(file, JSON.stringify(awsDocWebServer));
    const registered = await awsJson('register-task-definition', '--cli-input-json', `file://${file}`);
    expect(registered.taskDefinition).toMatchObject({ family: 'aws-doc-webserver', revision: 1, status: 'ACTIVE' });
    expect(registered.tags).toEqual([{ key: 'team', value: 'web' }]);

    const run = await awsJson('run-task', '--task-definition', 'aws-doc-webserver', '--started-by', 'aws-cli');
    const taskArn: string = run.tasks[0].taskArn;
    expect(taskArn).toMatch(/^arn:aws:ecs:local:000000000000:task\/default\//);
    await taskIs(taskArn, 'RUNNING');
    expect((await aws(['wait', 'tasks-running', '--tasks', taskArn])).code).toBe(0);
    const described = await awsJson('describe-tasks', '--tasks', taskArn);
    const binding = described.tasks[0].containers[0].networkBindings[0];
    expect(typeof described.tasks[0].createdAt).toBe('string'); // the aws CLI prints epoch seconds as ISO text: it read them as timestamps
    const page = await (await fetch(`http://127.0.0.1:${binding.hostPort}/`)).text();
    expect(page).toContain('Hello from Berth');

    await awsJson('stop-task', '--task', taskArn, '--reason', 'done with it');
    await taskIs(taskArn, 'STOPPED');
    expect((await aws(['wait', 'tasks-stopped', '--tasks', taskArn])).code).toBe(0);
    expect((await awsJson('describe-tasks', '--tasks', taskArn)).tasks[0]).toMatchObject({ lastStatus: 'STOPPED', stoppedReason: 'done with it' });
  });

  it('aws ecs: create-service, wait services-stable, update-service, stable again, delete-service, wait services-inactive', async () => {
    await awsJson('register-task-definition', '--family', 'aws-svc', '--container-definitions', JSON.stringify([{ name: 'c', image: 'berth/busybox:latest', memory: 16, command: ['sleep', '3600'], stopTimeout: 1 }]));
    const created = await awsJson('create-service', '--service-name', 'aws-svc', '--task-definition', 'aws-svc', '--desired-count', '1');
    expect(created.service).toMatchObject({ serviceName: 'aws-svc', desiredCount: 1, status: 'ACTIVE' });
    await serviceStable('aws-svc');
    expect((await aws(['wait', 'services-stable', '--services', 'aws-svc'])).code).toBe(0);
    await awsJson('update-service', '--service', 'aws-svc', '--desired-count', '2');
    await serviceStable('aws-svc');
    expect((await aws(['wait', 'services-stable', '--services', 'aws-svc'])).code).toBe(0);
    expect((await awsJson('describe-services', '--services', 'aws-svc')).services[0]).toMatchObject({ runningCount: 2, desiredCount: 2 });
    await awsJson('delete-service', '--service', 'aws-svc', '--force');
    await settled('service aws-svc inactive', async (c) => (await c.describeServices({ services: ['aws-svc'] })).services[0]?.status === 'INACTIVE');
    expect((await aws(['wait', 'services-inactive', '--services', 'aws-svc'])).code).toBe(0);
  }, 240_000);

  it('aws ecs: list calls page past 100 items with --max-items and --starting-token', async () => {
    const client = await ecsClient(cp);
    for (let i = 0; i < 105; i++) await client.registerTaskDefinition({ family: 'paged', containerDefinitions: [{ name: 'c', image: 'berth/busybox:latest', memory: 16 }] });
    client.close();
    const all = await awsJson('list-task-definitions', '--family-prefix', 'paged');
    expect(all.taskDefinitionArns).toHaveLength(105);
    const first = await awsJson('list-task-definitions', '--family-prefix', 'paged', '--max-items', '40');
    expect(first.taskDefinitionArns).toHaveLength(40);
    const rest = await awsJson('list-task-definitions', '--family-prefix', 'paged', '--starting-token', first.NextToken);
    expect([...first.taskDefinitionArns, ...rest.taskDefinitionArns]).toEqual(all.taskDefinitionArns);
    const raw = await call('ListTaskDefinitions', { familyPrefix: 'paged', maxResults: 100 });
    expect((raw.json.taskDefinitionArns as string[]).length).toBe(100);
    expect(raw.json.nextToken).toEqual(expect.any(String));
  });

  it('aws ecs: errors carry ECS names and the aws CLI exit code 254', async () => {
    const cases: [string[], RegExp][] = [
      [['describe-services', '--cluster', 'nope', '--services', 'x'], /ClusterNotFoundException/],
      [['run-task', '--task-definition', 'aws-doc-webserver', '--count', '11'], /InvalidParameterException/],
    ];
    for (const [args, error] of cases) {
      const r = await aws(args);
      expect(r.code, args.join(' ')).toBe(254);
      expect(r.stderr, args.join(' ')).toMatch(error);
    }
    const reader = (await berth(cp, ['create-access-key', '--role', 'read-only'])).json().accessKey;
    const denied = await aws(['run-task', '--task-definition', 'aws-doc-webserver'], reader);
    expect([denied.code, denied.stderr]).toEqual([254, expect.stringMatching(/AccessDeniedException.*RunTask/)]);
    const wrongSecret = await aws(['list-clusters'], { accessKeyId: admin.accessKeyId, secretAccessKey: 'x'.repeat(40) });
    expect([wrongSecret.code, wrongSecret.stderr]).toEqual([254, expect.stringMatching(/InvalidSignatureException/)]);
    const unknownKey = await aws(['list-clusters'], { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x'.repeat(40) });
    expect([unknownKey.code, unknownKey.stderr]).toEqual([254, expect.stringMatching(/UnrecognizedClientException/)]);
  });

  it('aws ecs: every other operation Berth implements, each once', async () => {
    const used = new Set(['register-task-definition', 'run-task', 'describe-tasks', 'stop-task', 'create-service', 'update-service', 'describe-services', 'delete-service', 'list-task-definitions']);
    const run = async (...args: string[]) => {
      used.add(args[0]!);
      return awsJson(...args);
    };
    await run('register-task-definition', '--family', 'aws-all', '--container-definitions', JSON.stringify([{ name: 'c', image: 'berth/busybox:latest', memory: 16, command: ['sleep', '3600'], stopTimeout: 1 }]));
    expect((await run('create-cluster', '--cluster-name', 'aws-all')).cluster.status).toBe('ACTIVE');
    expect((await run('describe-clusters', '--clusters', 'aws-all', '--include', 'SETTINGS')).clusters[0].clusterName).toBe('aws-all');
    await run('update-cluster-settings', '--cluster', 'aws-all', '--settings', 'name=containerInsights,value=enabled');
    expect((await run('list-clusters')).clusterArns).toContain('arn:aws:ecs:local:000000000000:cluster/aws-all');
    await run('delete-cluster', '--cluster', 'aws-all');
    const second = await startAgent(cp, { ECS_CLUSTER: 'default' }, 'ecs-json-second');
    try {
      await second.process.waitForOutput(/"msg":"session established"/, 60_000);
      const arns: string[] = (await run('list-container-instances')).containerInstanceArns;
      expect(arns).toHaveLength(2);
      const instances: { containerInstanceArn: string; registeredAt: string }[] = (await run('describe-container-instances', '--container-instances', ...arns)).containerInstances;
      const target = instances.sort((a, b) => Date.parse(b.registeredAt) - Date.parse(a.registeredAt))[0]!.containerInstanceArn; // the second host, registered last
      await run('put-attributes', '--attributes', `name=tier,value=gold,targetId=${target}`);
      expect((await run('list-attributes', '--target-type', 'container-instance', '--attribute-name', 'tier')).attributes).toHaveLength(1);
      await run('delete-attributes', '--attributes', `name=tier,targetId=${target}`);
      expect((await run('describe-task-definition', '--task-definition', 'aws-all')).taskDefinition.family).toBe('aws-all');
      expect((await run('list-task-definition-families', '--family-prefix', 'aws-')).families).toContain('aws-all');
      const started = await run('start-task', '--task-definition', 'aws-all', '--container-instances', target);
      expect(started.tasks).toHaveLength(1);
      expect((await run('list-tasks', '--family', 'aws-all', '--desired-status', 'RUNNING')).taskArns).toContain(started.tasks[0].taskArn);
      expect((await run('list-services')).serviceArns).toEqual(expect.any(Array));
      await run('stop-task', '--task', started.tasks[0].taskArn);
      await taskIs(started.tasks[0].taskArn, 'STOPPED');
      expect((await aws(['wait', 'tasks-stopped', '--tasks', started.tasks[0].taskArn])).code).toBe(0);
      await run('update-container-instances-state', '--container-instances', target, '--status', 'DRAINING');
      await run('deregister-container-instance', '--container-instance', target, '--force');
      expect(await second.process.exited).toBe(5);
    } finally {
      await second.process.stop();
      await removeDir(second.dir);
    }
    await run('deregister-task-definition', '--task-definition', 'aws-all:1');
    const { ecsApiOperationNames } = await import('@berth/ecs-api');
    const kebab = (name: string) => name.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase());
    expect(ecsApiOperationNames.map(kebab).filter((command) => !used.has(command))).toEqual([]);
  }, 180_000);

  it('boto3: run a task, wait for it with the waiters, page with a paginator, read an error code', async () => {
    const script = `
import json, sys, boto3, botocore
ecs = boto3.client('ecs', endpoint_url=sys.argv[1], region_name='local')
ecs.register_task_definition(family='boto', containerDefinitions=[{'name': 'c', 'image': 'berth/busybox:latest', 'memory': 16, 'command': ['sleep', '3600'], 'stopTimeout': 1}])
arn = ecs.run_task(taskDefinition='boto')['tasks'][0]['taskArn']
ecs.get_waiter('tasks_running').wait(tasks=[arn], WaiterConfig={'Delay': 1, 'MaxAttempts': 60})
running = ecs.describe_tasks(tasks=[arn])['tasks'][0]['lastStatus']
ecs.stop_task(task=arn)
ecs.get_waiter('tasks_stopped').wait(tasks=[arn], WaiterConfig={'Delay': 1, 'MaxAttempts': 60})
paged = [a for page in ecs.get_paginator('list_task_definitions').paginate(familyPrefix='paged', PaginationConfig={'PageSize': 30}) for a in page['taskDefinitionArns']]
try:
    ecs.describe_services(cluster='nope', services=['x'])
    code = None
except botocore.exceptions.ClientError as e:
    code = e.response['Error']['Code']
print(json.dumps({'running': running, 'paged': len(paged), 'code': code}))
`;
    const r = await runCommand('/usr/bin/python3', ['-c', script, `http://${cp.httpEndpoint}`], { env: awsEnv(), timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ running: 'RUNNING', paged: 105, code: 'ClusterNotFoundException' });
  });

  it('@aws-sdk/client-ecs: the same flow from the JS SDK v3', async () => {
    const sdk = await import('@aws-sdk/client-ecs');
    const ecs = new sdk.ECSClient({ endpoint: `http://${cp.httpEndpoint}`, region: 'local', credentials: admin });
    await ecs.send(new sdk.RegisterTaskDefinitionCommand({ family: 'js-sdk', containerDefinitions: [{ name: 'c', image: 'berth/busybox:latest', memory: 16, command: ['sleep', '3600'], stopTimeout: 1 }] }));
    const run = await ecs.send(new sdk.RunTaskCommand({ taskDefinition: 'js-sdk' }));
    const taskArn = run.tasks![0]!.taskArn!;
    await sdk.waitUntilTasksRunning({ client: ecs, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { tasks: [taskArn] });
    const described = await ecs.send(new sdk.DescribeTasksCommand({ tasks: [taskArn, 'arn:aws:ecs:local:000000000000:task/default/0123456789abcdef0123456789abcdef'] }));
    expect(described.tasks![0]!.createdAt).toBeInstanceOf(Date);
    expect(described.failures).toEqual([expect.objectContaining({ reason: 'MISSING' })]);
    await ecs.send(new sdk.StopTaskCommand({ task: taskArn }));
    await sdk.waitUntilTasksStopped({ client: ecs, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { tasks: [taskArn] });
    let pages = 0;
    for await (const page of sdk.paginateListTaskDefinitions({ client: ecs, pageSize: 50 }, { familyPrefix: 'paged' })) pages += page.taskDefinitionArns!.length > 0 ? 1 : 0;
    expect(pages).toBe(3);
    const error = await ecs.send(new sdk.DescribeClustersCommand({ clusters: ['default'], include: ['NOPE' as never] })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidParameterException' });
    ecs.destroy();
  });

  it('refuses bad input clearly and changes nothing', async () => {
    const before = (await call('ListClusters')).json;
    const url = `http://${cp.httpEndpoint}/`;
    const expectRefusal = (answer: RawAnswer, status: number, type: string, message: RegExp) => {
      expect(answer.status, type).toBe(status);
      expect(answer.json, type).toMatchObject({ __type: type, message: expect.stringMatching(message) });
      expect(answer.headers.get('x-amzn-requestid'), type).toMatch(/^[0-9a-f-]{36}$/);
    };
    expectRefusal(await ecsJson(cp.httpEndpoint, admin, 'CreateCluster', {}, { body: '{"clusterName": ' }), 400, 'SerializationException', /not JSON/);
    expectRefusal(await ecsJson(cp.httpEndpoint, admin, 'CreateCluster', {}, { headers: { 'content-type': 'application/json' } }), 400, 'SerializationException', /Content-Type must be application\/x-amz-json-1.1/);
    expectRefusal(await ecsJson(cp.httpEndpoint, admin, 'CreateCluster', {}, { body: Buffer.alloc(9 * 1024 * 1024, 0x20) }), 413, 'RequestEntityTooLargeException', /more than 8388608 bytes/);
    expectRefusal(await ecsJson(cp.httpEndpoint, admin, 'DeleteEverything'), 400, 'UnknownOperationException', /does not implement the ECS operation 'DeleteEverything'/);
    expectRefusal(await ecsJson(cp.httpEndpoint, admin, 'CreateAccessKey'), 400, 'UnknownOperationException', /does not implement the ECS operation 'CreateAccessKey'/);
    expectRefusal(await ecsJson(cp.httpEndpoint, admin, undefined), 400, 'UnknownOperationException', /X-Amz-Target is missing/);
    expectRefusal(await ecsJson(cp.httpEndpoint, admin, 'CreateCluster', { clusterName: 'unsigned' }, { unsigned: true }), 400, 'MissingAuthenticationTokenException', /Missing Authentication Token/);
    expectRefusal(await ecsJson(cp.httpEndpoint, admin, 'CreateCluster', { clusterName: 'skewed' }, { signingDate: new Date(Date.now() - 20 * 60_000) }), 400, 'InvalidSignatureException', /Signature expired/);
    expectRefusal(await ecsJson(cp.httpEndpoint, admin, 'CreateCluster', { clusterName: 'ahead' }, { signingDate: new Date(Date.now() + 20 * 60_000) }), 400, 'InvalidSignatureException', /not yet current/);
    expectRefusal(await ecsJson(cp.httpEndpoint, admin, 'CreateCluster', { clusterName: 'elsewhere' }, { region: 'us-east-1' }), 400, 'InvalidSignatureException', /scoped to a valid region, not 'us-east-1'/);
    const tampered = await signedCall(cp.httpEndpoint, admin, 'CreateCluster', { clusterName: 'tampered' });
    expectRefusal(await send({ ...tampered, body: JSON.stringify({ clusterName: 'other' }) }), 400, 'InvalidSignatureException', /signature we calculated does not match/);
    expectRefusal(await send({ ...tampered, url }).then(() => send(tampered)), 400, 'InvalidSignatureException', /already served/);
    expectRefusal(await ecsJson(cp.httpEndpoint, admin, 'CreateCluster', [] as unknown as object), 400, 'SerializationException', /must be a JSON object/);
    expectRefusal(await ecsJson(cp.httpEndpoint, admin, 'RunTask', { count: 1.5, taskDefinition: 'x' }), 400, 'InvalidParameterException', /count must be an integer/);

    const after = (await call('ListClusters')).json.clusterArns as string[];
    expect(after.filter((arn) => !(before.clusterArns as string[]).includes(arn))).toEqual(['arn:aws:ecs:local:000000000000:cluster/tampered']);
    const health = await fetch(`http://${cp.httpEndpoint}/healthz`);
    expect(health.status).toBe(200);
  });

  it('every ECS operation Berth serves answers in the shape of botocore’s model', async () => {
    await call('RegisterTaskDefinition', { family: 'shape', containerDefinitions: [{ name: 'c', image: 'berth/busybox:latest', memory: 16, command: ['sleep', '3600'], stopTimeout: 1 }], tags: [{ key: 'k', value: 'v' }] });
    const instance = ((await call('ListContainerInstances')).json.containerInstanceArns as string[])[0]!;
    await call('CreateCluster', { clusterName: 'shapes', tags: [{ key: 'k', value: 'v' }] });
    await call('DescribeClusters', { clusters: ['default', 'shapes', 'missing'], include: ['TAGS', 'SETTINGS', 'STATISTICS'] });
    await call('UpdateClusterSettings', { cluster: 'shapes', settings: [{ name: 'containerInsights', value: 'enabled' }] });
    await call('ListClusters');
    await call('DescribeContainerInstances', { containerInstances: [instance, 'arn:aws:ecs:local:000000000000:container-instance/default/00000000000000000000000000000000'] });
    await call('PutAttributes', { attributes: [{ name: 'tier', value: 'gold', targetId: instance }] });
    await call('ListAttributes', { targetType: 'container-instance' });
    await call('DeleteAttributes', { attributes: [{ name: 'tier', targetId: instance }] });
    await call('DescribeTaskDefinition', { taskDefinition: 'shape', include: ['TAGS'] });
    await call('ListTaskDefinitionFamilies');
    await call('ListTaskDefinitions', { familyPrefix: 'shape' });
    const run = (await call('RunTask', { taskDefinition: 'shape', count: 2 })).json.tasks as { taskArn: string }[];
    await call('StartTask', { taskDefinition: 'shape', containerInstances: [instance] });
    await call('ListTasks');
    await call('DescribeTasks', { tasks: [...run.map((t) => t.taskArn), 'arn:aws:ecs:local:000000000000:task/default/ffffffffffffffffffffffffffffffff'] });
    await call('StopTask', { task: run[0]!.taskArn });
    await call('CreateService', { serviceName: 'shape', taskDefinition: 'shape', desiredCount: 1 });
    await call('UpdateService', { service: 'shape', desiredCount: 0 });
    await call('DescribeServices', { services: ['shape', 'missing'] });
    await call('ListServices');
    await call('DeleteService', { service: 'shape' });
    await call('UpdateContainerInstancesState', { containerInstances: [instance], status: 'ACTIVE' });
    await call('DeregisterTaskDefinition', { taskDefinition: 'shape:1' });
    await call('DeleteCluster', { cluster: 'shapes' });
    const left = (await call('ListTasks', { desiredStatus: 'RUNNING' })).json.taskArns as string[];
    expect(left.length).toBeGreaterThan(0);
    for (const task of left) await call('StopTask', { task });
    await eventually(async () => {
      const tasks = (await call('DescribeTasks', { tasks: left })).json.tasks as { lastStatus: string }[];
      return tasks.every((t) => t.lastStatus === 'STOPPED') || undefined;
    }, 30_000, 'the tasks stopped');
    await call('DeregisterContainerInstance', { containerInstance: instance, force: true }); // last: the agent then exits 5

    const served = new Set(answers.map((a) => a.operation));
    const { ecsApiOperationNames } = await import('@berth/ecs-api');
    expect(ecsApiOperationNames.filter((name) => !served.has(name))).toEqual([]);
    for (const name of ecsApiOperationNames) expect(model.operations[name], name).toBeDefined();
    const problems = answers.flatMap((a) => outputProblems(model, a.operation, a.json));
    expect(problems).toEqual([]);
  });
});

describe('the ECS JSON API over TLS, as the quickstart serves it', () => {
  let cp: ControlPlane;
  let pki: TestPki;

  beforeAll(async () => {
    pki = await makeTestPki();
    cp = await startControlPlane(['--tls-cert', pki.certFile, '--tls-key', pki.keyFile], { caFile: pki.caFile });
  });

  afterAll(async () => {
    await cp?.process.stop();
    await removeDir(cp?.dir);
    await removeDir(pki?.dir);
  });

  const env = () => cleanEnv({ AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: cp.credentialsFile, AWS_PROFILE: 'berth', AWS_DEFAULT_REGION: 'local', AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true' });

  it('aws --ca-bundle and boto3 verify= reach it with the admin credential file; plain http to it fails', async () => {
    const endpoint = `https://${cp.httpEndpoint}`;
    const listed = await runCommand(AWS, ['--endpoint-url', endpoint, '--ca-bundle', pki.caFile, '--output', 'json', 'ecs', 'list-clusters'], { env: env(), timeoutMs: 60_000 });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).clusterArns).toContain('arn:aws:ecs:local:000000000000:cluster/default');
    const boto = await runCommand('/usr/bin/python3', ['-c', `import boto3, sys; print(boto3.client('ecs', endpoint_url=sys.argv[1], verify=sys.argv[2]).describe_clusters(clusters=['default'])['clusters'][0]['status'])`, endpoint, pki.caFile], { env: env(), timeoutMs: 60_000 });
    expect([boto.code, boto.stdout.trim()], boto.stderr).toEqual([0, 'ACTIVE']);
    const untrusted = await runCommand(AWS, ['--endpoint-url', endpoint, '--output', 'json', 'ecs', 'list-clusters'], { env: env(), timeoutMs: 60_000 });
    expect([untrusted.code, untrusted.stderr]).toEqual([255, expect.stringMatching(/SSL|certificate/i)]);
    const plain = await runCommand(AWS, ['--endpoint-url', `http://${cp.httpEndpoint}`, '--output', 'json', 'ecs', 'list-clusters', '--cli-read-timeout', '5', '--cli-connect-timeout', '5'], { env: env(), timeoutMs: 60_000 });
    expect(plain.code).not.toBe(0);
  });
});
