/** Berth's scheduler: pure, synchronous decisions. See README.md. */
export * from './placement/index.js';
export * from './reconcile/index.js';
