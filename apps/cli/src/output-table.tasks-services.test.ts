import { describe, expect, it } from 'vitest';
import { formatTable } from './output-table.js';

const T1 = '0123456789abcdef0123456789abcdef';
const T2 = 'fedcba9876543210fedcba9876543210';
const I1 = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const base = 'arn:aws:ecs:local:000000000000';

const runningTask = {
  taskArn: `${base}:task/default/${T1}`,
  taskDefinitionArn: `${base}:task-definition/web:3`,
  containerInstanceArn: `${base}:container-instance/default/${I1}`,
  lastStatus: 'RUNNING',
  desiredStatus: 'RUNNING',
  healthStatus: 'HEALTHY',
  containers: [
    {
      name: 'web',
      networkBindings: [
        { bindIP: '127.0.0.1', containerPort: 80, hostPort: 49153, protocol: 'tcp' },
        { bindIP: '0.0.0.0', containerPort: 53, hostPort: 5353, protocol: 'udp' },
      ],
    },
    { name: 'side', networkBindings: [{ containerPort: 9000, hostPort: 49154 }] },
  ],
};
const pendingTask = {
  taskArn: `${base}:task/default/${T2}`,
  taskDefinitionArn: `${base}:task-definition/web:3`,
  lastStatus: 'PROVISIONING',
  desiredStatus: 'RUNNING',
};

const TASK_HEADER = 'TASK                              DEFINITION  LAST          DESIRED  HEALTH   INSTANCE                          PORTS';

describe('formatTable: tasks', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'describe-tasks / run-task',
      { tasks: [runningTask, pendingTask] },
      [
        TASK_HEADER,
        `${T1}  web:3       RUNNING       RUNNING  HEALTHY  ${I1}  127.0.0.1:49153->80/tcp,0.0.0.0:5353->53/udp,49154->9000/tcp`,
        `${T2}  web:3       PROVISIONING  RUNNING  -        -                                 -`,
      ].join('\n'),
    ],
    [
      'run-task with failures',
      { tasks: [pendingTask], failures: [{ arn: `${base}:container-instance/default/${I1}`, reason: 'RESOURCE:MEMORY' }] },
      [
        'TASK                              DEFINITION  LAST          DESIRED  HEALTH  INSTANCE  PORTS',
        `${T2}  web:3       PROVISIONING  RUNNING  -       -         -`,
        '',
        'FAILURES',
        `${'ARN'.padEnd(`${base}:container-instance/default/${I1}`.length)}  REASON           DETAIL`,
        `${base}:container-instance/default/${I1}  RESOURCE:MEMORY  -`,
      ].join('\n'),
    ],
    [
      'stop-task',
      { task: { ...pendingTask, lastStatus: 'RUNNING', desiredStatus: 'STOPPED' } },
      ['TASK                              DEFINITION  LAST     DESIRED  HEALTH  INSTANCE  PORTS', `${T2}  web:3       RUNNING  STOPPED  -       -         -`].join('\n'),
    ],
  ])('%s', (_name, json, text) => {
    expect(formatTable(json)).toEqual({ text });
  });
});

const taskDefinition = {
  taskDefinitionArn: `${base}:task-definition/web:3`,
  family: 'web',
  revision: 3,
  status: 'ACTIVE',
  networkMode: 'bridge',
  memory: '512',
  containerDefinitions: [
    {
      name: 'web',
      image: 'nginx:1.25',
      cpu: 256,
      memory: 256,
      essential: true,
      portMappings: [
        { containerPort: 80, hostPort: 8080, protocol: 'tcp' },
        { containerPort: 443, protocol: 'tcp' },
      ],
    },
    { name: 'side', image: 'busybox', memoryReservation: 64, essential: false },
    { name: 'init', image: 'alpine', portMappings: [{ containerPort: 53, hostPort: 0, protocol: 'udp' }] },
  ],
};

