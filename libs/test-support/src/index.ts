/** Helpers for integration tests: real dependencies, started and thrown away per test file. */
export { startThrowawayPostgres, type ThrowawayPostgres } from './postgres.js';
export * from './processes.js';
export { makeTestPki, type TestPki } from './pki.js';
