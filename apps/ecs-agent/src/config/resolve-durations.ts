/** Duration keys: Go duration syntax, with the agent's defaults and clamps. */

import type { ResolveContext } from './context.js';
import { HOUR_MS, MINUTE_MS, SECOND_MS } from './defaults.js';
import { formatGoDuration, parseGoDuration } from '@berth/domain';

export interface DurationRule {
  readonly key: string;
  readonly defaultMs: number;
  /** Values below this are replaced (with a warning) according to `belowMin`. */
  readonly minMs: number;
  /** 'clamp' → use minMs; 'default' → use defaultMs. */
  readonly belowMin: 'clamp' | 'default';
  /** Exactly 0 silently means "use the default" (ECS_CONTAINER_STOP_TIMEOUT). */
  readonly zeroMeansDefault?: boolean;
}

export const DURATION_RULES = {
  containerStopTimeoutMs: {
    key: 'ECS_CONTAINER_STOP_TIMEOUT',
    defaultMs: 30 * SECOND_MS,
    minMs: SECOND_MS,
    belowMin: 'clamp',
    zeroMeansDefault: true,
  },
  containerStartTimeoutMs: {
    key: 'ECS_CONTAINER_START_TIMEOUT',
    defaultMs: 3 * MINUTE_MS,
    minMs: 45 * SECOND_MS,
    belowMin: 'clamp',
  },
  containerCreateTimeoutMs: {
    key: 'ECS_CONTAINER_CREATE_TIMEOUT',
    defaultMs: 4 * MINUTE_MS,
    minMs: MINUTE_MS,
    belowMin: 'clamp',
  },
  // A pull timeout of zero or less would fail every pull; treat it as a bad value.
  imagePullTimeoutMs: {
    key: 'ECS_IMAGE_PULL_TIMEOUT',
    defaultMs: 2 * HOUR_MS,
    minMs: 1,
    belowMin: 'default',
  },
  taskCleanupWaitMs: {
    key: 'ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION',
    defaultMs: 3 * HOUR_MS,
    minMs: SECOND_MS,
    belowMin: 'default',
  },
  imageCleanupIntervalMs: {
    key: 'ECS_IMAGE_CLEANUP_INTERVAL',
    defaultMs: 30 * MINUTE_MS,
    minMs: 10 * MINUTE_MS,
    belowMin: 'default',
  },
  imageMinimumCleanupAgeMs: {
    key: 'ECS_IMAGE_MINIMUM_CLEANUP_AGE',
    defaultMs: HOUR_MS,
    minMs: 0,
    belowMin: 'default',
  },
  metricsIntervalMs: {
    key: 'ECS_POLLING_METRICS_WAIT_DURATION',
    defaultMs: 10 * SECOND_MS,
    minMs: SECOND_MS,
    belowMin: 'default',
  },
} as const satisfies Record<string, DurationRule>;

export type DurationField = keyof typeof DURATION_RULES;

/** Reads one duration key, applying its default and clamp rules. */
export function resolveDuration(ctx: ResolveContext, rule: DurationRule): number {
  const setting = ctx.read(rule.key);
  if (setting === undefined) return rule.defaultMs;
  const defaultText = `the default ${formatGoDuration(rule.defaultMs)}`;
  const ms = parseGoDuration(setting.value);
  if (ms === undefined) {
    ctx.warn(setting, 'is not a valid Go duration (for example 30s, 5m or 1h30m)', defaultText);
    return rule.defaultMs;
  }
  if (ms === 0 && rule.zeroMeansDefault === true) return rule.defaultMs;
  if (ms < rule.minMs) {
    const minText = formatGoDuration(rule.minMs);
    const problem = rule.minMs === 0 ? 'is negative' : `is below the minimum ${minText}`;
    if (rule.belowMin === 'clamp') {
      ctx.warn(setting, problem, `the minimum ${minText}`);
      return rule.minMs;
    }
    ctx.warn(setting, problem, defaultText);
    return rule.defaultMs;
  }
  return ms;
}

export function resolveDurations(ctx: ResolveContext): Record<DurationField, number> {
  const out = {} as Record<DurationField, number>;
  for (const field of Object.keys(DURATION_RULES) as DurationField[]) {
    out[field] = resolveDuration(ctx, DURATION_RULES[field]);
  }
  return out;
}
