import { describe, expect, it } from 'vitest';
import { listenerArn, loadBalancerArn, targetGroupArn, elbResourceId } from './arns.js';
import { checkElbName, checkHealthCheck, checkMatcher, checkTargetGroupAttributes, forwardTargetOf, listenerProtocolFor } from './validation.js';

const scope = { region: 'local', account: '000000000000' };
const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('expected a refusal');
};

describe('ELB names', () => {
  it.each(['a', 'web', 'web-1', 'A1-b2', 'x'.repeat(32)])('accepts %s', (name) => {
    expect(checkElbName(name, 'target group')).toBe(name);
  });
  it.each([
    ['', 'Name is required.'],
    ['-web', 'not beginning or ending with a hyphen'],
    ['web-', 'not beginning or ending with a hyphen'],
    ['web_1', 'letters, digits and hyphens'],
    ['x'.repeat(33), 'at most 32'],
  ])('refuses %j', (name, text) => {
    expect(errorOf(() => checkElbName(name, 'target group'))).toMatchObject({ name: 'ValidationError', message: expect.stringContaining(text) });
  });
  it("refuses a load balancer named internal-…, as ELB does, but not a target group", () => {
    expect(errorOf(() => checkElbName('internal-web', 'load balancer')).message).toContain("cannot begin with 'internal-'");
    expect(checkElbName('internal-web', 'target group')).toBe('internal-web');
  });
});

describe('health checks', () => {
  it("fills ELB's defaults for HTTP and TCP", () => {
    expect(checkHealthCheck({}, 'HTTP')).toEqual({
      enabled: true,
      protocol: 'HTTP',
      port: 'traffic-port',
      path: '/',
      matcher: '200',
      intervalSeconds: 30,
      timeoutSeconds: 5,
      healthyThresholdCount: 5,
      unhealthyThresholdCount: 2,
    });
    expect(checkHealthCheck({}, 'TCP')).toEqual({ enabled: true, protocol: 'TCP', port: 'traffic-port', intervalSeconds: 30, timeoutSeconds: 10, healthyThresholdCount: 5, unhealthyThresholdCount: 2 });
  });
  it('an HTTP check of a TCP group; what a modification does not name stays', () => {
    const base = checkHealthCheck({ healthCheckPath: '/health', healthCheckIntervalSeconds: 10, healthCheckTimeoutSeconds: 3 }, 'HTTP');
    expect(checkHealthCheck({ healthyThresholdCount: 2 }, 'HTTP', base)).toEqual({ ...base, healthyThresholdCount: 2 });
    expect(checkHealthCheck({ healthCheckProtocol: 'HTTP' }, 'TCP')).toMatchObject({ protocol: 'HTTP', path: '/', timeoutSeconds: 5 });
  });
  it.each([
    [{ healthCheckIntervalSeconds: 4 }, 'HealthCheckIntervalSeconds must be between 5 and 300'],
    [{ healthCheckTimeoutSeconds: 30 }, 'must be smaller than HealthCheckIntervalSeconds (30)'],
    [{ healthyThresholdCount: 11 }, 'HealthyThresholdCount must be between 2 and 10'],
    [{ unhealthyThresholdCount: 1 }, 'UnhealthyThresholdCount must be between 2 and 10'],
    [{ healthCheckPath: 'health' }, "HealthCheckPath must start with '/'"],
    [{ healthCheckPort: 'eighty' }, 'HealthCheckPort must be between 1 and 65535'],
    [{ healthCheckPort: '70000' }, 'HealthCheckPort must be between 1 and 65535'],
    [{ healthCheckProtocol: 'TCP' }, 'HealthCheckProtocol TCP is not valid for a target group with protocol HTTP'],
    [{ healthCheckProtocol: 'SMTP' }, 'HealthCheckProtocol must be one of HTTP, TCP'],
    [{ matcher: { httpCode: '600' } }, "Matcher.HttpCode '600' is not valid"],
  ])('refuses %j on an HTTP group', (input, text) => {
    expect(errorOf(() => checkHealthCheck(input, 'HTTP'))).toMatchObject({ name: 'ValidationError', message: expect.stringContaining(text) });
  });
  it('refuses a path or matcher on a TCP check, and HTTPS as unsupported', () => {
    expect(errorOf(() => checkHealthCheck({ healthCheckPath: '/' }, 'TCP')).message).toContain('apply only to HTTP health checks');
    expect(errorOf(() => checkHealthCheck({ healthCheckProtocol: 'HTTPS' }, 'HTTP'))).toMatchObject({ name: 'UnsupportedProtocol' });
  });
  it.each([
    ['200', '200'],
    ['200,202', '200,202'],
    ['200-299', '200-299'],
    [' 200 , 301-302', '200,301-302'],
  ])('matcher %j', (code, expected) => {
    expect(checkMatcher(code)).toBe(expected);
  });
  it.each(['199', '500', '299-200', 'ok', '200-', ''])('matcher %j is refused', (code) => {
    expect(errorOf(() => checkMatcher(code)).name).toBe('ValidationError');
  });
});

