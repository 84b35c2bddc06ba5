import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'ecs_agent_images.json';

/**
 * Images this agent has pulled, kept in ECS_DATADIR so ECS_IMAGE_PULL_BEHAVIOR=once means once per
 * host, not once per agent process. A missing or unreadable file only costs an extra pull.
 */
export function loadPulledImages(dataDir: string): string[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8'));
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function savePulledImages(dataDir: string, images: readonly string[]): void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify([...images].sort()));
  renameSync(`${path}.tmp`, path);
}

/** Saves the set whenever it grew, checked on a timer (a crash in between costs one extra pull). */
export function keepPulledImagesSaved(dataDir: string, current: () => string[], periodMs = 5_000): { flush(): void; stop(): void } {
  let saved = loadPulledImages(dataDir).length;
  const flush = () => {
    const images = current();
    if (images.length === saved) return;
    savePulledImages(dataDir, images);
    saved = images.length;
  };
  const timer = setInterval(flush, periodMs);
  timer.unref();
  return { flush, stop: () => clearInterval(timer) };
}
