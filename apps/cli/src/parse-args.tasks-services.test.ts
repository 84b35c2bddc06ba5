import { describe, expect, it } from 'vitest';
import { parseArgs, type Invocation, type ParseContext } from './parse-args.js';
import { UsageError } from './usage-error.js';

/** A task definition as the AWS documentation writes them, with many fields Berth does not have. */
const awsTaskDefinition = {
  family: 'webserver',
  taskRoleArn: 'arn:aws:iam::123456789012:role/task',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  networkMode: 'bridge',
  pidMode: 'task',
  ipcMode: 'none',
  runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
  ephemeralStorage: { sizeInGiB: 21 },
  proxyConfiguration: { type: 'APPMESH', containerName: 'envoy', properties: [{ name: 'AppPorts', value: '80' }] },
  inferenceAccelerators: [],
  requiresCompatibilities: ['EC2'],
  cpu: 256,
  memory: '512',
  containerDefinitions: [
    {
      name: 'web',
      image: 'public.ecr.aws/docker/library/httpd:latest',
      cpu: 128,
      memory: 256,
      essential: true,
      portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp', name: 'web-80', appProtocol: 'http' }],
      environment: [{ name: 'MODE', value: 'prod' }],
      secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' }],
      linuxParameters: { initProcessEnabled: true },
      repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:hub' },
      dockerLabels: { 'com.example.team': 'web', 'com.example.port': 80 },
      logConfiguration: { logDriver: 'json-file', options: { 'max-size': '10m' }, secretOptions: [] },
      healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], interval: 30, timeout: 5, retries: 3, startPeriod: 10 },
      resourceRequirements: null,
      systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }],
    },
    {
      name: 'log-router',
      image: 'amazon/aws-for-fluent-bit',
      memoryReservation: 64,
      essential: false,
      firelensConfiguration: { type: 'fluentbit' },
      dnsServers: ['1.1.1.1'],
      extraHosts: [{ hostname: 'db', ipAddress: '10.0.0.5' }],
      disableNetworking: false,
      interactive: true,
      pseudoTerminal: true,
      credentialSpecs: [],
      restartPolicy: { enabled: true, restartAttemptPeriod: 60 },
      dependsOn: [{ containerName: 'web', condition: 'START' }],
    },
  ],
  volumes: [{ name: 'data', host: { sourcePath: '/srv/data' }, efsVolumeConfiguration: { fileSystemId: 'fs-1' } }],
  placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t2.*' }],
  tags: [{ key: 'team', value: 'web' }],
};

const containers = [{ name: 'web', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80 }] }];

const files: Record<string, string> = {
  '/tmp/td.json': JSON.stringify(awsTaskDefinition),
  '/tmp/containers.json': JSON.stringify(containers),
  '/tmp/overrides.json': '{"containerOverrides":[{"name":"web","command":["echo","hi"],"environmentFiles":[]}],"taskRoleArn":"arn:r"}',
};
const ctx: ParseContext = {
  env: {},
  readFile: (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  },
};

function call(argv: string[]) {
  const inv = parseArgs(argv, ctx);
  if (inv.kind !== 'call') throw new Error('expected a call');
  return inv;
}

