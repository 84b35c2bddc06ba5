/** Berth's state store: schema, migrations and one repository per resource. See README.md. */
export { openStore, DEFAULT_DATA_DIR, type OpenStoreOptions, type Store } from './open-store.js';
export { migrateToLatest, migrateDown } from './migrate.js';
export type { Notifier } from './notifier.js';
export { PGliteDialect } from './dialect/pglite.js';
export type { Database, TagRow, AttributeSource } from './schema.js';
export * from './repositories/clusters.js';
export * from './repositories/container-instances.js';
export * from './repositories/instance-attributes.js';
export * from './repositories/task-definitions.js';
export * from './repositories/tasks.js';
export * from './repositories/run-task-tokens.js';
export * from './repositories/services.js';
export * from './repositories/deployments.js';
