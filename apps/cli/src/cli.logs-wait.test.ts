import { describe, expect, it } from 'vitest';
import { Metadata, status as Status } from '@grpc/grpc-js';
import { main, type CliDeps, type OperationClient } from './cli.js';
import type { LogChunkLike, LogStream } from './logs.js';

const A = '0123456789abcdef0123456789abcdef';
const arn = (id: string) => `arn:aws:ecs:local:000000000000:task/default/${id}`;

function grpcError(code: number, details: string, errorType?: string) {
  const metadata = new Metadata();
  if (errorType) metadata.set('x-ecs-error-type', errorType);
  return Object.assign(new Error(details), { code, details, metadata });
}

function streamOf(chunks: LogChunkLike[], end?: Error): LogStream & { cancelled: boolean } {
  const stream = {
    cancelled: false,
    async *[Symbol.asyncIterator]() {
      for (const chunk of chunks) yield chunk;
      if (end) throw end;
    },
    cancel() {
      stream.cancelled = true;
    },
  };
  return stream;
}

interface Fake {
  /** Answers to successive unary calls (the last one repeats); an Error is thrown. */
  replies?: unknown[];
  logs?: LogStream;
  files?: Record<string, string>;
  tty?: boolean;
}

async function run(argv: string[], fake: Fake = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const rawOut: string[] = [];
  const rawErr: string[] = [];
  const calls: { operation: string; request: object }[] = [];
  const logRequests: unknown[] = [];
  const sleeps: number[] = [];
  let closed = 0;
  let n = 0;
  const client: OperationClient = {
    call: async (operation, request) => {
      calls.push({ operation, request });
      const replies = fake.replies ?? [{}];
      const reply = replies[Math.min(n++, replies.length - 1)];
      if (reply instanceof Error) throw reply;
      return reply;
    },
    getContainerLogs: (request) => {
      logRequests.push(request);
      return fake.logs ?? streamOf([]);
    },
    close: () => {
      closed++;
    },
  };
  const deps: Partial<CliDeps> = {
    env: {},
    stdout: (t) => stdout.push(t),
    stderr: (t) => stderr.push(t),
    rawStdout: (d) => {
      rawOut.push(Buffer.from(d).toString());
    },
    rawStderr: (d) => {
      rawErr.push(Buffer.from(d).toString());
    },
    readFile: (path) => {
      const text = fake.files?.[path];
      if (text === undefined) throw new Error('no such file');
      return text;
    },
    connect: () => client,
    resolveConnection: async (invocation) => ({ endpoint: invocation.endpoint, tls: false, credentialSource: 'test' }),
    onInterrupt: () => () => undefined,
    stderrIsTty: fake.tty ?? false,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => new Date('2024-05-01T12:00:00Z'),
  };
  const code = await main(argv, deps);
  return { code, stdout: stdout.join(''), stderr: stderr.join(''), rawOut: rawOut.join(''), rawErr: rawErr.join(''), calls, logRequests, sleeps, closed };
}

describe('main: warnings', () => {
  it('prints one warning line per dropped field on stderr, then calls', async () => {
    const td = { family: 'web', proxyConfiguration: { type: 'APPMESH' }, containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128, credentialSpecs: [] }] };
    const r = await run(['register-task-definition', '--cli-input-json', 'file://td.json'], {
      files: { 'td.json': JSON.stringify(td) },
      replies: [{ taskDefinition: { family: 'web', revision: 1 } }],
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'warning: ignoring proxyConfiguration: not supported by Berth\nwarning: ignoring containerDefinitions[0].credentialSpecs: not supported by Berth\n',
    );
    expect(r.calls).toEqual([
      { operation: 'RegisterTaskDefinition', request: { family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128 }] } },
    ]);
    expect(JSON.parse(r.stdout)).toEqual({ taskDefinition: { family: 'web', revision: 1 } });
  });
});

