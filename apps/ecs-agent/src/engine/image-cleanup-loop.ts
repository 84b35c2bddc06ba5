import type { Logger } from '@berth/log';
import type { ImageCleanupPolicy } from './image-cleanup.js';

/**
 * ECS_IMAGE_CLEANUP_INTERVAL: every interval, one cleanup cycle (ECS_IMAGE_MINIMUM_CLEANUP_AGE,
 * ECS_NUM_IMAGES_DELETE_PER_CYCLE); cycles never overlap, and a failed one is logged and retried on
 * the next interval.
 */
export function startImageCleanup(
  engine: { cleanUpImages(policy: ImageCleanupPolicy): Promise<string[]> },
  config: { imageCleanupIntervalMs: number; imageMinimumCleanupAgeMs: number; numImagesDeletePerCycle: number },
  log: Logger,
): { stop(): void } {
  const policy = { minimumAgeMs: config.imageMinimumCleanupAgeMs, maxPerCycle: config.numImagesDeletePerCycle };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    engine
      .cleanUpImages(policy)
      .catch((error: unknown) => log.warn('image cleanup failed; trying again next interval', { error }))
      .finally(() => {
        running = false;
      });
  }, config.imageCleanupIntervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
