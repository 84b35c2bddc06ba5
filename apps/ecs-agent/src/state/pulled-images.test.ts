import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepPulledImagesSaved, loadPulledImages, savePulledImages } from './pulled-images.js';

describe('pulled images (ECS_IMAGE_PULL_BEHAVIOR=once)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pulled-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('round-trips, and treats a missing or corrupt file as none pulled', async () => {
    expect(loadPulledImages(dir)).toEqual([]);
    savePulledImages(dir, ['b:1', 'a:1']);
    expect(loadPulledImages(dir)).toEqual(['a:1', 'b:1']);
    await writeFile(join(dir, 'ecs_agent_images.json'), '{nope');
    expect(loadPulledImages(dir)).toEqual([]);
  });

  it('flush writes only when the set grew', () => {
    let images = ['x:1'];
    const keeper = keepPulledImagesSaved(dir, () => images, 60_000);
    keeper.flush();
    expect(loadPulledImages(dir)).toEqual(['x:1']);
    images = ['x:1', 'y:2'];
    keeper.flush();
    keeper.stop();
    expect(loadPulledImages(dir)).toEqual(['x:1', 'y:2']);
  });
});
