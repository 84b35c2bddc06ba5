import { describe, expect, it } from 'vitest';
import { parseArgs, type ParseContext } from './parse-args.js';
import { UsageError } from './usage-error.js';

/** A target tracking configuration as the AWS documentation's file://config.json has it. */
const trackingFile = JSON.stringify({
  TargetValue: 75.0,
  PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
  ScaleOutCooldown: 60,
  ScaleInCooldown: 60,
});
const ctx: ParseContext = {
  env: {},
  readFile: (path) => {
    if (path === '/tmp/config.json') return trackingFile;
    throw new Error(`ENOENT: no such file or directory, open '${path}'`);
  },
};

const target = ['--service-namespace', 'ecs', '--resource-id', 'service/default/web', '--scalable-dimension', 'ecs:service:DesiredCount'];
const targetFields = { serviceNamespace: 'ecs', resourceId: 'service/default/web', scalableDimension: 'ecs:service:DesiredCount' };

function call(argv: string[]) {
  const inv = parseArgs(['application-autoscaling', ...argv], ctx);
  if (inv.kind !== 'call') throw new Error('expected a call');
  return inv;
}

describe('parseArgs: application-autoscaling, as the aws CLI spells it', () => {
  it.each<[string, string[], string, Record<string, unknown>]>([
    ['register-scalable-target', ['register-scalable-target', ...target, '--min-capacity', '0', '--max-capacity', '10'], 'RegisterScalableTarget', { ...targetFields, minCapacity: 0, maxCapacity: 10 }],
    [
      'register with a suspended state in shorthand',
      ['register-scalable-target', ...target, '--suspended-state', 'DynamicScalingInSuspended=true,ScheduledScalingSuspended=false'],
      'RegisterScalableTarget',
      { ...targetFields, suspendedState: { dynamicScalingInSuspended: true, scheduledScalingSuspended: false } },
    ],
    [
      'put-scaling-policy with file:// JSON in PascalCase',
      ['put-scaling-policy', '--policy-name', 'cpu75', ...target, '--policy-type', 'TargetTrackingScaling', '--target-tracking-scaling-policy-configuration', 'file:///tmp/config.json'],
      'PutScalingPolicy',
      {
        policyName: 'cpu75',
        ...targetFields,
        policyType: 'TargetTrackingScaling',
        targetTrackingScalingPolicyConfiguration: { targetValue: 75, predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' }, scaleOutCooldown: 60, scaleInCooldown: 60 },
      },
    ],
    [
      'put-scaling-policy with steps in shorthand',
      ['put-scaling-policy', '--policy-name', 's', ...target, '--step-scaling-policy-configuration', 'AdjustmentType=ChangeInCapacity,StepAdjustments=[{MetricIntervalLowerBound=0,ScalingAdjustment=2}],Cooldown=30'],
      'PutScalingPolicy',
      { policyName: 's', ...targetFields, stepScalingPolicyConfiguration: { adjustmentType: 'ChangeInCapacity', stepAdjustments: [{ metricIntervalLowerBound: 0, scalingAdjustment: 2 }], cooldown: 30 } },
    ],
    [
      'put-scheduled-action',
      ['put-scheduled-action', ...target, '--scheduled-action-name', 'night', '--schedule', 'cron(0 22 * * ? *)', '--timezone', 'Europe/Berlin', '--scalable-target-action', 'MinCapacity=0,MaxCapacity=0'],
      'PutScheduledAction',
      { ...targetFields, scheduledActionName: 'night', schedule: 'cron(0 22 * * ? *)', timezone: 'Europe/Berlin', scalableTargetAction: { minCapacity: 0, maxCapacity: 0 } },
    ],
    ['describe-scalable-targets', ['describe-scalable-targets', '--service-namespace', 'ecs', '--resource-ids', 'service/a/b', 'service/a/c'], 'DescribeScalableTargets', { serviceNamespace: 'ecs', resourceIds: ['service/a/b', 'service/a/c'] }],
    ['describe-scaling-activities', ['describe-scaling-activities', '--service-namespace', 'ecs', '--resource-id', 'service/a/b'], 'DescribeScalingActivities', { serviceNamespace: 'ecs', resourceId: 'service/a/b' }],
    [
      '--cli-input-json in PascalCase',
      ['deregister-scalable-target', '--cli-input-json', JSON.stringify({ ServiceNamespace: 'ecs', ResourceId: 'service/default/web', ScalableDimension: 'ecs:service:DesiredCount' })],
      'DeregisterScalableTarget',
      targetFields,
    ],
  ])('%s', (_name, argv, operation, request) => {
    const inv = call(argv);
    expect(inv.command.operation).toBe(operation);
    expect(inv.request).toEqual(request);
  });

  it.each<[string, string[], string | RegExp]>([
    ['a group needs a subcommand', ['application-autoscaling'], 'the following arguments are required: operation'],
    ['an unknown subcommand', ['application-autoscaling', 'put-lifecycle-hook'], /^argument application-autoscaling: Invalid choice: 'put-lifecycle-hook', valid choices are: register-scalable-target \| /],
    ['register needs the target', ['application-autoscaling', 'register-scalable-target', '--min-capacity', '1'], 'the following arguments are required: --service-namespace, --resource-id, --scalable-dimension'],
    ['a policy needs a name', ['application-autoscaling', 'put-scaling-policy', ...target], 'the following arguments are required: --policy-name'],
    ['a bad integer', ['application-autoscaling', 'register-scalable-target', ...target, '--max-capacity', 'lots'], "argument --max-capacity: invalid integer value: 'lots'"],
  ])('%s', (_name, argv, message) => {
    expect(() => parseArgs(argv, ctx)).toThrow(UsageError);
    expect(() => parseArgs(argv, ctx)).toThrow(message);
  });

  it('has help for the group and for each subcommand', () => {
    const group = parseArgs(['application-autoscaling', '--help'], ctx);
    expect(group.kind === 'help' && group.text).toContain('usage: berth [global options] application-autoscaling <subcommand> [flags]');
    const one = parseArgs(['help', 'application-autoscaling', 'put-scheduled-action'], ctx);
    expect(one.kind === 'help' && one.text).toContain('--scheduled-action-name');
  });
});
