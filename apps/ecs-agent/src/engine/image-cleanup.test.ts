import { describe, expect, it } from 'vitest';
import { FakeRuntime } from './fake-runtime.js';
import { cleanUpImages, imageKey, imagesToRemove, type PulledImage } from './image-cleanup.js';

const H = 3_600_000;
const NOW = 100 * H;
const policy = { minimumAgeMs: 1 * H, maxPerCycle: 5 };
const img = (image: string, pulledHoursAgo: number, usedHoursAgo = pulledHoursAgo): PulledImage => ({ image, pulledAt: NOW - pulledHoursAgo * H, lastUsedAt: NOW - usedHoursAgo * H });

describe('imagesToRemove', () => {
  it.each<[string, PulledImage[], string[], Partial<typeof policy>, string[]]>([
    ['an unused image past the minimum age goes', [img('a:1', 2)], [], {}, ['a:1']],
    ['one pulled more recently than the minimum age stays', [img('a:1', 0.5)], [], {}, []],
    ['one a container uses stays, even a stopped one', [img('a:1', 9)], ['a:1'], {}, []],
    ['`name` and `name:latest` are the same image', [img('web', 9), img('api:latest', 9)], ['web:latest', 'api'], {}, []],
    ['least recently used first, at most the per-cycle count', [img('new:1', 9, 2), img('old:1', 9, 8), img('mid:1', 9, 5)], [], { maxPerCycle: 2 }, ['old:1', 'mid:1']],
    ['a minimum age of 0 lets a just-pulled image go', [img('a:1', 0)], [], { minimumAgeMs: 0 }, ['a:1']],
    ['nothing pulled, nothing removed', [], ['x:1'], {}, []],
  ])('%s', (_name, pulled, inUse, over, expected) => {
    expect(imagesToRemove(pulled, inUse, NOW, { ...policy, ...over })).toEqual(expected);
  });

  it.each([
    ['busybox', 'busybox:latest'],
    ['busybox:1.36', 'busybox:1.36'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['localhost:5000/app:2', 'localhost:5000/app:2'],
    ['app@sha256:abc', 'app@sha256:abc'],
  ])('imageKey(%s) = %s', (image, key) => expect(imageKey(image)).toBe(key));
});

describe('cleanUpImages', () => {
  it('removes what the policy picks, forgets it, and leaves an image Docker refuses to remove for the next cycle', async () => {
    const runtime = new FakeRuntime();
    runtime.images.add('old:1');
    runtime.images.add('busy:1');
    await runtime.createContainer({ name: 'unmanaged-by-berth', image: 'busy:1' } as never);
    const forgotten: string[] = [];
    const pulled = [img('old:1', 9), img('busy:1', 9)];
    // The fake lists every container as managed; make busy:1 look unused to the planner so Docker's refusal is exercised.
    runtime.listManagedContainers = async () => [];
    const removed = await cleanUpImages({ runtime, pulled: () => pulled, forget: (i) => forgotten.push(i), policy, now: NOW, signal: AbortSignal.timeout(1_000) });
    expect(removed).toEqual(['old:1']);
    expect(forgotten).toEqual(['old:1']);
    expect(runtime.images.has('old:1')).toBe(false);
    expect(runtime.images.has('busy:1')).toBe(true);
  });
});
