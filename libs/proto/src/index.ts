/**
 * The gRPC contract as TypeScript: the service definitions loaded from proto/, the message types
 * generated from it (src/generated, made by `npm run gen:proto`, never edited by hand), the
 * messages' shapes, and the bridge between proto messages and ECS JSON.
 */
export { loadBerthGrpc, protoRoot } from './load.js';
export type { BerthGrpc } from './load.js';
export * from './timestamp.js';
export type * as wire from './generated/wire.js';
export type { EcsServiceMethods } from './generated/ecs-service-methods.js';
export { plainFromWire } from './plain.js';
export { berthSchema, schemaFromDefinition, TIMESTAMP_MESSAGE, type FieldSchema, type MessageSchema, type ScalarType, type Schema } from './schema.js';
export { fromProto, toProto, formatJson, type FromProtoOptions } from './ecs-json.js';