describe('formatTable: task definitions', () => {
  const expected = [
    'TASK-DEFINITION  STATUS  NETWORK-MODE  CPU  MEMORY',
    'web:3            ACTIVE  bridge        -    512',
    '',
    'CONTAINERS',
    'NAME  IMAGE       CPU  MEMORY     ESSENTIAL  PORTS',
    'web   nginx:1.25  256  256        true       8080->80/tcp,443/tcp',
    'side  busybox     -    64 (soft)  false      -',
    'init  alpine      -    -          true       53/udp',
  ].join('\n');

  it('describe-task-definition: the definition, then one row per container', () => {
    expect(formatTable({ taskDefinition })).toEqual({ text: expected });
  });

  it('register-task-definition: tags next to it are fine', () => {
    expect(formatTable({ taskDefinition, tags: [{ key: 'a', value: 'b' }] })).toEqual({ text: expected });
  });

  it('the network mode defaults to bridge', () => {
    const { networkMode: _omitted, containerDefinitions: _c, ...rest } = taskDefinition;
    expect(formatTable({ taskDefinition: { ...rest, status: 'INACTIVE' } }).text).toBe(
      ['TASK-DEFINITION  STATUS    NETWORK-MODE  CPU  MEMORY', 'web:3            INACTIVE  bridge        -    512'].join('\n'),
    );
  });

  it.each<[string, Record<string, unknown>, string, string?]>([
    ['list-task-definitions', { taskDefinitionArns: [`${base}:task-definition/web:1`, `${base}:task-definition/web:2`] }, `${base}:task-definition/web:1\n${base}:task-definition/web:2`],
    ['list-task-definition-families', { families: ['api', 'web'], nextToken: 'n' }, 'api\nweb', 'More results: repeat with --next-token n'],
  ])('%s: one per line', (_name, json, text, note) => {
    expect(formatTable(json)).toEqual(note === undefined ? { text } : { text, note });
  });
});

const service = {
  serviceArn: `${base}:service/default/web`,
  serviceName: 'web',
  status: 'ACTIVE',
  desiredCount: 3,
  runningCount: 2,
  pendingCount: 1,
  taskDefinition: `${base}:task-definition/web:4`,
  deployments: [
    {
      id: 'ecs-svc/1234567890123456789',
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS',
      desiredCount: 3,
      runningCount: 1,
      pendingCount: 1,
      failedTasks: 0,
      taskDefinition: `${base}:task-definition/web:4`,
    },
    {
      id: 'ecs-svc/9876543210987654321',
      status: 'ACTIVE',
      rolloutState: 'COMPLETED',
      desiredCount: 3,
      runningCount: 1,
      pendingCount: 0,
      failedTasks: 2,
      taskDefinition: `${base}:task-definition/web:3`,
    },
  ],
  events: [
    { id: '7', createdAt: '2024-05-01T12:00:07.000Z', message: '(service web) has started 1 tasks: (task c).' },
    { id: '1', createdAt: '2024-05-01T12:00:01.000Z', message: 'oldest' },
    { id: '6', createdAt: '2024-05-01T12:00:06.000Z', message: 'six' },
    { id: '5', createdAt: '2024-05-01T12:00:05.000Z', message: 'five' },
    { id: '4', createdAt: '2024-05-01T12:00:04.000Z', message: 'four' },
    { id: '3', createdAt: '2024-05-01T12:00:03.000Z', message: 'three' },
    { id: '2', createdAt: '2024-05-01T12:00:02.000Z', message: 'two' },
  ],
};

describe('formatTable: services', () => {
  it('describe-services: the services, then each one’s deployments and newest 5 events', () => {
    const other = { serviceName: 'api', status: 'DRAINING', desiredCount: 0, runningCount: 0, pendingCount: 0, taskDefinition: `${base}:task-definition/api:1` };
    expect(formatTable({ services: [service, other], failures: [{ arn: `${base}:service/default/gone`, reason: 'MISSING' }] }).text).toBe(
      [
        'NAME  STATUS    DESIRED  RUNNING  PENDING  TASK-DEFINITION',
        'web   ACTIVE    3        2        1        web:4',
        'api   DRAINING  0        0        0        api:1',
        '',
        'DEPLOYMENTS (web)',
        'ID                           STATUS   ROLLOUT      DESIRED  RUNNING  PENDING  FAILED  TASK-DEFINITION',
        'ecs-svc/1234567890123456789  PRIMARY  IN_PROGRESS  3        1        1        0       web:4',
        'ecs-svc/9876543210987654321  ACTIVE   COMPLETED    3        1        0        2       web:3',
        '',
        'EVENTS (web)',
        '2024-05-01T12:00:07.000Z  (service web) has started 1 tasks: (task c).',
        '2024-05-01T12:00:06.000Z  six',
        '2024-05-01T12:00:05.000Z  five',
        '2024-05-01T12:00:04.000Z  four',
        '2024-05-01T12:00:03.000Z  three',
        '',
        'FAILURES',
        `${'ARN'.padEnd(`${base}:service/default/gone`.length)}  REASON   DETAIL`,
        `${base}:service/default/gone  MISSING  -`,
      ].join('\n'),
    );
  });

  it('create/update/delete-service: one service', () => {
    const text = formatTable({ service: { ...service, deployments: [], events: [] } }).text;
    expect(text).toBe(['NAME  STATUS  DESIRED  RUNNING  PENDING  TASK-DEFINITION', 'web   ACTIVE  3        2        1        web:4'].join('\n'));
  });

  it('list-services: one per line', () => {
    expect(formatTable({ serviceArns: [`${base}:service/default/web`] }).text).toBe(`${base}:service/default/web`);
  });
});