function usageError(argv: string[]): UsageError {
  try {
    parseArgs(argv, ctx);
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

const TASK = '0123456789abcdef0123456789abcdef';

describe('parseArgs: task definition, task and service subcommands', () => {
  it.each<[string, string[], string, Record<string, unknown>, Record<string, unknown>?]>([
    // Task definitions
    [
      'register-task-definition with flags',
      [
        'register-task-definition',
        '--family',
        'web',
        '--container-definitions',
        '[{"name":"web","image":"nginx","memory":128,"portMappings":[{"containerPort":80,"hostPort":0}]}]',
        '--cpu',
        '256',
        '--memory',
        '512',
        '--network-mode',
        'host',
        '--volumes',
        '[{"name":"data","host":{"sourcePath":"/srv"}}]',
        '--placement-constraints',
        'type=memberOf,expression="attribute:ecs.instance-type == t2.small"',
        '--requires-compatibilities',
        'EC2',
        '--execution-role-arn',
        'arn:e',
        '--task-role-arn',
        'arn:t',
        '--tags',
        'key=team,value=web',
      ],
      'RegisterTaskDefinition',
      {
        family: 'web',
        containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80, hostPort: 0 }] }],
        cpu: '256',
        memory: '512',
        networkMode: 'host',
        volumes: [{ name: 'data', host: { sourcePath: '/srv' } }],
        placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type == t2.small' }],
        requiresCompatibilities: ['EC2'],
        executionRoleArn: 'arn:e',
        taskRoleArn: 'arn:t',
        tags: [{ key: 'team', value: 'web' }],
      },
    ],
    [
      'register-task-definition containers from a file',
      ['register-task-definition', '--family', 'web', '--container-definitions', 'file:///tmp/containers.json'],
      'RegisterTaskDefinition',
      { family: 'web', containerDefinitions: containers },
    ],
    [
      'register-task-definition containers in nested shorthand, one per argument',
      [
        'register-task-definition',
        '--family',
        'web',
        '--container-definitions',
        'name=web,image=nginx,memory=128,essential=true,portMappings=[{containerPort=80,hostPort=8080,protocol=tcp}],command=[nginx,-g,"daemon off;"],dockerLabels={a=b}',
        'name=side,image=busybox,memoryReservation=64,environment=[{name=A,value="1,2"}],healthCheck={command=[CMD-SHELL,"true"],interval=10}',
      ],
      'RegisterTaskDefinition',
      {
        family: 'web',
        containerDefinitions: [
          {
            name: 'web',
            image: 'nginx',
            memory: 128,
            essential: true,
            portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }],
            command: ['nginx', '-g', 'daemon off;'],
            dockerLabels: { a: 'b' },
          },
          {
            name: 'side',
            image: 'busybox',
            memoryReservation: 64,
            environment: [{ name: 'A', value: '1,2' }],
            healthCheck: { command: ['CMD-SHELL', 'true'], interval: 10 },
          },
        ],
      },
    ],
    [
      'register-task-definition volumes in shorthand',
      ['register-task-definition', '--family', 'f', '--container-definitions', 'name=a,image=b', '--volumes', 'name=data,host={sourcePath=/srv}', 'name=scratch'],
      'RegisterTaskDefinition',
      { family: 'f', containerDefinitions: [{ name: 'a', image: 'b' }], volumes: [{ name: 'data', host: { sourcePath: '/srv' } }, { name: 'scratch' }] },
    ],
    ['describe-task-definition', ['describe-task-definition', '--task-definition', 'web:3'], 'DescribeTaskDefinition', { taskDefinition: 'web:3' }],
    [
      'describe-task-definition by ARN',
      ['describe-task-definition', '--task-definition', 'arn:aws:ecs:local:000000000000:task-definition/web:3'],
      'DescribeTaskDefinition',
      { taskDefinition: 'arn:aws:ecs:local:000000000000:task-definition/web:3' },
    ],
    ['list-task-definitions bare', ['list-task-definitions'], 'ListTaskDefinitions', {}],
    [
      'list-task-definitions',
      ['list-task-definitions', '--family-prefix', 'web', '--status', 'INACTIVE', '--sort', 'DESC', '--max-results', '5', '--next-token', 't'],
      'ListTaskDefinitions',
      { familyPrefix: 'web', status: 'INACTIVE', sort: 'DESC', maxResults: 5, nextToken: 't' },
    ],
    [
      'list-task-definition-families',
      ['list-task-definition-families', '--family-prefix', 'w', '--status', 'ALL', '--max-items', '2', '--starting-token', 'n'],
      'ListTaskDefinitionFamilies',
      { familyPrefix: 'w', status: 'ALL', maxResults: 2, nextToken: 'n' },
    ],
    ['deregister-task-definition', ['deregister-task-definition', '--task-definition', 'web:1'], 'DeregisterTaskDefinition', { taskDefinition: 'web:1' }],

    // Tasks
    ['run-task bare', ['run-task', '--task-definition', 'web'], 'RunTask', { taskDefinition: 'web' }],
    [
      'run-task',
      [
        'run-task',
        '--cluster',
        'prod',
        '--task-definition',
        'web:2',
        '--count',
        '3',
        '--group',
        'g',
        '--started-by',
        'me',
        '--overrides',
        '{"containerOverrides":[{"name":"web","command":["echo","hi"],"environment":[{"name":"A","value":"1"}],"memory":256}],"cpu":"512"}',
        '--placement-constraints',
        'type=distinctInstance',
        '--placement-strategy',
        'type=spread,field=instanceId',
        'type=binpack,field=memory',
        '--client-token',
        'tok',
        '--tags',
        'key=a,value=b',
      ],
      'RunTask',
      {
        cluster: 'prod',
        taskDefinition: 'web:2',
        count: 3,
        group: 'g',
        startedBy: 'me',
        overrides: { containerOverrides: [{ name: 'web', command: ['echo', 'hi'], environment: [{ name: 'A', value: '1' }], memory: 256 }], cpu: '512' },
        placementConstraints: [{ type: 'distinctInstance' }],
        placementStrategy: [
          { type: 'spread', field: 'instanceId' },
          { type: 'binpack', field: 'memory' },
        ],
        clientToken: 'tok',
        tags: [{ key: 'a', value: 'b' }],
      },
    ],
    [
      'run-task overrides in shorthand (numbers from strings)',
      ['run-task', '--task-definition', 'web', '--overrides', 'containerOverrides=[{name=web,command=[sh,-c,"echo a,b"],cpu=128}],memory=1024'],
      'RunTask',
      { taskDefinition: 'web', overrides: { containerOverrides: [{ name: 'web', command: ['sh', '-c', 'echo a,b'], cpu: 128 }], memory: '1024' } },
    ],
    [
      'run-task JSON placement strategy',
      ['run-task', '--task-definition', 'web', '--placement-strategy', '[{"type":"random"}]'],
      'RunTask',
      { taskDefinition: 'web', placementStrategy: [{ type: 'random' }] },
    ],
    [
      'start-task',
      ['start-task', '--cluster', 'c', '--task-definition', 'web', '--container-instances', 'i1', 'i2', '--group', 'g', '--started-by', 's', '--overrides', 'file:///tmp/overrides.json'],
      'StartTask',
      {
        cluster: 'c',
        taskDefinition: 'web',
        containerInstances: ['i1', 'i2'],
        group: 'g',
        startedBy: 's',
        overrides: { containerOverrides: [{ name: 'web', command: ['echo', 'hi'] }] },
      },
      { warnings: ['warning: ignoring overrides.containerOverrides[0].environmentFiles: not supported by Berth', 'warning: ignoring overrides.taskRoleArn: not supported by Berth'] },
    ],
    ['stop-task', ['stop-task', '--task', TASK], 'StopTask', { task: TASK }],
    ['stop-task with reason', ['stop-task', '--cluster', 'c', '--task', TASK, '--reason', 'no longer needed'], 'StopTask', { cluster: 'c', task: TASK, reason: 'no longer needed' }],
    ['describe-tasks', ['describe-tasks', '--cluster', 'c', '--tasks', TASK, 'other', '--include', 'TAGS'], 'DescribeTasks', { cluster: 'c', tasks: [TASK, 'other'], include: ['TAGS'] }],
    ['list-tasks bare', ['list-tasks'], 'ListTasks', {}],
    [
      'list-tasks',
      [
        'list-tasks',
        '--cluster',
        'c',
        '--container-instance',
        'i',
        '--family',
        'web',
        '--started-by',
        'me',
        '--service-name',
        'svc',
        '--desired-status',
        'STOPPED',
        '--max-results',
        '10',
        '--next-token',
        'n',
      ],
      'ListTasks',
      { cluster: 'c', containerInstance: 'i', family: 'web', startedBy: 'me', serviceName: 'svc', desiredStatus: 'STOPPED', maxResults: 10, nextToken: 'n' },
    ],

    // Services
    [
      'create-service',
      [
        'create-service',
        '--cluster',
        'c',
        '--service-name',
        'web',
        '--task-definition',
        'web:1',
        '--desired-count',
        '0',
        '--scheduling-strategy',
        'REPLICA',
        '--deployment-configuration',
        'maximumPercent=200,minimumHealthyPercent=100,deploymentCircuitBreaker={enable=true,rollback=false}',
        '--placement-constraints',
        'type=memberOf,expression=attribute:zone==a',
        '--placement-strategy',
        'type=spread,field=attribute:ecs.availability-zone',
        '--health-check-grace-period-seconds',
        '30',
        '--client-token',
        'ct',
        '--tags',
        'key=k,value=v',
      ],
      'CreateService',
      {
        cluster: 'c',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 0,
        schedulingStrategy: 'REPLICA',
        deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: true, rollback: false } },
        placementConstraints: [{ type: 'memberOf', expression: 'attribute:zone==a' }],
        placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
        healthCheckGracePeriodSeconds: 30,
        clientToken: 'ct',
        tags: [{ key: 'k', value: 'v' }],
      },
    ],
    [
      'create-service deployment configuration as JSON, unknown members dropped',
      [
        'create-service',
        '--service-name',
        'web',
        '--deployment-configuration',
        '{"maximumPercent":150,"deploymentCircuitBreaker":{"enable":true,"rollback":true},"alarms":{"alarmNames":[],"enable":false,"rollback":false}}',
      ],
      'CreateService',
      { serviceName: 'web', deploymentConfiguration: { maximumPercent: 150, deploymentCircuitBreaker: { enable: true, rollback: true } } },
      { warnings: ['warning: ignoring deploymentConfiguration.alarms: not supported by Berth'] },
    ],
    ['create-service DAEMON', ['create-service', '--service-name', 'agent', '--task-definition', 'a', '--scheduling-strategy', 'DAEMON'], 'CreateService', { serviceName: 'agent', taskDefinition: 'a', schedulingStrategy: 'DAEMON' }],
    [
      'update-service',
      [
        'update-service',
        '--cluster',
        'c',
        '--service',
        'web',
        '--desired-count',
        '4',
        '--task-definition',
        'web:2',
        '--deployment-configuration',
        'minimumHealthyPercent=50',
        '--placement-strategy',
        'type=random',
        '--force-new-deployment',
        '--health-check-grace-period-seconds',
        '0',
      ],
      'UpdateService',
      {
        cluster: 'c',
        service: 'web',
        desiredCount: 4,
        taskDefinition: 'web:2',
        deploymentConfiguration: { minimumHealthyPercent: 50 },
        placementStrategy: [{ type: 'random' }],
        forceNewDeployment: true,
        healthCheckGracePeriodSeconds: 0,
      },
    ],
    ['update-service --no-force-new-deployment', ['update-service', '--service', 'web', '--no-force-new-deployment'], 'UpdateService', { service: 'web', forceNewDeployment: false }],
    ['delete-service', ['delete-service', '--service', 'web'], 'DeleteService', { service: 'web' }],
    ['delete-service --force', ['delete-service', '--cluster', 'c', '--service', 'web', '--force'], 'DeleteService', { cluster: 'c', service: 'web', force: true }],
    ['describe-services', ['describe-services', '--cluster', 'c', '--services', 'a', 'b', '--include', 'TAGS'], 'DescribeServices', { cluster: 'c', services: ['a', 'b'], include: ['TAGS'] }],
    ['list-services bare', ['list-services'], 'ListServices', {}],
    [
      'list-services',
      ['list-services', '--cluster', 'c', '--scheduling-strategy', 'DAEMON', '--max-results', '10', '--next-token', 'n'],
      'ListServices',
      { cluster: 'c', schedulingStrategy: 'DAEMON', maxResults: 10, nextToken: 'n' },
    ],
  ])('%s', (_name, argv, operation, request, extra = {}) => {
    const inv = call(argv);
    expect(inv.command.operation).toBe(operation);
    expect(inv.command.name).toBe(argv[0]);
    expect(inv.request).toEqual(request);
    expect(inv.options).toEqual({});
    expect(inv.warnings).toEqual(extra['warnings'] ?? []);
  });
});

