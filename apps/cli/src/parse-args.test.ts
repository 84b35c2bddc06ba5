import { describe, expect, it } from 'vitest';
import { parseArgs, type Invocation, type ParseContext } from './parse-args.js';
import { commands } from './commands.js';
import { UsageError } from './usage-error.js';

const ARN = 'arn:aws:ecs:local:000000000000:container-instance/default/0123456789abcdef0123456789abcdef';
const files: Record<string, string> = {
  '/tmp/req.json': '{"clusters": ["from-file"], "include": ["TAGS"]}',
  '/tmp/attrs.json': '[{"name": "a", "value": "1", "targetId": "x"}]',
  '/tmp/filter.txt': 'attribute:zone == a',
};
const ctx: ParseContext = {
  env: {},
  readFile: (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  },
};

function call(argv: string[], context: ParseContext = ctx) {
  const inv = parseArgs(argv, context);
  if (inv.kind !== 'call') throw new Error('expected a call');
  return inv;
}

function usageError(argv: string[], context: ParseContext = ctx): UsageError {
  try {
    parseArgs(argv, context);
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseArgs: every subcommand', () => {
  it.each<[string, string[], string, Record<string, unknown>]>([
    ['create-cluster bare', ['create-cluster'], 'CreateCluster', {}],
    [
      'create-cluster with tags',
      ['create-cluster', '--cluster-name', 'web', '--tags', 'key=team,value=a', 'key=env,value=prod'],
      'CreateCluster',
      { clusterName: 'web', tags: [{ key: 'team', value: 'a' }, { key: 'env', value: 'prod' }] },
    ],
    [
      'create-cluster with settings',
      ['create-cluster', '--settings', 'name=containerInsights,value=enabled'],
      'CreateCluster',
      { settings: [{ name: 'containerInsights', value: 'enabled' }] },
    ],
    ['list-clusters', ['list-clusters'], 'ListClusters', {}],
    ['list-clusters aws paging', ['list-clusters', '--max-items', '5', '--starting-token', 'abc'], 'ListClusters', { maxResults: 5, nextToken: 'abc' }],
    ['list-clusters ECS paging', ['list-clusters', '--max-results', '7', '--next-token', 't'], 'ListClusters', { maxResults: 7, nextToken: 't' }],
    ['describe-clusters bare', ['describe-clusters'], 'DescribeClusters', {}],
    [
      'describe-clusters',
      ['describe-clusters', '--clusters', 'a', 'b', 'c', '--include', 'TAGS', 'SETTINGS'],
      'DescribeClusters',
      { clusters: ['a', 'b', 'c'], include: ['TAGS', 'SETTINGS'] },
    ],
    ['describe-clusters JSON list', ['describe-clusters', '--clusters', '["a","b"]'], 'DescribeClusters', { clusters: ['a', 'b'] }],
    ['delete-cluster', ['delete-cluster', '--cluster', 'web'], 'DeleteCluster', { cluster: 'web' }],
    ['list-container-instances bare', ['list-container-instances'], 'ListContainerInstances', {}],
    [
      'list-container-instances',
      ['list-container-instances', '--cluster', 'c', '--filter', 'attribute:ecs.instance-type == t2.small', '--status', 'DRAINING', '--max-results', '10', '--next-token', 'n'],
      'ListContainerInstances',
      { cluster: 'c', filter: 'attribute:ecs.instance-type == t2.small', status: 'DRAINING', maxResults: 10, nextToken: 'n' },
    ],
    ['list-container-instances filter from a file', ['list-container-instances', '--filter', 'file:///tmp/filter.txt'], 'ListContainerInstances', { filter: 'attribute:zone == a' }],
    [
      'describe-container-instances',
      ['describe-container-instances', '--cluster', 'c', '--container-instances', 'id1', ARN],
      'DescribeContainerInstances',
      { cluster: 'c', containerInstances: ['id1', ARN] },
    ],
    [
      'update-container-instances-state',
      ['update-container-instances-state', '--container-instances', 'id1', '--status', 'DRAINING'],
      'UpdateContainerInstancesState',
      { containerInstances: ['id1'], status: 'DRAINING' },
    ],
    [
      'deregister-container-instance',
      ['deregister-container-instance', '--cluster', 'c', '--container-instance', 'id1'],
      'DeregisterContainerInstance',
      { cluster: 'c', containerInstance: 'id1' },
    ],
    [
      'deregister-container-instance --force',
      ['deregister-container-instance', '--container-instance', 'id1', '--force'],
      'DeregisterContainerInstance',
      { containerInstance: 'id1', force: true },
    ],
    ['deregister-container-instance --no-force', ['deregister-container-instance', '--container-instance', 'i', '--no-force'], 'DeregisterContainerInstance', { containerInstance: 'i', force: false }],
    ['deregister-container-instance --force=false', ['deregister-container-instance', '--container-instance', 'i', '--force=false'], 'DeregisterContainerInstance', { containerInstance: 'i', force: false }],
    [
      'put-attributes shorthand',
      ['put-attributes', '--cluster', 'c', '--attributes', `name=stack,value=prod,targetId=${ARN}`, `name=gpu,targetId=${ARN}`],
      'PutAttributes',
      { cluster: 'c', attributes: [{ name: 'stack', value: 'prod', targetId: ARN }, { name: 'gpu', targetId: ARN }] },
    ],
    [
      'put-attributes JSON array',
      ['put-attributes', '--attributes', '[{"name":"a","value":"1","targetId":"x"},{"name":"b","targetId":"x"}]'],
      'PutAttributes',
      { attributes: [{ name: 'a', value: '1', targetId: 'x' }, { name: 'b', targetId: 'x' }] },
    ],
    ['put-attributes JSON object', ['put-attributes', '--attributes', '{"name":"a","targetId":"x"}'], 'PutAttributes', { attributes: [{ name: 'a', targetId: 'x' }] }],
    [
      'put-attributes quoted value with comma and equals',
      ['put-attributes', '--attributes', 'name=list,value="a,b=c",targetType=container-instance,targetId=x'],
      'PutAttributes',
      { attributes: [{ name: 'list', value: 'a,b=c', targetType: 'container-instance', targetId: 'x' }] },
    ],
    ['put-attributes from a file', ['put-attributes', '--attributes', 'file:///tmp/attrs.json'], 'PutAttributes', { attributes: [{ name: 'a', value: '1', targetId: 'x' }] }],
    [
      'put-attributes repeated flag appends',
      ['put-attributes', '--attributes', 'name=a,targetId=x', '--attributes', 'name=b,targetId=x'],
      'PutAttributes',
      { attributes: [{ name: 'a', targetId: 'x' }, { name: 'b', targetId: 'x' }] },
    ],
    ['delete-attributes', ['delete-attributes', '--attributes', `name=stack,targetId=${ARN}`], 'DeleteAttributes', { attributes: [{ name: 'stack', targetId: ARN }] }],
    ['list-attributes', ['list-attributes', '--target-type', 'container-instance'], 'ListAttributes', { targetType: 'container-instance' }],
    [
      'list-attributes with filters',
      ['list-attributes', '--cluster', 'c', '--target-type', 'container-instance', '--attribute-name', 'stack', '--attribute-value', 'prod', '--max-results', '3', '--next-token', 'x'],
      'ListAttributes',
      { cluster: 'c', targetType: 'container-instance', attributeName: 'stack', attributeValue: 'prod', maxResults: 3, nextToken: 'x' },
    ],
    ['--flag=value form', ['delete-cluster', '--cluster=web'], 'DeleteCluster', { cluster: 'web' }],
    ['a value may contain "="', ['list-container-instances', '--filter=attribute:a == b'], 'ListContainerInstances', { filter: 'attribute:a == b' }],
    ['a negative integer', ['list-clusters', '--max-results', '-1'], 'ListClusters', { maxResults: -1 }],
  ])('%s', (_name, argv, operation, request) => {
    const inv = call(argv);
    expect(inv.command.operation).toBe(operation);
    expect(inv.command.name).toBe(argv[0]);
    expect(inv.request).toEqual(request);
  });

  it('covers every subcommand in the table', () => {
    const names = commands.map((c) => c.name).sort();
    expect(names).toEqual(
      [
        'create-cluster',
        'list-clusters',
        'describe-clusters',
        'delete-cluster',
        'list-container-instances',
        'describe-container-instances',
        'update-container-instances-state',
        'deregister-container-instance',
        'put-attributes',
        'delete-attributes',
        'list-attributes',
        'register-task-definition',
        'describe-task-definition',
        'list-task-definitions',
        'list-task-definition-families',
        'deregister-task-definition',
        'run-task',
        'start-task',
        'stop-task',
        'describe-tasks',
        'list-tasks',
        'create-service',
        'update-service',
        'delete-service',
        'describe-services',
        'list-services',
        'update-cluster-settings',
        'create-access-key',
        'list-access-keys',
        'delete-access-key',
        'create-join-token',
        'list-join-tokens',
        'revoke-join-token',
        'list-audit-events',
        'logs',
        'wait tasks-running',
        'wait tasks-stopped',
        'wait services-stable',
        'application-autoscaling register-scalable-target',
        'application-autoscaling deregister-scalable-target',
        'application-autoscaling describe-scalable-targets',
        'application-autoscaling put-scaling-policy',
        'application-autoscaling delete-scaling-policy',
        'application-autoscaling describe-scaling-policies',
        'application-autoscaling describe-scaling-activities',
        'application-autoscaling put-scheduled-action',
        'application-autoscaling delete-scheduled-action',
        'application-autoscaling describe-scheduled-actions',
        'secretsmanager create-secret',
        'secretsmanager put-secret-value',
        'secretsmanager get-secret-value',
        'secretsmanager describe-secret',
        'secretsmanager list-secrets',
        'secretsmanager delete-secret',
        'secretsmanager restore-secret',
        'ssm put-parameter',
        'ssm get-parameter',
        'ssm get-parameters',
        'ssm delete-parameter',
        'ssm describe-parameters',
        'elbv2 create-target-group',
        'elbv2 describe-target-groups',
        'elbv2 modify-target-group',
        'elbv2 delete-target-group',
        'elbv2 modify-target-group-attributes',
        'elbv2 describe-target-group-attributes',
        'elbv2 create-load-balancer',
        'elbv2 describe-load-balancers',
        'elbv2 delete-load-balancer',
        'elbv2 create-listener',
        'elbv2 describe-listeners',
        'elbv2 delete-listener',
      ].sort(),
    );
  });
});

