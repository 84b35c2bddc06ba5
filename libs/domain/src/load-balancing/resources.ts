import type { Tag } from '../tags.js';

/**
 * Load balancing's resources, with Elastic Load Balancing v2's names: target groups (where a
 * service's tasks are registered and health-checked), load balancers, and their listeners (a port
 * forwarding to one target group). Berth's data plane is HAProxy, programmed by `berth-lb`.
 */

/** HTTP: an application load balancer's; TCP: a network load balancer's. */
export type LbProtocol = 'HTTP' | 'TCP';
/** instance: the host's address and the task's host port (bridge, host); ip: the task's own address (awsvpc). */
export type TargetType = 'instance' | 'ip';
export type LoadBalancerType = 'application' | 'network';
export type LoadBalancerScheme = 'internet-facing' | 'internal';

export interface TargetHealthCheck {
  readonly enabled: boolean;
  readonly protocol: LbProtocol;
  /** `traffic-port` (the target's own port) or a port number. */
  readonly port: string;
  /** HTTP only: the path requested, and the codes that count as healthy (`200`, `200,202`, `200-299`). */
  readonly path?: string;
  readonly matcher?: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThresholdCount: number;
  readonly unhealthyThresholdCount: number;
}

export interface TargetGroup {
  readonly arn: string;
  readonly name: string;
  readonly protocol: LbProtocol;
  readonly port: number;
  readonly targetType: TargetType;
  readonly healthCheck: TargetHealthCheck;
  /** Attribute `deregistration_delay.timeout_seconds`: how long a leaving target drains before its task stops. */
  readonly deregistrationDelaySeconds: number;
  readonly tags: readonly Tag[];
  readonly createdAt: Date;
}

export interface LoadBalancer {
  readonly arn: string;
  readonly name: string;
  readonly type: LoadBalancerType;
  readonly scheme: LoadBalancerScheme;
  readonly tags: readonly Tag[];
  readonly createdAt: Date;
}

export interface Listener {
  readonly arn: string;
  readonly loadBalancerArn: string;
  readonly port: number;
  readonly protocol: LbProtocol;
  /** The default action's target group (Berth's listeners forward; one target group per listener). */
  readonly targetGroupArn: string;
  readonly createdAt: Date;
}

/** A target group as Describe* answers it: with the load balancers whose listeners forward to it. */
export interface TargetGroupView {
  readonly targetGroup: TargetGroup;
  readonly loadBalancerArns: readonly string[];
}
