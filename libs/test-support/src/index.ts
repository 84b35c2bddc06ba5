/** Helpers for integration tests: real dependencies, started and thrown away per test file. */
export { startPrivatePostgres, startThrowawayPostgres, type RestartablePostgres, type ThrowawayPostgres } from './postgres.js';
export * from './processes.js';
export { makeTestPki, type TestPki } from './pki.js';
export { ecsJson, send as sendEcsJson, signedCall as signEcsJson, type KeyPair, type RawAnswer, type RawOptions } from './ecs-json-client.js';
export { startFaultProxy, type FaultProxy } from './fault-proxy.js';