describe('parseArgs: global flags', () => {
  it.each<[string, string[], Record<string, string | undefined>, { endpoint: string; output: string }]>([
    ['defaults', ['list-clusters'], {}, { endpoint: '127.0.0.1:7470', output: 'json' }],
    ['BERTH_ENDPOINT', ['list-clusters'], { BERTH_ENDPOINT: 'cp:9000' }, { endpoint: 'cp:9000', output: 'json' }],
    ['empty BERTH_ENDPOINT is ignored', ['list-clusters'], { BERTH_ENDPOINT: '' }, { endpoint: '127.0.0.1:7470', output: 'json' }],
    ['flags before the subcommand', ['--endpoint', 'h:1', '--output', 'table', 'list-clusters'], { BERTH_ENDPOINT: 'cp:9000' }, { endpoint: 'h:1', output: 'table' }],
    ['flags after the subcommand', ['list-clusters', '--output', 'table', '--endpoint', 'h:2'], {}, { endpoint: 'h:2', output: 'table' }],
    ['--x=y forms', ['list-clusters', '--output=json', '--endpoint=h:3'], {}, { endpoint: 'h:3', output: 'json' }],
  ])('%s', (_name, argv, env, expected) => {
    const inv = call(argv, { ...ctx, env });
    expect({ endpoint: inv.endpoint, output: inv.output }).toEqual(expected);
  });

  it('takes global flags out of the middle of a list', () => {
    const inv = call(['describe-clusters', '--clusters', 'a', '--output', 'table', '--include', 'TAGS']);
    expect(inv.request).toEqual({ clusters: ['a'], include: ['TAGS'] });
    expect(inv.output).toBe('table');
  });
});

