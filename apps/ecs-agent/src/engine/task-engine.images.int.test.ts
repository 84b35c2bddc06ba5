import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness, TEST_IMAGE } from './int-harness.js';

const exec = promisify(execFile);
const exists = (image: string) =>
  exec('docker', ['image', 'inspect', image]).then(
    () => true,
    () => false,
  );

/**
 * Image cleanup against the real daemon. Two tags of the test image stand for images this agent
 * pulled long ago (tagging costs no registry); only the one no container uses may go.
 */
describe('task engine on Docker: image cleanup (ECS_IMAGE_CLEANUP_*)', () => {
  const run = randomUUID().slice(0, 8);
  const unused = `berth/cleanup-unused:${run}`;
  const inUse = `berth/cleanup-in-use:${run}`;
  const longAgo = Date.now() - 24 * 3_600_000;
  let h: EngineHarness;

  beforeAll(async () => {
    for (const tag of [unused, inUse]) await exec('docker', ['tag', TEST_IMAGE, tag]);
    h = new EngineHarness({ imagePullBehavior: 'prefer-cached' }, { pulledImages: [unused, inUse].map((image) => ({ image, pulledAt: longAgo, lastUsedAt: longAgo })) });
    await h.engine.start();
  });
  afterAll(async () => {
    await h?.close();
    await exec('docker', ['image', 'rm', unused, inUse]).catch(() => undefined);
  });

  it('removes a pulled image no container uses, keeps one a task runs on, and never touches an image it did not pull', async () => {
    const task = h.start([h.def({ name: 'main', image: inUse, command: ['sleep', '300'] })]);
    await h.waitForStatus(task.taskArn, 'RUNNING');

    const removed = await h.engine.cleanUpImages({ minimumAgeMs: 3_600_000, maxPerCycle: 5 });
    expect(removed).toEqual([unused]);
    expect(await exists(unused)).toBe(false);
    expect(await exists(inUse)).toBe(true);
    expect(await exists(TEST_IMAGE)).toBe(true);
    expect(h.engine.pulledImages.pulledImages().map((p) => p.image)).toEqual([inUse]);
    // The next cycle finds nothing more to do while the task runs.
    expect(await h.engine.cleanUpImages({ minimumAgeMs: 0, maxPerCycle: 5 })).toEqual([]);
  });
});
