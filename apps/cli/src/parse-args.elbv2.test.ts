import { describe, expect, it } from 'vitest';
import { pascalCaseKeys } from '@berth/ecs-api';
import { findCommand } from './commands.js';
import { parseArgs, type ParseContext } from './parse-args.js';
import { UsageError } from './usage-error.js';

const ctx: ParseContext = { env: {} };
const TG = 'arn:aws:elasticloadbalancing:local:000000000000:targetgroup/web/0123456789abcdef';
const LB = 'arn:aws:elasticloadbalancing:local:000000000000:loadbalancer/app/front/0123456789abcdef';

function call(argv: string[]) {
  const inv = parseArgs(['elbv2', ...argv], ctx);
  if (inv.kind !== 'call') throw new Error('expected a call');
  return inv;
}

describe('parseArgs: elbv2, as the aws CLI spells it', () => {
  it.each<[string, string[], string, Record<string, unknown>]>([
    [
      'create-target-group with a health check',
      ['create-target-group', '--name', 'web', '--protocol', 'HTTP', '--port', '80', '--health-check-path', '/health', '--health-check-interval-seconds', '10', '--no-health-check-enabled', '--matcher', 'HttpCode=200-299'],
      'CreateTargetGroup',
      { name: 'web', protocol: 'HTTP', port: 80, healthCheckPath: '/health', healthCheckIntervalSeconds: 10, healthCheckEnabled: false, matcher: { httpCode: '200-299' } },
    ],
    ['describe-target-groups by names', ['describe-target-groups', '--names', 'a', 'b', '--page-size', '5'], 'DescribeTargetGroups', { names: ['a', 'b'], pageSize: 5 }],
    [
      'modify-target-group-attributes in shorthand',
      ['modify-target-group-attributes', '--target-group-arn', TG, '--attributes', 'Key=deregistration_delay.timeout_seconds,Value=30'],
      'ModifyTargetGroupAttributes',
      { targetGroupArn: TG, attributes: [{ key: 'deregistration_delay.timeout_seconds', value: '30' }] },
    ],
    ['create-load-balancer', ['create-load-balancer', '--name', 'front', '--type', 'network', '--scheme', 'internal'], 'CreateLoadBalancer', { name: 'front', type: 'network', scheme: 'internal' }],
    [
      'create-listener with a forward action in shorthand',
      ['create-listener', '--load-balancer-arn', LB, '--port', '8080', '--default-actions', `Type=forward,TargetGroupArn=${TG}`],
      'CreateListener',
      { loadBalancerArn: LB, port: 8080, defaultActions: [{ type: 'forward', targetGroupArn: TG }] },
    ],
    [
      'create-listener with a forward action in PascalCase JSON',
      ['create-listener', '--load-balancer-arn', LB, '--port', '80', '--default-actions', JSON.stringify([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG, Weight: 1 }] } }])],
      'CreateListener',
      { loadBalancerArn: LB, port: 80, defaultActions: [{ type: 'forward', forwardConfig: { targetGroups: [{ targetGroupArn: TG, weight: 1 }] } }] },
    ],
    ['describe-listeners', ['describe-listeners', '--load-balancer-arn', LB], 'DescribeListeners', { loadBalancerArn: LB }],
  ])('%s', (_name, argv, operation, request) => {
    const inv = call(argv);
    expect(inv.command.operation).toBe(operation);
    expect(inv.request).toEqual(request);
  });

  it('names a missing required flag and an unknown subcommand', () => {
    expect(() => call(['create-listener', '--load-balancer-arn', LB, '--port', '80'])).toThrow(UsageError);
    expect(() => call(['create-listener', '--load-balancer-arn', LB, '--port', '80'])).toThrow(/--default-actions/);
    expect(() => call(['create-target-groups'])).toThrow(/Invalid choice: 'create-target-groups'/);
  });

  it('answers in ELB’s PascalCase, where an ARN is Arn', () => {
    const spec = findCommand('elbv2 describe-target-groups');
    expect(spec?.pascalCase).toBe('Arn');
    expect(pascalCaseKeys({ targetGroups: [{ targetGroupArn: TG }] }, spec?.pascalCase)).toEqual({ TargetGroups: [{ TargetGroupArn: TG }] });
    expect(findCommand('application-autoscaling describe-scaling-policies')?.pascalCase).toBe('ARN');
  });
});
