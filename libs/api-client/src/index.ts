/** Clients of the Berth gRPC API (the CLI's and the agent's) and the gRPC status → EcsError mapping. See README.md. */
export {
  createEcsClient,
  DEFAULT_DEADLINE_MS,
  ecsUnaryOperations,
  isEcsOperationName,
} from './ecs-client.js';
export type {
  CallOptions,
  EcsClient,
  EcsClientOptions,
  EcsOperationName,
  EcsOperations,
  EcsRequest,
  EcsResponse,
} from './ecs-client.js';
export { createAgentServiceClient } from './agent-client.js';
export { ConnectionError, defaultCertificateHint, defaultConnectionHint, ECS_ERROR_TYPE_METADATA_KEY, fromGrpcError } from './errors.js';
export type { FromGrpcErrorOptions } from './errors.js';
export { authorizationMetadata, channelCredentials, silenceIpServerNameWarning, type TlsOptions } from './tls.js';
