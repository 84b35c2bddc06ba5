/**
 * Named ECS errors. Each carries the ECS error name so every edge (gRPC status, CLI line, later the
 * ECS JSON endpoint) can tell them apart; the mapping to gRPC codes lives in one place
 * (apps/control-plane/src/grpc/errors.ts) and back to errors in one client file.
 */
export const ecsErrorNames = [
  'ClientException',
  'InvalidParameterException',
  'ClusterNotFoundException',
  'ServiceNotFoundException',
  'ServiceNotActiveException',
  'TargetNotFoundException',
  'ClusterContainsServicesException',
  'ClusterContainsTasksException',
  'ClusterContainsContainerInstancesException',
  'AttributeLimitExceededException',
  'ConflictException',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'MissingAuthenticationTokenException',
  'InvalidSignatureException',
  'ServerException',
  'ThrottlingException',
  'UnsupportedFeatureException',
  // Application Auto Scaling's own names for a bad request and an unknown resource.
  'ValidationException',
  'ObjectNotFoundException',
  // Secrets Manager's and SSM's names.
  'ResourceNotFoundException',
  'ResourceExistsException',
  'InvalidRequestException',
  'ParameterNotFound',
  'ParameterAlreadyExists',
  // Elastic Load Balancing's (its codes have no Exception suffix).
  'ValidationError',
  'DuplicateTargetGroupName',
  'TargetGroupNotFound',
  'DuplicateLoadBalancerName',
  'LoadBalancerNotFound',
  'DuplicateListener',
  'ListenerNotFound',
  'ResourceInUse',
  'IncompatibleProtocols',
  'UnsupportedProtocol',
  'InvalidLoadBalancerAction',
  'TargetGroupAssociationLimit',
  'InvalidConfigurationRequest',
] as const;
export type EcsErrorName = (typeof ecsErrorNames)[number];

export function isEcsErrorName(value: string): value is EcsErrorName {
  return (ecsErrorNames as readonly string[]).includes(value);
}

export class EcsError extends Error {
  constructor(
    readonly errorName: EcsErrorName,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = errorName;
  }
}

export const invalidParameter = (message: string): EcsError => new EcsError('InvalidParameterException', message);
export const clientError = (message: string): EcsError => new EcsError('ClientException', message);
export const clusterNotFound = (): EcsError => new EcsError('ClusterNotFoundException', 'Cluster not found.');
