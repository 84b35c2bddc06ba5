import { describe, expect, it } from 'vitest';
import { camelCaseKeys, pascalCaseKeys } from './pascal-case.js';

describe('PascalCase members', () => {
  const pascal = {
    ServiceNamespace: 'ecs',
    ResourceId: 'service/default/web',
    RoleARN: 'arn:aws:iam::1:role/x',
    TargetTrackingScalingPolicyConfiguration: { TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } },
    StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    ResourceIds: ['service/a/ServiceNamespace'],
  };
  const camel = {
    serviceNamespace: 'ecs',
    resourceId: 'service/default/web',
    roleArn: 'arn:aws:iam::1:role/x',
    targetTrackingScalingPolicyConfiguration: { targetValue: 50, predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' } },
    stepAdjustments: [{ metricIntervalLowerBound: 0, scalingAdjustment: 1 }],
    resourceIds: ['service/a/ServiceNamespace'],
  };

  it('turns into camelCase through objects and lists, values untouched', () => {
    expect(camelCaseKeys(pascal)).toEqual(camel);
  });

  it('and back', () => {
    expect(pascalCaseKeys(camel)).toEqual(pascal);
    expect(pascalCaseKeys({ policyArn: 'p', scheduledActionArn: 's' })).toEqual({ PolicyARN: 'p', ScheduledActionARN: 's' });
    expect(pascalCaseKeys({ targetGroups: [{ targetGroupArn: 't', loadBalancerArns: ['l'] }] }, 'Arn')).toEqual({ TargetGroups: [{ TargetGroupArn: 't', LoadBalancerArns: ['l'] }] });
  });

  it("writes Secrets Manager's bare ARN member and leaves the keys of its version maps alone", () => {
    const described = { arn: 'a', name: 'db', versionIdsToStages: { 'e0f1-v2': ['AWSCURRENT'] }, secretList: [{ secretVersionsToStages: { abc: ['AWSPREVIOUS'] } }] };
    const wire = { ARN: 'a', Name: 'db', VersionIdsToStages: { 'e0f1-v2': ['AWSCURRENT'] }, SecretList: [{ SecretVersionsToStages: { abc: ['AWSPREVIOUS'] } }] };
    expect(pascalCaseKeys(described)).toEqual(wire);
    expect(camelCaseKeys(wire)).toEqual(described);
  });

  it.each([null, 3, 'text', true])('leaves %j as it is', (value) => {
    expect(camelCaseKeys(value)).toBe(value);
  });
});
