import type { Logger } from '@berth/log';
import type { ContainerRuntime } from './runtime.js';

/** An image this agent pulled, and when it last started a container from it. Only these are ever removed. */
export interface PulledImage {
  readonly image: string;
  /** Epoch milliseconds. */
  readonly pulledAt: number;
  readonly lastUsedAt: number;
}

export interface ImageCleanupPolicy {
  /** ECS_IMAGE_MINIMUM_CLEANUP_AGE: an image pulled more recently stays. */
  readonly minimumAgeMs: number;
  /** ECS_NUM_IMAGES_DELETE_PER_CYCLE. */
  readonly maxPerCycle: number;
}

/**
 * Which pulled images one cleanup cycle removes, as the ECS agent chooses them: images no container
 * of this agent's uses (running or stopped but not yet removed), pulled at least the minimum age
 * ago, least recently used first, at most `maxPerCycle`. Images the agent did not pull are never
 * candidates. Pure.
 */
export function imagesToRemove(pulled: readonly PulledImage[], inUse: Iterable<string>, now: number, policy: ImageCleanupPolicy): string[] {
  const used = new Set([...inUse].map(imageKey));
  return pulled
    .filter((p) => !used.has(imageKey(p.image)) && now - p.pulledAt >= policy.minimumAgeMs)
    .sort((a, b) => a.lastUsedAt - b.lastUsedAt || (a.image < b.image ? -1 : 1))
    .slice(0, policy.maxPerCycle)
    .map((p) => p.image);
}

/** Docker names an image `name` and `name:latest` alike; containers report what they were created with. */
export function imageKey(image: string): string {
  const lastSlash = image.lastIndexOf('/');
  return image.includes('@') || image.slice(lastSlash + 1).includes(':') ? image : `${image}:latest`;
}

/**
 * One cleanup cycle: removes what `imagesToRemove` picks and forgets each removed image (a later
 * task pulls it again). An image Docker refuses to remove (used by a container Berth does not
 * manage) is left and tried again next cycle.
 */
export async function cleanUpImages(deps: {
  runtime: ContainerRuntime;
  pulled: () => readonly PulledImage[];
  forget: (image: string) => void;
  policy: ImageCleanupPolicy;
  now: number;
  log?: Logger;
  signal: AbortSignal;
}): Promise<string[]> {
  const inUse = (await deps.runtime.listManagedContainers(deps.signal)).map((c) => c.image);
  const removed: string[] = [];
  for (const image of imagesToRemove(deps.pulled(), inUse, deps.now, deps.policy)) {
    try {
      await deps.runtime.removeImage(image, deps.signal);
      deps.forget(image);
      removed.push(image);
      deps.log?.info('removed unused image', { image });
    } catch (error) {
      deps.log?.warn('could not remove unused image; will try again', { image, error: (error as Error).message });
    }
  }
  return removed;
}
