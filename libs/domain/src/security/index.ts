export * from './roles.js';
export * from './access-keys.js';
export * from './join-tokens.js';
export * from './cluster-policy.js';
export * from './loopback.js';
