import type { Listener, LoadBalancer, TargetGroupView } from '@berth/domain';
import { compact, instant, type JsonObject } from './json.js';

/**
 * Load balancing's resources → ELBv2's shapes, members in camelCase (the CLI writes them in
 * ELB's PascalCase: `TargetGroupArn`). Berth has no VPCs, so VpcId is left out; DNSName too, until
 * a load balancer's berth-lb instances give it an address.
 */

export function encodeTargetGroup(view: TargetGroupView): JsonObject {
  const { targetGroup: tg, loadBalancerArns } = view;
  const hc = tg.healthCheck;
  return compact({
    targetGroupArn: tg.arn,
    targetGroupName: tg.name,
    protocol: tg.protocol,
    port: tg.port,
    healthCheckProtocol: hc.protocol,
    healthCheckPort: hc.port,
    healthCheckEnabled: hc.enabled,
    healthCheckIntervalSeconds: hc.intervalSeconds,
    healthCheckTimeoutSeconds: hc.timeoutSeconds,
    healthyThresholdCount: hc.healthyThresholdCount,
    unhealthyThresholdCount: hc.unhealthyThresholdCount,
    healthCheckPath: hc.path,
    matcher: hc.matcher === undefined ? undefined : { httpCode: hc.matcher },
    loadBalancerArns: [...loadBalancerArns],
    targetType: tg.targetType,
    protocolVersion: tg.protocol === 'HTTP' ? 'HTTP1' : undefined,
    ipAddressType: 'ipv4',
  });
}

export function encodeLoadBalancer(lb: LoadBalancer): JsonObject {
  return compact({
    loadBalancerArn: lb.arn,
    createdTime: instant(lb.createdAt),
    loadBalancerName: lb.name,
    scheme: lb.scheme,
    state: { code: 'active' },
    type: lb.type,
    ipAddressType: 'ipv4',
  });
}

export function encodeListener(listener: Listener): JsonObject {
  return {
    listenerArn: listener.arn,
    loadBalancerArn: listener.loadBalancerArn,
    port: listener.port,
    protocol: listener.protocol,
    defaultActions: [{ type: 'forward', targetGroupArn: listener.targetGroupArn, forwardConfig: { targetGroups: [{ targetGroupArn: listener.targetGroupArn, weight: 1 }] } }],
  };
}
