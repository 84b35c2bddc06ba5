/** Shared helpers for the config tests (not exported from index.ts). */

import { ConfigError } from './errors.js';
import { resolveAgentConfig } from './resolve.js';
import type { ResolvedConfig } from './types.js';

/** Resolves with only environment variables (no files, no kernel port range). */
export function fromEnv(env: Record<string, string>): ResolvedConfig {
  return resolveAgentConfig({ files: [], env });
}

/** Runs `fn`, expecting a ConfigError, and returns it. */
export function expectConfigError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}