describe('parseArgs: --cli-input-json', () => {
  it.each<[string, string[], Record<string, unknown>]>([
    ['inline', ['describe-clusters', '--cli-input-json', '{"clusters":["a"],"include":["TAGS"]}'], { clusters: ['a'], include: ['TAGS'] }],
    ['from a file', ['describe-clusters', '--cli-input-json', 'file:///tmp/req.json'], { clusters: ['from-file'], include: ['TAGS'] }],
    [
      'flags override it',
      ['describe-clusters', '--cli-input-json', 'file:///tmp/req.json', '--clusters', 'flag'],
      { clusters: ['flag'], include: ['TAGS'] },
    ],
    ['it satisfies required flags', ['delete-cluster', '--cli-input-json', '{"cluster":"web"}'], { cluster: 'web' }],
    [
      'structures and integers',
      ['put-attributes', '--cli-input-json', '{"cluster":"c","attributes":[{"name":"a","targetId":"x"}]}'],
      { cluster: 'c', attributes: [{ name: 'a', targetId: 'x' }] },
    ],
    ['null values are left out', ['list-clusters', '--cli-input-json', '{"maxResults":null,"nextToken":"t"}'], { nextToken: 't' }],
    ['booleans', ['deregister-container-instance', '--cli-input-json', '{"containerInstance":"i","force":true}'], { containerInstance: 'i', force: true }],
  ])('%s', (_name, argv, request) => {
    expect(call(argv).request).toEqual(request);
  });
});