describe('main: tables of the new responses', () => {
  it('describe-tasks --output table', async () => {
    const r = await run(['describe-tasks', '--tasks', A, '--output', 'table'], {
      replies: [{ tasks: [{ taskArn: arn(A), taskDefinitionArn: 'arn:x:task-definition/web:1', lastStatus: 'RUNNING', desiredStatus: 'RUNNING', healthStatus: '', containers: [] }], failures: [] }],
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`TASK                              DEFINITION  LAST     DESIRED  HEALTH  INSTANCE  PORTS\n${A}  web:1       RUNNING  RUNNING  -       -         -\n`);
  });
});

describe('main: logs', () => {
  it('streams stdout and stderr chunks raw, with --since resolved', async () => {
    const logs = streamOf([
      { stream: 'stdout', data: Buffer.from('hello\n') },
      { stream: 'stderr', data: Buffer.from('warn\n') },
    ]);
    const r = await run(['logs', '--cluster', 'c', '--task', A, '--container', 'web', '--since', '10m', '--tail', '5'], { logs });
    expect(r.code).toBe(0);
    expect(r.rawOut).toBe('hello\n');
    expect(r.rawErr).toBe('warn\n');
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(r.logRequests).toEqual([{ cluster: 'c', task: A, containerName: 'web', tail: 5, since: Date.parse('2024-05-01T11:50:00Z') / 1000 }]);
    expect(r.closed).toBe(1);
  });

  it('a service error from the stream is one aws-style line, exit 254', async () => {
    const logs = streamOf([], grpcError(Status.NOT_FOUND, 'The referenced task was not found.', 'InvalidParameterException'));
    const r = await run(['logs', '--task', A], { logs });
    expect(r.code).toBe(254);
    expect(r.stderr).toBe('An error occurred (InvalidParameterException) when calling the GetContainerLogs operation: The referenced task was not found.\n');
  });

  it('a connection error exits 255', async () => {
    const r = await run(['logs', '--task', A, '--endpoint', 'nowhere:1'], { logs: streamOf([], grpcError(Status.UNAVAILABLE, 'No connection established')) });
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('control plane at nowhere:1');
  });

  it('a bad --since is a usage error, before connecting', async () => {
    const r = await run(['logs', '--task', A, '--since', 'yesterday']);
    expect(r.code).toBe(252);
    expect(r.stderr).toContain("berth: error: argument --since: expected a duration before now (10m, 1h30m, 2d), an ISO-8601 time or unix seconds, received 'yesterday'");
    expect(r.logRequests).toHaveLength(0);
  });
});

describe('main: wait', () => {
  const task = (lastStatus: string, extra: Record<string, unknown> = {}) => ({ taskArn: arn(A), lastStatus, healthStatus: '', stoppedReason: '', ...extra });

  it('tasks-running: prints nothing on stdout and exits 0 once RUNNING; progress on stderr', async () => {
    const r = await run(['wait', 'tasks-running', '--cluster', 'c', '--tasks', A, '--interval-seconds', '0.2'], {
      replies: [{ tasks: [task('PENDING')], failures: [] }, { tasks: [task('PENDING')] }, { tasks: [task('RUNNING')] }],
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.calls).toHaveLength(3);
    expect(r.calls[0]).toEqual({ operation: 'DescribeTasks', request: { cluster: 'c', tasks: [A] } });
    expect(r.sleeps).toEqual([200, 200]);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([`${A}  PENDING       -`, `${A}  RUNNING       -`]);
  });

  it('tasks-running: a stopped task fails with exit 255, aws message and the reason', async () => {
    const r = await run(['wait', 'tasks-running', '--tasks', A], {
      replies: [{ tasks: [task('STOPPED', { stoppedReason: 'Essential container in task exited' })] }],
    });
    expect(r.code).toBe(255);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'Waiter TasksRunning failed: Waiter encountered a terminal failure state: For expression "tasks[].lastStatus" we matched expected path: "STOPPED" at least once\n',
    );
    expect(r.stderr).toContain(`task ${A} stopped: Essential container in task exited\n`);
  });

  it('tasks-stopped: max attempts', async () => {
    const r = await run(['wait', 'tasks-stopped', '--tasks', A, '--max-attempts', '2', '--interval-seconds', '0'], { replies: [{ tasks: [task('RUNNING')] }] });
    expect(r.code).toBe(255);
    expect(r.calls).toHaveLength(2);
    expect(r.stderr).toContain('Waiter TasksStopped failed: Max attempts exceeded\n');
    expect(r.closed).toBe(1);
  });

  it('a service error ends the wait with exit 255', async () => {
    const r = await run(['wait', 'tasks-stopped', '--tasks', A], { replies: [grpcError(Status.NOT_FOUND, 'Cluster not found.', 'ClusterNotFoundException')] });
    expect(r.code).toBe(255);
    expect(r.stderr).toBe('Waiter TasksStopped failed: An error occurred (ClusterNotFoundException): Cluster not found.\n');
  });

  const D = 'ecs-svc/1111111111111111111';
  const svc = (name: string, running: number, deployments: Record<string, unknown>[], events: Record<string, unknown>[] = []) => ({
    serviceArn: `arn:aws:ecs:local:000000000000:service/c/${name}`,
    serviceName: name,
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: running,
    pendingCount: 2 - running,
    deployments,
    events,
  });
  const dep = (id: string, status: string, rolloutState: string, running: number, extra: Record<string, unknown> = {}) => ({
    id,
    status,
    rolloutState,
    taskDefinition: 'arn:aws:ecs:local:000000000000:task-definition/web:2',
    desiredCount: 2,
    runningCount: running,
    pendingCount: 2 - running,
    ...extra,
  });

  it('services-stable: polls DescribeServices, nothing on stdout, progress and new events on stderr', async () => {
    const old = { id: 'e0', createdAt: { seconds: '1714564800', nanos: 0 }, message: 'old' };
    const steady = { id: 'e1', createdAt: { seconds: '1714564810', nanos: 0 }, message: '(service web) has reached a steady state.' };
    const r = await run(['wait', 'services-stable', '--cluster', 'c', '--services', 'web', '--interval-seconds', '0'], {
      replies: [
        { services: [svc('web', 1, [dep(D, 'PRIMARY', 'IN_PROGRESS', 1)], [old])], failures: [] },
        { services: [svc('web', 2, [dep(D, 'PRIMARY', 'COMPLETED', 2)], [steady, old])] },
      ],
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.calls).toEqual([
      { operation: 'DescribeServices', request: { cluster: 'c', services: ['web'] } },
      { operation: 'DescribeServices', request: { cluster: 'c', services: ['web'] } },
    ]);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'web  desired 2  running 1  pending 1',
      `  ${D}  PRIMARY  IN_PROGRESS  2/1/1     web:2`,
      '2024-05-01T12:00:10.000Z  (service web) has reached a steady state.',
      'web  desired 2  running 2  pending 0',
      `  ${D}  PRIMARY  COMPLETED    2/2/0     web:2`,
    ]);
  });

  it('services-stable: a FAILED rollout exits 255 with its reason', async () => {
    const r = await run(['wait', 'services-stable', '--services', 'web'], {
      replies: [{ services: [svc('web', 0, [dep(D, 'PRIMARY', 'FAILED', 0, { rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' })])] }],
    });
    expect(r.code).toBe(255);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `Waiter ServicesStable failed: Waiter encountered a terminal failure state: For expression "services[].deployments[?status=='PRIMARY'].rolloutState" we matched expected path: "FAILED" at least once\nservice web: deployment ${D} (web:2) failed: ECS deployment circuit breaker: tasks failed to start.\n`,
    );
    expect(r.closed).toBe(1);
  });

  it('services-stable: a missing service and max attempts exit 255', async () => {
    const missing = await run(['wait', 'services-stable', '--services', 'nope'], { replies: [{ failures: [{ arn: 'arn:aws:ecs:local:000000000000:service/default/nope', reason: 'MISSING' }] }] });
    expect(missing.code).toBe(255);
    expect(missing.stderr).toBe(
      'Waiter ServicesStable failed: Waiter encountered a terminal failure state: For expression "failures[].reason" we matched expected path: "MISSING" at least once\nservice nope: MISSING\n',
    );
    const slow = await run(['wait', 'services-stable', '--services', 'web', '--max-attempts', '3', '--interval-seconds', '0'], {
      replies: [{ services: [svc('web', 1, [dep(D, 'PRIMARY', 'IN_PROGRESS', 1)])] }],
    });
    expect(slow.code).toBe(255);
    expect(slow.calls).toHaveLength(3);
    expect(slow.stderr.endsWith('Waiter ServicesStable failed: Max attempts exceeded\n')).toBe(true);
  });

  it('redraws with ANSI cursor movement when stderr is a terminal', async () => {
    const r = await run(['wait', 'tasks-stopped', '--tasks', A, '--interval-seconds', '0'], {
      tty: true,
      replies: [{ tasks: [task('RUNNING')] }, { tasks: [task('STOPPING')] }, { tasks: [task('STOPPED')] }],
    });
    expect(r.code).toBe(0);
    expect(r.stderr.match(/\u001b\[1A/g)).toHaveLength(2);
  });
});