describe('parseArgs: logs and waiters', () => {
  it.each<[string, string[], string, Record<string, unknown>, Record<string, unknown>]>([
    ['logs', ['logs', '--cluster', 'c', '--task', TASK], 'logs', { cluster: 'c', task: TASK }, {}],
    [
      'logs with every flag',
      ['logs', '--cluster', 'c', '--task', TASK, '--container', 'web', '--follow', '--since', '10m', '--tail', '20'],
      'logs',
      { cluster: 'c', task: TASK, containerName: 'web', follow: true, tail: 20 },
      { since: '10m' },
    ],
    ['logs without --cluster (default)', ['logs', '--task', TASK], 'logs', { task: TASK }, {}],
    ['wait tasks-running', ['wait', 'tasks-running', '--cluster', 'c', '--tasks', 'a', 'b'], 'wait tasks-running', { cluster: 'c', tasks: ['a', 'b'] }, {}],
    [
      'wait tasks-stopped with polling flags',
      ['wait', 'tasks-stopped', '--tasks', 'a', '--interval-seconds', '0.2', '--max-attempts', '5'],
      'wait tasks-stopped',
      { tasks: ['a'] },
      { intervalSeconds: 0.2, maxAttempts: 5 },
    ],
    ['wait with global flags first', ['--endpoint', 'h:1', 'wait', 'tasks-running', '--tasks', 'a'], 'wait tasks-running', { tasks: ['a'] }, {}],
    [
      'wait services-stable',
      ['wait', 'services-stable', '--cluster', 'c', '--services', 'web', 'api', '--interval-seconds', '1', '--max-attempts', '10'],
      'wait services-stable',
      { cluster: 'c', services: ['web', 'api'] },
      { intervalSeconds: 1, maxAttempts: 10 },
    ],
  ])('%s', (_name, argv, name, request, options) => {
    const inv = call(argv);
    expect(inv.command.name).toBe(name);
    expect(inv.request).toEqual(request);
    expect(inv.options).toEqual(options);
  });

  it('names the logs and wait operations and runners', () => {
    expect(call(['logs', '--task', 't']).command).toMatchObject({ operation: 'GetContainerLogs', runner: 'logs' });
    expect(call(['wait', 'tasks-running', '--tasks', 't']).command).toMatchObject({ operation: 'DescribeTasks', runner: 'wait' });
    expect(call(['wait', 'services-stable', '--services', 's']).command).toMatchObject({ operation: 'DescribeServices', runner: 'wait' });
  });

  it.each([[['wait', '--help']], [['help', 'wait']], [['wait', 'tasks-running', '--help']], [['help', 'wait', 'tasks-stopped']]])('%j prints help', (argv) => {
    const inv = parseArgs(argv, ctx) as Extract<Invocation, { kind: 'help' }>;
    expect(inv.kind).toBe('help');
    if (argv.length === 2) {
      expect(inv.text).toContain('tasks-running');
      expect(inv.text).toContain('tasks-stopped');
      expect(inv.text).toContain('services-stable');
    } else {
      const waiter = argv.find((w) => w.startsWith('tasks-'));
      expect(inv.text).toContain(`berth [global options] wait ${waiter}`);
      expect(inv.text).toContain('--interval-seconds <number>');
    }
  });

  it.each([[['wait', 'services-stable', '--help']], [['help', 'wait', 'services-stable']]])('%j explains services-stable', (argv) => {
    const { text } = parseArgs(argv, ctx) as Extract<Invocation, { kind: 'help' }>;
    expect(text).toContain('usage: berth [global options] wait services-stable [--cluster <value>] --services <value> [<value> ...] [--interval-seconds <number>] [--max-attempts <integer>]');
    expect(text).toContain('Waits until every service has one deployment and runningCount == desiredCount. (polls ECS DescribeServices)');
    expect(text).toContain('MISSING, DRAINING or INACTIVE, or when its PRIMARY deployment FAILED');
    expect(text).toContain('each service event');
    expect((parseArgs(['wait', '--help'], ctx) as { text: string }).text).toContain('services-stable shows, per service');
  });

  it('lists logs and wait in the global help and error messages once', () => {
    const help = (parseArgs(['help'], ctx) as { text: string }).text;
    expect(help).toContain('wait tasks-running');
    expect(help).toContain('logs');
    expect(usageError(['nope']).message).toMatch(/\| logs \| wait$/);
  });
});

