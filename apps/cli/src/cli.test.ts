import { describe, expect, it } from 'vitest';
import { Metadata, status as Status } from '@grpc/grpc-js';
import { EcsError } from '@berth/domain';
import { main, type CliDeps, type OperationClient } from './cli.js';

function grpcError(code: number, details: string, errorType?: string) {
  const metadata = new Metadata();
  if (errorType) metadata.set('x-ecs-error-type', errorType);
  return Object.assign(new Error(details), { code, details, metadata });
}

/** Runs the CLI with a fake client that answers (or fails) with `reply`. */
async function run(argv: string[], reply: unknown | (() => never), env: Record<string, string> = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const calls: { endpoint: string; operation: string; request: object }[] = [];
  let closed = 0;
  const deps: Partial<CliDeps> = {
    env,
    stdout: (t) => stdout.push(t),
    stderr: (t) => stderr.push(t),
    readFile: () => {
      throw new Error('no files here');
    },
    resolveConnection: async (invocation) => ({ endpoint: invocation.endpoint, tls: false, credentialSource: 'none found (test)' }),
    sleep: async () => undefined,
    connect: ({ endpoint }): OperationClient => ({
      call: async (operation, request) => {
        calls.push({ endpoint, operation, request });
        return typeof reply === 'function' ? (reply as () => never)() : reply;
      },
      close: () => {
        closed++;
      },
    }),
  };
  const code = await main(argv, deps);
  return { code, stdout: stdout.join(''), stderr: stderr.join(''), calls, closed };
}

const cluster = {
  clusterArn: 'arn:aws:ecs:local:000000000000:cluster/web',
  clusterName: 'web',
  status: 'ACTIVE',
  registeredContainerInstancesCount: 0,
  runningTasksCount: 0,
  pendingTasksCount: 0,
  activeServicesCount: 0,
  tags: [],
  settings: [],
};

describe('main', () => {
  it('calls the operation and prints ECS JSON', async () => {
    const r = await run(['describe-clusters', '--clusters', 'web'], { clusters: [cluster], failures: [] });
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([{ endpoint: '127.0.0.1:7470', operation: 'DescribeClusters', request: { clusters: ['web'] } }]);
    expect(JSON.parse(r.stdout)).toEqual({
      clusters: [
        {
          clusterArn: 'arn:aws:ecs:local:000000000000:cluster/web',
          clusterName: 'web',
          status: 'ACTIVE',
          registeredContainerInstancesCount: 0,
          runningTasksCount: 0,
          pendingTasksCount: 0,
          activeServicesCount: 0,
        },
      ],
    });
    expect(r.stdout).toMatch(/^\{\n {4}"clusters"/);
    expect(r.stdout.endsWith('}\n')).toBe(true);
    expect(r.stderr).toBe('');
    expect(r.closed).toBe(1);
  });

  it('uses --endpoint, then BERTH_ENDPOINT', async () => {
    expect((await run(['list-clusters'], {}, { BERTH_ENDPOINT: 'env:1' })).calls[0]?.endpoint).toBe('env:1');
    expect((await run(['list-clusters', '--endpoint', 'flag:2'], {}, { BERTH_ENDPOINT: 'env:1' })).calls[0]?.endpoint).toBe('flag:2');
  });

  it('prints a table with --output table', async () => {
    const r = await run(['--output', 'table', 'list-clusters'], { clusterArns: ['arn:1', 'arn:2'], nextToken: 'more' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('arn:1\narn:2\n');
    expect(r.stderr).toBe('More results: repeat with --next-token more\n');
  });

  it('prints {} for an empty response', async () => {
    const r = await run(['list-clusters'], { clusterArns: [], nextToken: '' });
    expect(r.stdout).toBe('{}\n');
  });

  it.each<[string, unknown, string]>([
    [
      'metadata-named error',
      grpcError(Status.NOT_FOUND, 'Cluster not found.', 'ClusterNotFoundException'),
      'An error occurred (ClusterNotFoundException) when calling the DescribeClusters operation: Cluster not found.\n',
    ],
    [
      'code-mapped error',
      grpcError(Status.INVALID_ARGUMENT, 'Invalid include value.'),
      'An error occurred (InvalidParameterException) when calling the DescribeClusters operation: Invalid include value.\n',
    ],
    [
      'an EcsError as is',
      new EcsError('ThrottlingException', 'Rate exceeded'),
      'An error occurred (ThrottlingException) when calling the DescribeClusters operation: Rate exceeded\n',
    ],
  ])('a service error prints one aws-style line and exits 254: %s', async (_name, error, line) => {
    const r = await run(['describe-clusters'], () => {
      throw error;
    });
    expect(r.code).toBe(254);
    expect(r.stderr).toBe(line);
    expect(r.stdout).toBe('');
    expect(r.closed).toBe(1);
  });

  it('a connection error prints the ConnectionError message and exits 255', async () => {
    const r = await run(['list-clusters', '--endpoint', 'nowhere:1'], () => {
      throw grpcError(Status.UNAVAILABLE, 'No connection established');
    });
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('control plane at nowhere:1');
    expect(r.stderr).toContain('BERTH_ENDPOINT');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('retries a read on a broken connection and a throttled change, never an untokened change on a broken connection', async () => {
    const unavailable = () => {
      throw grpcError(Status.UNAVAILABLE, 'No connection established');
    };
    expect((await run(['list-clusters'], unavailable)).calls).toHaveLength(3);
    expect((await run(['update-service', '--service', 'web', '--desired-count', '2'], unavailable)).calls).toHaveLength(1);
    const throttled = () => {
      throw grpcError(Status.RESOURCE_EXHAUSTED, 'Rate exceeded', 'ThrottlingException');
    };
    const r = await run(['run-task', '--task-definition', 'web'], throttled);
    expect([r.calls.length, r.code]).toEqual([3, 254]);
  });

  it.each([
    ['run-task', '--task-definition', 'web'],
    ['create-service', '--service-name', 'web', '--task-definition', 'web', '--desired-count', '1'],
  ])('%s gets a clientToken of its own and is retried with it after a timeout or a broken connection', async (...argv) => {
    for (const status of [Status.UNAVAILABLE, Status.DEADLINE_EXCEEDED]) {
      const r = await run(argv, () => {
        throw grpcError(status, 'No connection established');
      });
      const tokens = r.calls.map((c) => (c.request as { clientToken?: string }).clientToken);
      expect(tokens).toHaveLength(3);
      expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Set(tokens).size).toBe(1);
    }
    const given = await run([...argv, '--client-token', 'mine'], {});
    expect(given.calls.map((c) => (c.request as { clientToken?: string }).clientToken)).toEqual(['mine']);
  });

  it('a usage error exits 252 with the message and a pointer to the help, without connecting', async () => {
    const r = await run(['delete-cluster'], {});
    expect(r.code).toBe(252);
    expect(r.stderr).toContain('berth: error: the following arguments are required: --cluster');
    expect(r.stderr).toContain('berth delete-cluster --help');
    expect(r.calls).toHaveLength(0);
    expect(r.closed).toBe(0);
  });

  it('help exits 0 on stdout', async () => {
    const r = await run(['help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Subcommands:');
    expect(r.calls).toHaveLength(0);
  });

  it('converts int64 fields with the given names', async () => {
    const r = await run(['deregister-container-instance', '--container-instance', 'i'], { containerInstance: { version: '12' } });
    expect(JSON.parse(r.stdout)).toEqual({ containerInstance: { version: 12 } });
  });
});
