/** Merges config files and the environment into one raw setting per key, remembering the source. */

import { parseConfigFile } from './parse-file.js';
import type { ConfigSource } from './types.js';

export const ENVIRONMENT_SOURCE = 'environment';
export const DEFAULT_SOURCE = 'default';

export interface RawSetting {
  readonly value: string;
  /** File path or 'environment'. */
  readonly source: string;
}

export interface MergedSettings {
  readonly settings: ReadonlyMap<string, RawSetting>;
  readonly warnings: readonly string[];
}

/** Only these variables are taken from the process environment. */
export function isEnvConfigKey(key: string): boolean {
  return key.startsWith('ECS_') || key === 'DOCKER_HOST';
}

/**
 * Files in order (later wins; absent files are skipped), then the environment over both.
 * An empty value counts as unset at every layer, so it never hides a value from an earlier layer.
 */
export function mergeSettings(
  files: readonly ConfigSource[],
  env: Readonly<Record<string, string | undefined>>,
): MergedSettings {
  const settings = new Map<string, RawSetting>();
  const warnings: string[] = [];
  for (const file of files) {
    if (file.text === undefined) continue;
    const parsed = parseConfigFile(file.path, file.text);
    for (const warning of parsed.warnings) warnings.push(warning);
    for (const [key, value] of parsed.entries) {
      if (value !== '') settings.set(key, { value, source: file.path });
    }
  }
  for (const [key, raw] of Object.entries(env)) {
    if (!isEnvConfigKey(key) || raw === undefined) continue;
    const value = raw.trim();
    if (value !== '') settings.set(key, { value, source: ENVIRONMENT_SOURCE });
  }
  return { settings, warnings };
}
