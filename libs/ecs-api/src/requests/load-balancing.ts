/**
 * Load balancing's requests: Elastic Load Balancing v2's (botocore elbv2/2015-12-01), members in
 * camelCase as every request here is. Structure only; the meaning is the application layer's.
 */
import { z } from 'zod';
import { integer, names, tags, text } from './common.js';

const paging = { marker: text.optional(), pageSize: integer.optional() };

const healthCheck = {
  healthCheckProtocol: text.optional(),
  healthCheckPort: text.optional(),
  healthCheckEnabled: z.boolean().optional(),
  healthCheckPath: text.optional(),
  healthCheckIntervalSeconds: integer.optional(),
  healthCheckTimeoutSeconds: integer.optional(),
  healthyThresholdCount: integer.optional(),
  unhealthyThresholdCount: integer.optional(),
  matcher: z.object({ httpCode: text.optional(), grpcCode: text.optional() }).optional(),
};

export const createTargetGroupRequest = z.object({
  name: text.optional(),
  protocol: text.optional(),
  protocolVersion: text.optional(),
  port: integer.optional(),
  vpcId: text.optional(),
  ...healthCheck,
  targetType: text.optional(),
  tags: tags.optional(),
  ipAddressType: text.optional(),
});
export const describeTargetGroupsRequest = z.object({ loadBalancerArn: text.optional(), targetGroupArns: names.optional(), names: names.optional(), ...paging });
export const modifyTargetGroupRequest = z.object({ targetGroupArn: text.optional(), ...healthCheck });
export const deleteTargetGroupRequest = z.object({ targetGroupArn: text.optional() });
const attribute = z.object({ key: text.optional(), value: text.optional() });
export const modifyTargetGroupAttributesRequest = z.object({ targetGroupArn: text.optional(), attributes: z.array(attribute).optional() });
export const describeTargetGroupAttributesRequest = z.object({ targetGroupArn: text.optional() });

export const createLoadBalancerRequest = z.object({
  name: text.optional(),
  subnets: names.optional(),
  subnetMappings: z.array(z.record(z.string(), z.unknown())).optional(),
  securityGroups: names.optional(),
  scheme: text.optional(),
  tags: tags.optional(),
  type: text.optional(),
  ipAddressType: text.optional(),
});
export const describeLoadBalancersRequest = z.object({ loadBalancerArns: names.optional(), names: names.optional(), ...paging });
export const deleteLoadBalancerRequest = z.object({ loadBalancerArn: text.optional() });

const action = z.object({
  type: text.optional(),
  targetGroupArn: text.optional(),
  order: integer.optional(),
  forwardConfig: z.object({ targetGroups: z.array(z.object({ targetGroupArn: text.optional(), weight: integer.optional() })).optional() }).optional(),
});
export const createListenerRequest = z.object({
  loadBalancerArn: text.optional(),
  protocol: text.optional(),
  port: integer.optional(),
  sslPolicy: text.optional(),
  certificates: z.array(z.record(z.string(), z.unknown())).optional(),
  defaultActions: z.array(action).optional(),
  alpnPolicy: names.optional(),
  tags: tags.optional(),
});
export const describeListenersRequest = z.object({ loadBalancerArn: text.optional(), listenerArns: names.optional(), ...paging });
export const deleteListenerRequest = z.object({ listenerArn: text.optional() });