describe('parseArgs: help', () => {
  it.each([[['help']], [['--help']], [['-h']]])('%j prints the global help', (argv) => {
    const inv = parseArgs(argv, ctx) as Extract<Invocation, { kind: 'help' }>;
    expect(inv.kind).toBe('help');
    expect(inv.text).toContain('usage: berth');
    for (const c of commands) expect(inv.text).toContain(c.name);
  });

  it.each([[['describe-clusters', '--help']], [['help', 'describe-clusters']], [['--help', 'describe-clusters']], [['describe-clusters', '--clusters', 'x', '--help']]])(
    '%j prints the subcommand help',
    (argv) => {
      const inv = parseArgs(argv, ctx) as Extract<Invocation, { kind: 'help' }>;
      expect(inv.kind).toBe('help');
      expect(inv.text).toContain('berth [global options] describe-clusters');
      expect(inv.text).toContain('--clusters');
      expect(inv.text).toContain('--cli-input-json');
    },
  );

  it('shows required flags, choices and aliases', () => {
    const text = (parseArgs(['help', 'update-container-instances-state'], ctx) as { text: string }).text;
    expect(text).toContain('--status ACTIVE|DRAINING');
    expect(text).toContain('(required)');
    const list = (parseArgs(['help', 'list-clusters'], ctx) as { text: string }).text;
    expect(list).toContain('--max-items');
  });
});

