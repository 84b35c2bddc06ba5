export * from './secret.js';
export * from './names.js';
export * from './value-from.js';
export * from './registry-credentials.js';
export * from './engine-auth.js';
