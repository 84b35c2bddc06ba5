/**
 * The gRPC contract as TypeScript: the service definitions loaded from proto/ and the message types
 * generated from it (src/generated, made by `npm run gen:proto`, never edited by hand).
 */
export { loadBerthGrpc, protoRoot } from './load.js';
export type { BerthGrpc } from './load.js';
export * from './timestamp.js';
export type * as wire from './generated/wire.js';
export { plainFromWire } from './plain.js';
