import { parseGoDuration } from './duration.js';

/**
 * *(ours)* How long an instance's agent may stay disconnected before the instance counts as lost
 * and its service tasks are replaced elsewhere: the cluster setting `berthLostHostTimeout` (a Go
 * duration, from 10s to 168h), five minutes when unset. Standalone tasks are never replaced.
 */
export const LOST_HOST_TIMEOUT_SETTING = 'berthLostHostTimeout';
export const DEFAULT_LOST_HOST_TIMEOUT_MS = 5 * 60_000;
const MIN_MS = 10_000;
const MAX_MS = 168 * 3600_000;

/** The setting's value in milliseconds, or undefined when it is not a duration in range. */
export function parseLostHostTimeout(value: string): number | undefined {
  const ms = parseGoDuration(value);
  return ms !== undefined && ms >= MIN_MS && ms <= MAX_MS ? ms : undefined;
}

/** The cluster's lost-host timeout (a stored value was checked when it was set). */
export function lostHostTimeoutMs(settings: readonly { name: string; value: string }[]): number {
  const setting = settings.find((s) => s.name === LOST_HOST_TIMEOUT_SETTING);
  return (setting && parseLostHostTimeout(setting.value)) ?? DEFAULT_LOST_HOST_TIMEOUT_MS;
}

/** Lost: the agent is disconnected and was last heard from `timeoutMs` or longer ago. */
export function isLostHost(instance: { readonly agentConnected: boolean; readonly lastHeardAt?: Date }, now: Date, timeoutMs: number): boolean {
  return !instance.agentConnected && instance.lastHeardAt !== undefined && now.getTime() - instance.lastHeardAt.getTime() >= timeoutMs;
}
