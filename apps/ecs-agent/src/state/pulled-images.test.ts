import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepPulledImagesSaved, loadPulledImages, savePulledImages } from './pulled-images.js';

const NOW = 1_700_000_000_000;

describe('pulled images (ECS_IMAGE_PULL_BEHAVIOR=once, image cleanup)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pulled-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('round-trips, and treats a missing or corrupt file as none pulled', async () => {
    expect(loadPulledImages(dir, NOW)).toEqual([]);
    const records = [
      { image: 'b:1', pulledAt: 1, lastUsedAt: 2 },
      { image: 'a:1', pulledAt: 3, lastUsedAt: 4 },
    ];
    savePulledImages(dir, records);
    expect(loadPulledImages(dir, NOW)).toEqual([records[1], records[0]]);
    await writeFile(join(dir, 'ecs_agent_images.json'), '{nope');
    expect(loadPulledImages(dir, NOW)).toEqual([]);
  });

  it('reads the older list of names as images pulled and used now, and skips malformed entries', async () => {
    await writeFile(join(dir, 'ecs_agent_images.json'), JSON.stringify(['x:1', { image: 'y:1' }, 7, { image: 'z:1', pulledAt: 5, lastUsedAt: 6 }]));
    expect(loadPulledImages(dir, NOW)).toEqual([
      { image: 'x:1', pulledAt: NOW, lastUsedAt: NOW },
      { image: 'z:1', pulledAt: 5, lastUsedAt: 6 },
    ]);
  });

  it('flush writes only when the records changed', () => {
    const source = { changes: 0, images: [{ image: 'x:1', pulledAt: 1, lastUsedAt: 1 }], pulledImages() { return this.images; } };
    const keeper = keepPulledImagesSaved(dir, source, 60_000);
    keeper.flush();
    expect(loadPulledImages(dir, NOW)).toEqual([]);
    source.changes = 1;
    keeper.flush();
    expect(loadPulledImages(dir, NOW)).toEqual(source.images);
    source.images = [];
    keeper.flush();
    keeper.stop();
    expect(loadPulledImages(dir, NOW)).toHaveLength(1);
  });
});
