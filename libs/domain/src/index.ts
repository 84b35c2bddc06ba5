/** Berth's domain: types and rules with no I/O. See README.md. */
export * from './errors.js';
export * from './names.js';
export * from './arn.js';
export * from './attributes.js';
export * from './resources.js';
export * from './statuses.js';
export * from './entities.js';
export * from './duration.js';
export * from './tags.js';
export * from './time.js';
export * from './lost-host.js';
export * from './tasks/index.js';
export * from './services/index.js';
export * from './query/index.js';
export * from './security/index.js';
export * from './scaling/index.js';
export * from './secrets/index.js';
