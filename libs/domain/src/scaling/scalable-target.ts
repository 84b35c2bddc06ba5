import { validationError } from './capacity.js';
import type { ArnScope } from '../arn.js';

/**
 * What Berth scales: an ECS service's desired count, named as Application Auto Scaling names it
 * (namespace `ecs`, resource id `service/<cluster>/<service>`, dimension `ecs:service:DesiredCount`).
 */

export const ECS_NAMESPACE = 'ecs';
export const ECS_DESIRED_COUNT = 'ecs:service:DesiredCount';

export interface ServiceResource {
  readonly cluster: string;
  readonly service: string;
}

export function checkScalableDimension(serviceNamespace: string, scalableDimension?: string): void {
  if (serviceNamespace !== ECS_NAMESPACE) {
    throw validationError(`ServiceNamespace must be ${ECS_NAMESPACE}: Berth scales ECS services only; got ${JSON.stringify(serviceNamespace)}.`);
  }
  if (scalableDimension !== undefined && scalableDimension !== ECS_DESIRED_COUNT) {
    throw validationError(`ScalableDimension must be ${ECS_DESIRED_COUNT} for namespace ecs; got ${JSON.stringify(scalableDimension)}.`);
  }
}

const NAME = /^[A-Za-z0-9_-]{1,255}$/;

export function parseServiceResourceId(resourceId: string): ServiceResource {
  const parts = resourceId.split('/');
  const [kind, cluster = '', service = ''] = parts;
  if (parts.length !== 3 || kind !== 'service' || !NAME.test(cluster) || !NAME.test(service)) {
    throw validationError(`ResourceId must be service/<cluster name>/<service name>; got ${JSON.stringify(resourceId)}.`);
  }
  return { cluster, service };
}

export function serviceResourceId({ cluster, service }: ServiceResource): string {
  return `service/${cluster}/${service}`;
}

/** ARNs as Application Auto Scaling writes them; `id` is a random identifier the caller supplies. */
export const scalableTargetArn = (scope: ArnScope, id: string) => `arn:aws:application-autoscaling:${scope.region}:${scope.account}:scalable-target/${id}`;
export const scalingPolicyArn = (scope: ArnScope, id: string, resource: ServiceResource, name: string) =>
  `arn:aws:autoscaling:${scope.region}:${scope.account}:scalingPolicy:${id}:resource/ecs/${serviceResourceId(resource)}:policyName/${name}`;
export const scheduledActionArn = (scope: ArnScope, id: string, resource: ServiceResource, name: string) =>
  `arn:aws:autoscaling:${scope.region}:${scope.account}:scheduledAction:${id}:resource/ecs/${serviceResourceId(resource)}:scheduledActionName/${name}`;
/** The service-linked role ECS scaling runs as; Berth has no IAM, so this only names it. */
export const ecsScalingRoleArn = (scope: ArnScope) =>
  `arn:aws:iam::${scope.account}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`;
