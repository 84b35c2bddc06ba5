/** The ECS API in Berth's terms: the operation table, request shapes, and the ECS-JSON codec. See README.md. */
export * from './operations.js';
export { decodeRequest } from './decode.js';
export { encodeCluster } from './codec/clusters.js';
export { encodeAttribute, encodeContainerInstance, encodeResources } from './codec/container-instances.js';
export { encodeFailure, type Failure } from './codec/failures.js';
export { compact, instant, type JsonObject } from './codec/json.js';
export { encodeService, type ServiceView } from './codec/services.js';
export { encodeContainerDefinition, encodeTaskDefinition } from './codec/task-definitions.js';
export { encodeOverrides, encodeTask, type TaskConnectivity } from './codec/tasks.js';
export { encodeAccessKey, encodeAuditEvent, encodeJoinToken, type AuditEventView, type JoinTokenStatus } from './codec/security.js';
export { camelCaseKeys, pascalCaseKeys, type ArnSpelling } from './codec/pascal-case.js';
