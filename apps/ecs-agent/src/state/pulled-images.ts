import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PulledImage } from '../engine/image-cleanup.js';

const FILE = 'ecs_agent_images.json';

/**
 * Images this agent has pulled and when each was last used, kept in ECS_DATADIR so
 * ECS_IMAGE_PULL_BEHAVIOR=once means once per host and image cleanup survives restarts. A missing
 * or unreadable file only costs an extra pull. The older form — a list of names — reads as images
 * pulled and used `now`, so an upgrade never removes an image at once.
 */
export function loadPulledImages(dataDir: string, now: number): PulledImage[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8'));
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((entry: unknown): PulledImage[] => {
    if (typeof entry === 'string') return [{ image: entry, pulledAt: now, lastUsedAt: now }];
    const e = entry as Partial<PulledImage> | null;
    if (e && typeof e.image === 'string' && Number.isFinite(e.pulledAt) && Number.isFinite(e.lastUsedAt)) {
      return [{ image: e.image, pulledAt: e.pulledAt!, lastUsedAt: e.lastUsedAt! }];
    }
    return [];
  });
}

export function savePulledImages(dataDir: string, images: readonly PulledImage[]): void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify([...images].sort((a, b) => (a.image < b.image ? -1 : 1))));
  renameSync(`${path}.tmp`, path);
}

/** Saves the records whenever they changed, checked on a timer (a crash in between costs one extra pull). */
export function keepPulledImagesSaved(
  dataDir: string,
  source: { readonly changes: number; pulledImages(): readonly PulledImage[] },
  periodMs = 5_000,
  write: (what: string, save: () => void) => void = (_what, save) => save(),
): { flush(): void; stop(): void } {
  let saved = source.changes;
  const flush = () => {
    if (source.changes === saved) return;
    saved = source.changes;
    const images = source.pulledImages();
    write('pulled images', () => savePulledImages(dataDir, images));
  };
  const timer = setInterval(flush, periodMs);
  timer.unref();
  return { flush, stop: () => clearInterval(timer) };
}