describe('attributes, listeners and actions', () => {
  it('keeps the deregistration delay and names the attribute it refuses', () => {
    expect(checkTargetGroupAttributes([{ key: 'deregistration_delay.timeout_seconds', value: '30' }])).toEqual({ deregistrationDelaySeconds: 30 });
    expect(errorOf(() => checkTargetGroupAttributes([{ key: 'deregistration_delay.timeout_seconds', value: '3601' }])).message).toContain('from 0 to 3600');
    expect(errorOf(() => checkTargetGroupAttributes([{ key: 'stickiness.enabled', value: 'true' }])).message).toContain("Attributes[0].Key 'stickiness.enabled'");
    expect(errorOf(() => checkTargetGroupAttributes([])).message).toContain('at least one');
  });
  it('a listener speaks its load balancer’s protocol', () => {
    expect(listenerProtocolFor('application', undefined)).toBe('HTTP');
    expect(listenerProtocolFor('network', 'TCP')).toBe('TCP');
    expect(errorOf(() => listenerProtocolFor('application', 'TCP'))).toMatchObject({ name: 'IncompatibleProtocols' });
  });
  it('a default action is one forward to one target group', () => {
    expect(forwardTargetOf([{ type: 'forward', targetGroupArn: 'tg-a' }])).toBe('tg-a');
    expect(forwardTargetOf([{ type: 'forward', forwardConfig: { targetGroups: [{ targetGroupArn: 'tg-a' }] } }])).toBe('tg-a');
    expect(forwardTargetOf([{ type: 'forward', targetGroupArn: 'tg-a', forwardConfig: { targetGroups: [{ targetGroupArn: 'tg-a' }] } }])).toBe('tg-a');
    expect(errorOf(() => forwardTargetOf(undefined)).message).toContain('DefaultActions is required');
    expect(errorOf(() => forwardTargetOf([{ type: 'redirect' }]))).toMatchObject({ name: 'InvalidLoadBalancerAction' });
    expect(errorOf(() => forwardTargetOf([{ type: 'forward' }])).message).toContain('TargetGroupArn is required');
    expect(errorOf(() => forwardTargetOf([{ type: 'forward', targetGroupArn: 'a', forwardConfig: { targetGroups: [{ targetGroupArn: 'b' }] } }])).message).toContain('different target groups');
    expect(errorOf(() => forwardTargetOf([{ type: 'forward', forwardConfig: { targetGroups: [{ targetGroupArn: 'a' }, { targetGroupArn: 'b' }] } }]))).toMatchObject({ name: 'InvalidLoadBalancerAction' });
  });
  it("ARNs have ELB's shapes", () => {
    const id = elbResourceId(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 255]));
    expect(id).toBe('00010203040506ff');
    expect(targetGroupArn(scope, 'web', id)).toBe('arn:aws:elasticloadbalancing:local:000000000000:targetgroup/web/00010203040506ff');
    const lb = loadBalancerArn(scope, 'application', 'front', id);
    expect(lb).toBe('arn:aws:elasticloadbalancing:local:000000000000:loadbalancer/app/front/00010203040506ff');
    expect(loadBalancerArn(scope, 'network', 'edge', id)).toContain(':loadbalancer/net/edge/');
    expect(listenerArn(lb, 'aa')).toBe('arn:aws:elasticloadbalancing:local:000000000000:listener/app/front/00010203040506ff/aa');
  });
});
