import { beforeEach, describe, expect, it } from 'vitest';
import { storeBackends, type StoreBackend } from '@berth/state-store/testing';
import type { Caller } from '../caller.js';
import { refusal, useAppHarness, type AppHarness } from '../testing/app-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON, checked by the assertions
const limited: Caller = { name: 'AKIAlimited', role: 'operator', clusters: ['web'], launchRate: { burst: 10, perSecond: 10 } };
const reader: Caller = { name: 'AKIAreader', role: 'read-only', launchRate: { burst: 10, perSecond: 10 } };

describe.each(storeBackends)('target groups, load balancers and listeners on %s', (_kind, start) => {
  const current = useAppHarness(start);
  let h: AppHarness;
  let backend: StoreBackend;
  beforeEach(() => {
    ({ h, backend } = current);
  });

  const createGroup = async (request: Json) => ((await h.call('CreateTargetGroup', request)) as Json).targetGroups[0] as Json;
  const createBalancer = async (request: Json) => ((await h.call('CreateLoadBalancer', request)) as Json).loadBalancers[0] as Json;
  const forward = (targetGroupArn: string) => [{ type: 'forward', targetGroupArn }];

  it("creates a target group with ELB's defaults; the same request again answers it, different settings are refused", async () => {
    const tg = await createGroup({ name: 'web', protocol: 'HTTP', port: 8080, vpcId: 'vpc-1' });
    expect(tg).toEqual({
      targetGroupArn: expect.stringMatching(/^arn:aws:elasticloadbalancing:[^:]+:\d{12}:targetgroup\/web\/[0-9a-f]{16}$/),
      targetGroupName: 'web',
      protocol: 'HTTP',
      port: 8080,
      healthCheckProtocol: 'HTTP',
      healthCheckPort: 'traffic-port',
      healthCheckEnabled: true,
      healthCheckIntervalSeconds: 30,
      healthCheckTimeoutSeconds: 5,
      healthyThresholdCount: 5,
      unhealthyThresholdCount: 2,
      healthCheckPath: '/',
      matcher: { httpCode: '200' },
      loadBalancerArns: [],
      targetType: 'instance',
      protocolVersion: 'HTTP1',
      ipAddressType: 'ipv4',
    });
    expect(await createGroup({ name: 'web', protocol: 'HTTP', port: 8080 })).toEqual(tg);
    expect(await refusal(h.call('CreateTargetGroup', { name: 'web', protocol: 'HTTP', port: 9090 }))).toEqual({
      name: 'DuplicateTargetGroupName',
      message: "A target group with the same name 'web' exists, but with different settings",
    });
    expect(((await h.call('DescribeTargetGroups', { names: ['web'] })) as Json).targetGroups).toEqual([tg]);
  });

  it('refuses bad target groups naming the field, and stores nothing', async () => {
    const cases: [Json, string, string][] = [
      [{ protocol: 'HTTP', port: 80 }, 'ValidationError', 'Name is required.'],
      [{ name: 'web_1', protocol: 'HTTP', port: 80 }, 'ValidationError', "The target group name 'web_1' (Name) is not valid"],
      [{ name: 'web', port: 80 }, 'ValidationError', 'Protocol is required.'],
      [{ name: 'web', protocol: 'HTTPS', port: 443 }, 'UnsupportedProtocol', "Protocol 'HTTPS' (Protocol) is not supported by Berth"],
      [{ name: 'web', protocol: 'HTTP' }, 'ValidationError', 'Port is required.'],
      [{ name: 'web', protocol: 'HTTP', port: 0 }, 'ValidationError', 'Port must be between 1 and 65535; got 0.'],
      [{ name: 'web', protocol: 'HTTP', port: 80, targetType: 'lambda' }, 'ValidationError', "TargetType must be instance or ip; got 'lambda'."],
      [{ name: 'web', protocol: 'HTTP', port: 80, healthCheckTimeoutSeconds: 40 }, 'ValidationError', 'HealthCheckTimeoutSeconds (40) must be smaller than HealthCheckIntervalSeconds (30).'],
      [{ name: 'web', protocol: 'TCP', port: 80, healthCheckPath: '/x' }, 'ValidationError', 'HealthCheckPath and Matcher apply only to HTTP health checks.'],
      [{ name: 'web', protocol: 'HTTP', port: 80, matcher: { grpcCode: '0' } }, 'ValidationError', 'Matcher.GrpcCode is not supported by Berth'],
      [{ name: 'web', protocol: 'HTTP', port: 80, ipAddressType: 'ipv6' }, 'ValidationError', "IpAddressType 'ipv6' is not supported by Berth"],
      [{ name: 'web', protocol: 'HTTP', port: 80, tags: [{ value: 'x' }] }, 'InvalidParameterException', 'key'],
    ];
    for (const [request, name, message] of cases) {
      expect(await refusal(h.call('CreateTargetGroup', request)), JSON.stringify(request)).toMatchObject({ name, message: expect.stringContaining(message) });
    }
    expect(await backend.store.read.listTargetGroups({ limit: 10 })).toEqual([]);
  });

  it('modifies the health check and the deregistration delay, leaving what the request does not name', async () => {
    const tg = await createGroup({ name: 'web', protocol: 'HTTP', port: 80, healthCheckPath: '/health' });
    const arn = tg.targetGroupArn as string;
    const modified = ((await h.call('ModifyTargetGroup', { targetGroupArn: arn, healthCheckIntervalSeconds: 5, healthCheckTimeoutSeconds: 2, healthyThresholdCount: 2, matcher: { httpCode: '200-299' } })) as Json).targetGroups[0];
    expect(modified).toEqual({ ...tg, healthCheckIntervalSeconds: 5, healthCheckTimeoutSeconds: 2, healthyThresholdCount: 2, matcher: { httpCode: '200-299' } });
    expect(await refusal(h.call('ModifyTargetGroup', { targetGroupArn: arn, healthCheckIntervalSeconds: 2 }))).toMatchObject({ name: 'ValidationError', message: expect.stringContaining('HealthCheckIntervalSeconds') });
    expect(((await h.call('DescribeTargetGroups', { targetGroupArns: [arn] })) as Json).targetGroups[0]).toEqual(modified);

    const attributes = [{ key: 'deregistration_delay.timeout_seconds', value: '300' }];
    expect(await h.call('DescribeTargetGroupAttributes', { targetGroupArn: arn })).toEqual({ attributes });
    expect(await h.call('ModifyTargetGroupAttributes', { targetGroupArn: arn, attributes: [{ key: 'deregistration_delay.timeout_seconds', value: '5' }] })).toEqual({ attributes: [{ ...attributes[0], value: '5' }] });
    expect(await refusal(h.call('ModifyTargetGroupAttributes', { targetGroupArn: arn, attributes: [{ key: 'stickiness.enabled', value: 'true' }] }))).toMatchObject({ name: 'ValidationError' });
    expect(await h.call('DescribeTargetGroupAttributes', { targetGroupArn: arn })).toEqual({ attributes: [{ ...attributes[0], value: '5' }] });

    const missing = arn.replace(/\/[0-9a-f]{16}$/, '/ffffffffffffffff');
    expect(await refusal(h.call('ModifyTargetGroup', { targetGroupArn: missing, healthyThresholdCount: 3 }))).toEqual({ name: 'TargetGroupNotFound', message: 'One or more target groups not found' });
    expect(await refusal(h.call('DescribeTargetGroupAttributes', { targetGroupArn: 'web' }))).toEqual({ name: 'ValidationError', message: "'web' (TargetGroupArn) is not a valid target group ARN." });
  });

  it('describes by ARN, name or load balancer, or pages all of them; any missing one is an error', async () => {
    for (const name of ['c', 'a', 'b']) await createGroup({ name, protocol: 'TCP', port: 80 });
    const first = (await h.call('DescribeTargetGroups', { pageSize: 2 })) as Json;
    expect(first.targetGroups.map((g: Json) => g.targetGroupName)).toEqual(['a', 'b']);
    const second = (await h.call('DescribeTargetGroups', { pageSize: 2, marker: first.nextMarker })) as Json;
    expect(second.targetGroups.map((g: Json) => g.targetGroupName)).toEqual(['c']);
    expect(second.nextMarker).toBeUndefined();
    expect(await refusal(h.call('DescribeTargetGroups', { names: ['a', 'nope'] }))).toMatchObject({ name: 'TargetGroupNotFound' });
    expect(await refusal(h.call('DescribeTargetGroups', { names: ['a'], targetGroupArns: [first.targetGroups[0].targetGroupArn] }))).toMatchObject({ name: 'ValidationError', message: expect.stringContaining('at most one of') });
    expect(await refusal(h.call('DescribeTargetGroups', { pageSize: 401 }))).toMatchObject({ name: 'ValidationError', message: 'PageSize must be between 1 and 400; got 401.' });
    expect(await refusal(h.call('DescribeTargetGroups', { marker: 'garbage' }))).toMatchObject({ name: 'ValidationError', message: expect.stringContaining('Marker') });
  });

  it('a listener forwards to one group of its protocol; the group shows its load balancer and cannot be deleted while used', async () => {
    const web = await createGroup({ name: 'web', protocol: 'HTTP', port: 80 });
    const tcp = await createGroup({ name: 'raw', protocol: 'TCP', port: 80 });
    const front = await createBalancer({ name: 'front', subnets: ['subnet-1'] });
    expect(front).toEqual({
      loadBalancerArn: expect.stringMatching(/:loadbalancer\/app\/front\/[0-9a-f]{16}$/),
      createdTime: h.app.now().getTime() / 1000,
      loadBalancerName: 'front',
      scheme: 'internet-facing',
      state: { code: 'active' },
      type: 'application',
      ipAddressType: 'ipv4',
    });
    const created = ((await h.call('CreateListener', { loadBalancerArn: front.loadBalancerArn, port: 8000, defaultActions: forward(web.targetGroupArn) })) as Json).listeners[0];
    expect(created).toEqual({
      listenerArn: expect.stringContaining(front.loadBalancerArn.replace(':loadbalancer/', ':listener/') + '/'),
      loadBalancerArn: front.loadBalancerArn,
      port: 8000,
      protocol: 'HTTP',
      defaultActions: [{ type: 'forward', targetGroupArn: web.targetGroupArn, forwardConfig: { targetGroups: [{ targetGroupArn: web.targetGroupArn, weight: 1 }] } }],
    });
    expect(((await h.call('DescribeTargetGroups', { names: ['web'] })) as Json).targetGroups[0].loadBalancerArns).toEqual([front.loadBalancerArn]);
    expect(((await h.call('DescribeTargetGroups', { loadBalancerArn: front.loadBalancerArn })) as Json).targetGroups.map((g: Json) => g.targetGroupName)).toEqual(['web']);

    const listen = (request: Json) => refusal(h.call('CreateListener', { loadBalancerArn: front.loadBalancerArn, port: 8001, defaultActions: forward(web.targetGroupArn), ...request }));
    expect(await listen({ port: 8000 })).toMatchObject({ name: 'DuplicateListener', message: expect.stringContaining('port 8000') });
    expect(await listen({ defaultActions: forward(tcp.targetGroupArn) })).toMatchObject({ name: 'IncompatibleProtocols' });
    expect(await listen({ protocol: 'TCP' })).toMatchObject({ name: 'IncompatibleProtocols' });
    expect(await listen({ port: 70000 })).toMatchObject({ name: 'ValidationError', message: 'Port must be between 1 and 65535; got 70000.' });
    expect(await listen({ defaultActions: [{ type: 'fixed-response' }] })).toMatchObject({ name: 'InvalidLoadBalancerAction' });
    expect(await listen({ defaultActions: forward(web.targetGroupArn.replace(/[0-9a-f]{16}$/, '0000000000000000')) })).toMatchObject({ name: 'TargetGroupNotFound' });
    expect(await listen({ sslPolicy: 'ELBSecurityPolicy-2016-08' })).toMatchObject({ name: 'UnsupportedProtocol' });
    expect(await listen({ loadBalancerArn: front.loadBalancerArn.replace(/[0-9a-f]{16}$/, '0000000000000000') })).toMatchObject({ name: 'LoadBalancerNotFound' });

    const back = await createBalancer({ name: 'back' });
    expect(await listen({ loadBalancerArn: back.loadBalancerArn })).toEqual({
      name: 'TargetGroupAssociationLimit',
      message: `The following target groups cannot be associated with more than one load balancer: ${web.targetGroupArn}`,
    });
    expect(await refusal(h.call('DeleteTargetGroup', { targetGroupArn: web.targetGroupArn }))).toEqual({ name: 'ResourceInUse', message: `Target group '${web.targetGroupArn}' is currently in use by a listener or a rule` });
    expect(((await h.call('DescribeListeners', { loadBalancerArn: front.loadBalancerArn })) as Json).listeners).toEqual([created]);
    expect(await backend.store.read.findListeners({ loadBalancerArn: back.loadBalancerArn })).toEqual([]);

    await h.call('DeleteListener', { listenerArn: created.listenerArn });
    expect(await refusal(h.call('DeleteListener', { listenerArn: created.listenerArn }))).toEqual({ name: 'ListenerNotFound', message: 'One or more listeners not found' });
    await h.call('DeleteTargetGroup', { targetGroupArn: web.targetGroupArn });
    await h.call('DeleteTargetGroup', { targetGroupArn: web.targetGroupArn });
    expect(await refusal(h.call('DescribeTargetGroups', { targetGroupArns: [web.targetGroupArn] }))).toMatchObject({ name: 'TargetGroupNotFound' });
  });

  it('a network load balancer listens on TCP; deleting a load balancer deletes its listeners and frees its groups', async () => {
    const raw = await createGroup({ name: 'raw', protocol: 'TCP', port: 5432 });
    const edge = await createBalancer({ name: 'edge', type: 'network', scheme: 'internal' });
    expect(edge.loadBalancerArn).toContain(':loadbalancer/net/edge/');
    expect(await createBalancer({ name: 'edge', type: 'network', scheme: 'internal' })).toEqual(edge);
    expect(await refusal(h.call('CreateLoadBalancer', { name: 'edge' }))).toMatchObject({ name: 'DuplicateLoadBalancerName' });
    const listener = ((await h.call('CreateListener', { loadBalancerArn: edge.loadBalancerArn, protocol: 'TCP', port: 5432, defaultActions: forward(raw.targetGroupArn) })) as Json).listeners[0];
    expect(((await h.call('DescribeListeners', { listenerArns: [listener.listenerArn] })) as Json).listeners).toEqual([listener]);
    await h.call('DeleteLoadBalancer', { loadBalancerArn: edge.loadBalancerArn });
    await h.call('DeleteLoadBalancer', { loadBalancerArn: edge.loadBalancerArn });
    expect(await refusal(h.call('DescribeLoadBalancers', { names: ['edge'] }))).toEqual({ name: 'LoadBalancerNotFound', message: 'One or more load balancers not found' });
    expect(await refusal(h.call('DescribeListeners', { listenerArns: [listener.listenerArn] }))).toMatchObject({ name: 'ListenerNotFound' });
    expect(((await h.call('DescribeTargetGroups', { names: ['raw'] })) as Json).targetGroups[0].loadBalancerArns).toEqual([]);
    expect(await refusal(h.call('CreateLoadBalancer', { name: 'internal-x' }))).toMatchObject({ name: 'ValidationError', message: expect.stringContaining("'internal-'") });
    expect(await refusal(h.call('CreateLoadBalancer', { name: 'x', type: 'gateway' }))).toMatchObject({ name: 'ValidationError', message: "Type must be application or network; got 'gateway'." });
    expect(await refusal(h.call('DescribeListeners', {}))).toMatchObject({ name: 'ValidationError', message: 'Give LoadBalancerArn or ListenerArns.' });
  });

  it('changes need a credential limited to no cluster; readers may describe', async () => {
    expect(await refusal(h.call('CreateTargetGroup', { name: 'web', protocol: 'HTTP', port: 80 }, limited))).toMatchObject({ name: 'AccessDeniedException' });
    expect(await refusal(h.call('CreateLoadBalancer', { name: 'front' }, reader))).toMatchObject({ name: 'AccessDeniedException' });
    await createGroup({ name: 'web', protocol: 'HTTP', port: 80 });
    expect(((await h.call('DescribeTargetGroups', {}, reader)) as Json).targetGroups).toHaveLength(1);
  });
});