describe('parseArgs: --cli-input-json against the proto', () => {
  it('registers an AWS-documentation task definition, dropping what Berth lacks with one warning each', () => {
    const inv = call(['register-task-definition', '--cli-input-json', 'file:///tmp/td.json']);
    expect(inv.request).toEqual({
      family: 'webserver',
      taskRoleArn: 'arn:aws:iam::123456789012:role/task',
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      networkMode: 'bridge',
      pidMode: 'task',
      ipcMode: 'none',
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      ephemeralStorage: { sizeInGiB: 21 },
      requiresCompatibilities: ['EC2'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'web',
          image: 'public.ecr.aws/docker/library/httpd:latest',
          cpu: 128,
          memory: 256,
          essential: true,
          portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }],
          environment: [{ name: 'MODE', value: 'prod' }],
          secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' }],
          linuxParameters: { initProcessEnabled: true },
          systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }],
          repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:hub' },
          dockerLabels: { 'com.example.team': 'web', 'com.example.port': '80' },
          logConfiguration: { logDriver: 'json-file', options: { 'max-size': '10m' } },
          healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], interval: 30, timeout: 5, retries: 3, startPeriod: 10 },
        },
        {
          name: 'log-router',
          image: 'amazon/aws-for-fluent-bit',
          memoryReservation: 64,
          essential: false,
          firelensConfiguration: { type: 'fluentbit' },
          dependsOn: [{ containerName: 'web', condition: 'START' }],
        },
      ],
      volumes: [{ name: 'data', host: { sourcePath: '/srv/data' } }],
      placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t2.*' }],
      tags: [{ key: 'team', value: 'web' }],
    });
    expect(inv.warnings).toEqual(
      [
        'proxyConfiguration',
        'inferenceAccelerators',
        'containerDefinitions[0].portMappings[0].name',
        'containerDefinitions[0].portMappings[0].appProtocol',
        'containerDefinitions[0].logConfiguration.secretOptions',
        'containerDefinitions[1].dnsServers',
        'containerDefinitions[1].extraHosts',
        'containerDefinitions[1].disableNetworking',
        'containerDefinitions[1].interactive',
        'containerDefinitions[1].pseudoTerminal',
        'containerDefinitions[1].credentialSpecs',
        'containerDefinitions[1].restartPolicy',
        'volumes[0].efsVolumeConfiguration',
      ].map((path) => `warning: ignoring ${path}: not supported by Berth`),
    );
  });

  it('--container-definitions from a file warns the same way', () => {
    files['/tmp/aws-containers.json'] = JSON.stringify(awsTaskDefinition.containerDefinitions);
    const inv = call(['register-task-definition', '--family', 'f', '--container-definitions', 'file:///tmp/aws-containers.json']);
    expect(inv.warnings[0]).toBe('warning: ignoring containerDefinitions[0].portMappings[0].name: not supported by Berth');
    expect(inv.warnings).toContain('warning: ignoring containerDefinitions[1].restartPolicy: not supported by Berth');
    expect(inv.request['containerDefinitions']).toHaveLength(2);
  });

  it.each<[string, string[], Record<string, unknown>, string[]]>([
    ['unknown top-level keys of any subcommand', ['list-clusters', '--cli-input-json', '{"clusterName":"x","maxResults":3}'], { maxResults: 3 }, ['clusterName']],
    ['unknown members of flat structures', ['put-attributes', '--cli-input-json', '{"attributes":[{"name":"a","x":"y"}]}'], { attributes: [{ name: 'a' }] }, ['attributes[0].x']],
    ['null members are absent, not warned about', ['list-tasks', '--cli-input-json', '{"family":null,"launchType":null}'], {}, []],
    [
      'task-level cpu and memory as numbers become strings',
      ['register-task-definition', '--cli-input-json', '{"family":"f","cpu":1024,"memory":2048,"containerDefinitions":[{"name":"a","image":"b"}]}'],
      { family: 'f', cpu: '1024', memory: '2048', containerDefinitions: [{ name: 'a', image: 'b' }] },
      [],
    ],
    [
      'task-level cpu and memory as ECS strings stay',
      ['register-task-definition', '--cli-input-json', '{"family":"f","cpu":"1 vCPU","memory":"2 GB","containerDefinitions":[{"name":"a","image":"b"}]}'],
      { family: 'f', cpu: '1 vCPU', memory: '2 GB', containerDefinitions: [{ name: 'a', image: 'b' }] },
      [],
    ],
    [
      'maps are kept as they are, values as strings',
      [
        'register-task-definition',
        '--cli-input-json',
        '{"family":"f","containerDefinitions":[{"name":"a","image":"b","dockerLabels":{"x.y":"1","n":2,"t":true},"logConfiguration":{"logDriver":"json-file","options":{"max-file":3}}}]}',
      ],
      {
        family: 'f',
        containerDefinitions: [{ name: 'a', image: 'b', dockerLabels: { 'x.y': '1', n: '2', t: 'true' }, logConfiguration: { logDriver: 'json-file', options: { 'max-file': '3' } } }],
      },
      [],
    ],
    [
      'service deployment configuration',
      ['update-service', '--cli-input-json', '{"service":"web","forceNewDeployment":true,"deploymentConfiguration":{"deploymentCircuitBreaker":{"enable":true,"rollback":true}},"enableExecuteCommand":true}'],
      { service: 'web', forceNewDeployment: true, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } },
      ['enableExecuteCommand'],
    ],
    [
      'run-task with aws-only keys',
      ['run-task', '--cli-input-json', '{"taskDefinition":"web","count":2,"launchType":"EC2","networkConfiguration":{"awsvpcConfiguration":{"subnets":["s"]}},"enableECSManagedTags":true}'],
      { taskDefinition: 'web', count: 2 },
      ['launchType', 'networkConfiguration', 'enableECSManagedTags'],
    ],
    [
      'flags override it, warnings stay',
      ['run-task', '--cli-input-json', '{"taskDefinition":"web","launchType":"EC2"}', '--task-definition', 'api'],
      { taskDefinition: 'api' },
      ['launchType'],
    ],
  ])('%s', (_name, argv, request, dropped) => {
    const inv = call(argv);
    expect(inv.request).toEqual(request);
    expect(inv.warnings).toEqual(dropped.map((path) => `warning: ignoring ${path}: not supported by Berth`));
  });
});