describe('parseArgs: mistakes', () => {
  it.each<[string, string[], string | RegExp]>([
    ['no subcommand', [], 'the following arguments are required: subcommand'],
    ['unknown subcommand', ['describe-clustres'], /Invalid choice: 'describe-clustres', valid choices are: create-cluster \| list-clusters/],
    ['unknown subcommand in help', ['help', 'nope'], /Invalid choice: 'nope'/],
    ['unknown flag names the valid ones', ['delete-cluster', '--clusters', 'x'], 'Unknown options: --clusters. Valid options for delete-cluster are: --cluster, --cli-input-json'],
    ['unknown option before the subcommand', ['--cluster', 'x', 'delete-cluster'], /Unknown options: --cluster\. Global options/],
    ['a stray word', ['delete-cluster', '--cluster', 'a', 'b'], 'Unknown options: b'],
    ['missing required flag', ['delete-cluster'], 'the following arguments are required: --cluster'],
    [
      'missing required flags, all named',
      ['update-container-instances-state'],
      'the following arguments are required: --container-instances, --status',
    ],
    ['missing --target-type', ['list-attributes'], 'the following arguments are required: --target-type'],
    ['missing value', ['delete-cluster', '--cluster'], 'argument --cluster: expected one argument'],
    ['a flag where a value should be', ['delete-cluster', '--cluster', '--force'], 'argument --cluster: expected one argument'],
    ['empty list', ['describe-clusters', '--clusters', '--include', 'TAGS'], 'argument --clusters: expected at least one argument'],
    ['bad integer', ['list-clusters', '--max-results', 'ten'], "argument --max-results: invalid integer value: 'ten'"],
    ['fractional integer', ['list-clusters', '--max-items', '1.5'], "argument --max-items: invalid integer value: '1.5'"],
    ['bad boolean', ['deregister-container-instance', '--container-instance', 'i', '--force=yes'], "argument --force: expected true or false, received 'yes'"],
    ['bad --output', ['list-clusters', '--output', 'yaml'], "argument --output: Invalid choice: 'yaml', valid choices are: json | table"],
    ['--output without value', ['list-clusters', '--output'], 'argument --output: expected one argument'],
    ['empty --endpoint', ['list-clusters', '--endpoint='], 'argument --endpoint: expected HOST:PORT'],
    ['shorthand without =', ['put-attributes', '--attributes', 'name=a,oops'], "Error parsing parameter '--attributes': expected key=value, received 'oops'"],
    ['shorthand unknown member', ['put-attributes', '--attributes', 'name=a,colour=red'], 'Unknown parameter in --attributes[0]: "colour", must be one of: name, value, targetType, targetId'],
    ['JSON attribute unknown member', ['put-attributes', '--attributes', '[{"name":"a"},{"nom":"b"}]'], 'Unknown parameter in --attributes[1]: "nom"'],
    ['JSON attribute non-string', ['put-attributes', '--attributes', '{"name":1}'], 'Invalid type for parameter --attributes[0].name, value: 1, valid types: string'],
    ['broken JSON attribute', ['put-attributes', '--attributes', '[{"name":'], "Error parsing parameter '--attributes': Invalid JSON"],
    ['list JSON of non-strings', ['describe-clusters', '--clusters', '[1,2]'], 'Invalid type for parameter --clusters'],
    ['--cli-input-json not JSON', ['list-clusters', '--cli-input-json', '{nope'], "Error parsing parameter '--cli-input-json': Invalid JSON"],
    ['--cli-input-json not an object', ['list-clusters', '--cli-input-json', '[1]'], 'expected a JSON object'],
    ['--cli-input-json wrong type', ['list-clusters', '--cli-input-json', '{"maxResults":"5"}'], 'Invalid type for parameter maxResults, value: "5", valid types: integer'],
    ['--cli-input-json list of non-strings', ['describe-clusters', '--cli-input-json', '{"clusters":"a"}'], 'Invalid type for parameter clusters'],
    ['missing file', ['list-clusters', '--cli-input-json', 'file:///nope.json'], "Error parsing parameter '--cli-input-json': Unable to load paramfile file:///nope.json: ENOENT"],
  ])('%s', (_name, argv, message) => {
    const err = usageError(argv);
    if (typeof message === 'string') expect(err.message).toContain(message);
    else expect(err.message).toMatch(message);
  });

  it('remembers the subcommand to point at its help', () => {
    expect(usageError(['delete-cluster']).subcommand).toBe('delete-cluster');
    expect(usageError(['nope']).subcommand).toBeUndefined();
  });

  it('cannot read files without a reader', () => {
    expect(usageError(['list-clusters', '--cli-input-json', 'file://x'], { env: {} }).message).toContain('Unable to load paramfile');
  });
});
