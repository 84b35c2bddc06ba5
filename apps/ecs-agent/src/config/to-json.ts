/** configToJson: the effective configuration for `ecs-agent --check-config`. */

import { formatGoDuration } from '@berth/domain';
import type { AgentConfig, ResolvedConfig } from './types.js';

type DurationKey = {
  [K in keyof AgentConfig]-?: K extends `${string}Ms` ? K : never;
}[keyof AgentConfig];

const DURATION_KEYS: readonly DurationKey[] = [
  'containerStopTimeoutMs',
  'containerStartTimeoutMs',
  'containerCreateTimeoutMs',
  'imagePullTimeoutMs',
  'taskCleanupWaitMs',
  'imageCleanupIntervalMs',
  'imageMinimumCleanupAgeMs',
  'metricsIntervalMs',
];

function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Stable, readable JSON (2-space indent): `config` is the AgentConfig itself (so it round-trips),
 * `durations` repeats the duration fields as Go-style strings, then `sources` (sorted by key)
 * and `warnings`.
 */
export function configToJson(resolved: ResolvedConfig): string {
  const { config } = resolved;
  const durations = Object.fromEntries(
    DURATION_KEYS.map((key) => [key.slice(0, -'Ms'.length), formatGoDuration(config[key])]),
  );
  const doc = {
    config: {
      ...config,
      // A join token is a secret: say that it is set, never what it is.
      ...(config.joinToken ? { joinToken: '(set; not shown)' } : {}),
      // Registry passwords likewise: only which registries have them.
      ...(config.engineAuth ? { engineAuth: `(set for ${[...config.engineAuth.keys()].join(', ')}; not shown)` } : {}),
      instanceAttributes: sortedRecord(config.instanceAttributes),
      containerInstanceTags: sortedRecord(config.containerInstanceTags),
    },
    durations,
    sources: sortedRecord(resolved.sources),
    warnings: resolved.warnings,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
