/** Test helpers for code above the store: both backends, and fixtures. Not part of the runtime API. */
import type { Store } from '../open-store.js';
import { backends, type StoreBackend } from './backends.js';

export type { StoreBackend } from './backends.js';
export { t0, at, newId } from './fixtures.js';

/** PostgreSQL and PGlite, for `describe.each(storeBackends)` in application tests. */
export const storeBackends: readonly [Store['kind'], () => Promise<StoreBackend>][] = backends;
