import * as grpc from '@grpc/grpc-js';
import { EcsError, type EcsErrorName } from '@berth/domain';
import type { Logger } from '@berth/log';
import { isStoreUnavailable } from '@berth/state-store';

/** The one place ECS error names become gRPC status codes (style rule 8). */
const codeFor: Record<EcsErrorName, grpc.status> = {
  ClientException: grpc.status.INVALID_ARGUMENT,
  InvalidParameterException: grpc.status.INVALID_ARGUMENT,
  ClusterNotFoundException: grpc.status.NOT_FOUND,
  ServiceNotFoundException: grpc.status.NOT_FOUND,
  TargetNotFoundException: grpc.status.NOT_FOUND,
  ServiceNotActiveException: grpc.status.FAILED_PRECONDITION,
  ClusterContainsServicesException: grpc.status.FAILED_PRECONDITION,
  ClusterContainsTasksException: grpc.status.FAILED_PRECONDITION,
  ClusterContainsContainerInstancesException: grpc.status.FAILED_PRECONDITION,
  AttributeLimitExceededException: grpc.status.INVALID_ARGUMENT,
  ConflictException: grpc.status.ALREADY_EXISTS,
  AccessDeniedException: grpc.status.PERMISSION_DENIED,
  UnrecognizedClientException: grpc.status.UNAUTHENTICATED,
  MissingAuthenticationTokenException: grpc.status.UNAUTHENTICATED,
  InvalidSignatureException: grpc.status.UNAUTHENTICATED,
  ServerException: grpc.status.INTERNAL,
  ThrottlingException: grpc.status.RESOURCE_EXHAUSTED,
  UnsupportedFeatureException: grpc.status.UNIMPLEMENTED,
  ValidationException: grpc.status.INVALID_ARGUMENT,
  ObjectNotFoundException: grpc.status.NOT_FOUND,
  ResourceNotFoundException: grpc.status.NOT_FOUND,
  ResourceExistsException: grpc.status.ALREADY_EXISTS,
  InvalidRequestException: grpc.status.FAILED_PRECONDITION,
  ParameterNotFound: grpc.status.NOT_FOUND,
  ParameterAlreadyExists: grpc.status.ALREADY_EXISTS,
  ValidationError: grpc.status.INVALID_ARGUMENT,
  DuplicateTargetGroupName: grpc.status.ALREADY_EXISTS,
  TargetGroupNotFound: grpc.status.NOT_FOUND,
  DuplicateLoadBalancerName: grpc.status.ALREADY_EXISTS,
  LoadBalancerNotFound: grpc.status.NOT_FOUND,
  DuplicateListener: grpc.status.ALREADY_EXISTS,
  ListenerNotFound: grpc.status.NOT_FOUND,
  ResourceInUse: grpc.status.FAILED_PRECONDITION,
  IncompatibleProtocols: grpc.status.INVALID_ARGUMENT,
  UnsupportedProtocol: grpc.status.INVALID_ARGUMENT,
  InvalidLoadBalancerAction: grpc.status.INVALID_ARGUMENT,
  TargetGroupAssociationLimit: grpc.status.FAILED_PRECONDITION,
  InvalidConfigurationRequest: grpc.status.FAILED_PRECONDITION,
};

export const ECS_ERROR_METADATA_KEY = 'x-ecs-error-type';

/** What a caller hears while the database is away: nothing was done, and trying again is right. */
export const storeUnavailable = () => new EcsError('ServerException', 'The state store is unavailable; nothing was changed. Try again shortly.');

export function ecsErrorToStatus(error: EcsError): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  metadata.set(ECS_ERROR_METADATA_KEY, error.errorName);
  return { code: codeFor[error.errorName], details: error.message, metadata };
}

/**
 * Any thrown value → a status for the caller. Unknown errors become ServerException and are
 * logged once here, with the method that raised them; their text is not leaked to the client.
 */
export function toStatus(error: unknown, method: string, log: Logger): Partial<grpc.StatusObject> {
  if (error instanceof EcsError) return ecsErrorToStatus(error);
  if (isStoreUnavailable(error)) {
    log.warn('the state store is unavailable', { method, error });
    return { ...ecsErrorToStatus(storeUnavailable()), code: grpc.status.UNAVAILABLE };
  }
  log.error('unexpected error in handler', { method, error });
  return ecsErrorToStatus(new EcsError('ServerException', 'An internal error occurred; see the control plane log.'));
}