describe('parseArgs: mistakes in the new subcommands', () => {
  it.each<[string, string[], string | RegExp]>([
    ['register needs --family', ['register-task-definition', '--container-definitions', 'name=a,image=b'], 'the following arguments are required: --family'],
    ['register needs containers', ['register-task-definition', '--family', 'f'], 'the following arguments are required: --container-definitions'],
    ['an unknown flag is still an error', ['run-task', '--task-definition', 'x', '--launch-type', 'EC2'], /Unknown options: --launch-type\. Valid options for run-task are: --cluster, --task-definition/],
    ['run-task needs a task definition', ['run-task'], 'the following arguments are required: --task-definition'],
    ['start-task needs instances', ['start-task', '--task-definition', 'x'], 'the following arguments are required: --container-instances'],
    ['stop-task needs --task', ['stop-task'], 'the following arguments are required: --task'],
    ['describe-tasks needs --tasks', ['describe-tasks'], 'the following arguments are required: --tasks'],
    ['create-service needs a name', ['create-service'], 'the following arguments are required: --service-name'],
    ['update-service needs --service', ['update-service', '--desired-count', '1'], 'the following arguments are required: --service'],
    ['describe-services needs --services', ['describe-services'], 'the following arguments are required: --services'],
    ['logs needs --task', ['logs', '--cluster', 'c'], 'the following arguments are required: --task'],
    ['wait needs a waiter', ['wait', '--tasks', 'a'], 'the following arguments are required: waiter_name'],
    ['unknown waiter', ['wait', 'services-inactive', '--services', 'a'], "argument wait: Invalid choice: 'services-inactive', valid choices are: tasks-running | tasks-stopped | services-stable"],
    ['services-stable needs --services', ['wait', 'services-stable', '--cluster', 'c'], 'the following arguments are required: --services'],
    ['services-stable takes no --tasks', ['wait', 'services-stable', '--tasks', 'a'], /Unknown options: --tasks\. Valid options for wait services-stable are: --cluster, --services, --interval-seconds, --max-attempts, --cli-input-json/],
    ['waiter needs --tasks', ['wait', 'tasks-running'], 'the following arguments are required: --tasks'],
    ['bad --interval-seconds', ['wait', 'tasks-running', '--tasks', 'a', '--interval-seconds', 'soon'], "argument --interval-seconds: invalid number value: 'soon'"],
    ['bad --count', ['run-task', '--task-definition', 'x', '--count', 'two'], "argument --count: invalid integer value: 'two'"],
    [
      'a typo in shorthand is an error',
      ['create-service', '--service-name', 'w', '--deployment-configuration', 'maxPercent=200'],
      'Unknown parameter in --deployment-configuration: "maxPercent", must be one of: maximumPercent, minimumHealthyPercent, deploymentCircuitBreaker',
    ],
    [
      'a nested typo in shorthand names its path',
      ['create-service', '--service-name', 'w', '--deployment-configuration', 'deploymentCircuitBreaker={enabled=true}'],
      'Unknown parameter in --deployment-configuration.deploymentCircuitBreaker: "enabled"',
    ],
    ['shorthand integer that is not one', ['create-service', '--service-name', 'w', '--deployment-configuration', 'maximumPercent=lots'], 'Invalid type for parameter --deployment-configuration.maximumPercent, value: "lots", valid types: integer'],
    ['shorthand boolean that is not one', ['create-service', '--service-name', 'w', '--deployment-configuration', 'deploymentCircuitBreaker={enable=yes}'], 'Invalid type for parameter --deployment-configuration.deploymentCircuitBreaker.enable, value: "yes", valid types: boolean'],
    ['unbalanced shorthand', ['run-task', '--task-definition', 'x', '--overrides', 'containerOverrides=[{name=web'], "Error parsing parameter '--overrides': expected '}'"],
    ['shorthand without =', ['register-task-definition', '--family', 'f', '--container-definitions', 'name'], "Error parsing parameter '--container-definitions': expected '='"],
    ['broken JSON structure', ['run-task', '--task-definition', 'x', '--overrides', '{"containerOverrides":'], "Error parsing parameter '--overrides': Invalid JSON"],
    ['JSON of the wrong type', ['register-task-definition', '--family', 'f', '--container-definitions', '[{"name":"a","memory":"lots"}]'], 'Invalid type for parameter containerDefinitions[0].memory, value: "lots", valid types: integer'],
    ['JSON list where an object goes', ['register-task-definition', '--family', 'f', '--container-definitions', '[["a"]]'], 'Invalid type for parameter containerDefinitions[0], value: ["a"], valid types: object'],
    ['--cli-input-json container memory as a string', ['register-task-definition', '--cli-input-json', '{"family":"f","containerDefinitions":[{"name":"a","memory":"512"}]}'], 'Parameter validation failed: Invalid type for parameter containerDefinitions[0].memory, value: "512", valid types: integer'],
    ['--cli-input-json a map that is not one', ['register-task-definition', '--cli-input-json', '{"family":"f","containerDefinitions":[{"name":"a","dockerLabels":["x"]}]}'], 'Invalid type for parameter containerDefinitions[0].dockerLabels, value: ["x"], valid types: map'],
    ['--cli-input-json a list that is not one', ['describe-tasks', '--cli-input-json', '{"tasks":"a"}'], 'Invalid type for parameter tasks, value: "a", valid types: list'],
  ])('%s', (_name, argv, message) => {
    const err = usageError(argv);
    if (typeof message === 'string') expect(err.message).toContain(message);
    else expect(err.message).toMatch(message);
  });
});
