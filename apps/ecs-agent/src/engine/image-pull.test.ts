import { describe, expect, it } from 'vitest';
import type { ImagePullBehavior } from '../config/types.js';
import { CannotPullError, ImagePuller, shouldPull } from './image-pull.js';
import type { ContainerRuntime } from './runtime.js';

describe('shouldPull', () => {
  const cases: [ImagePullBehavior, boolean, boolean, boolean][] = [
    ['default', true, true, true],
    ['default', false, false, true],
    ['always', true, true, true],
    ['once', false, false, true],
    ['once', true, false, true],
    ['once', true, true, false],
    ['once', false, true, true], // pulled before but removed since
    ['prefer-cached', true, false, false],
    ['prefer-cached', false, true, true],
  ];
  it.each(cases)('%s (cached %s, pulled before %s) → %s', (behavior, cached, pulledBefore, expected) => {
    expect(shouldPull(behavior, cached, pulledBefore)).toBe(expected);
  });
});

/** Only the image calls matter here. */
function fakeRuntime(options: { cached: Set<string>; failPull?: string; pullMs?: number }) {
  const pulls: string[] = [];
  const runtime = {
    imageExists: async (image: string) => options.cached.has(image),
    pullImage: async (image: string, signal: AbortSignal, auth?: { username: string }) => {
      pulls.push(auth ? `${image} as ${auth.username}` : image);
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, options.pullMs ?? 0);
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          reject(signal.reason as Error);
        });
      });
      if (options.failPull) throw new Error(options.failPull);
      options.cached.add(image);
    },
  } as unknown as ContainerRuntime;
  return { runtime, pulls };
}

const signal = new AbortController().signal;
let clock = 0;
const now = () => (clock += 10);

describe('ImagePuller', () => {
  it('pulls with the registry credentials it is given', async () => {
    const { runtime, pulls } = fakeRuntime({ cached: new Set() });
    await new ImagePuller(runtime, 'default', 1_000, now).ensure('registry.local:5000/app', signal, { username: 'ci', password: 'p' });
    expect(pulls).toEqual(['registry.local:5000/app as ci']);
  });

  it('default: falls back to a cached image when the pull fails', async () => {
    const { runtime } = fakeRuntime({ cached: new Set(['img']), failPull: 'registry down' });
    const outcome = await new ImagePuller(runtime, 'default', 1_000, now).ensure('img', signal);
    expect(outcome.pullStartedAt).toBeLessThan(outcome.pullStoppedAt!);
  });

  it('default: fails with CannotPullContainerError when nothing is cached', async () => {
    const { runtime } = fakeRuntime({ cached: new Set(), failPull: 'manifest unknown' });
    const error = await new ImagePuller(runtime, 'default', 1_000, now).ensure('img', signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CannotPullError);
    expect((error as Error).message).toBe('CannotPullContainerError: manifest unknown');
    expect((error as CannotPullError).pullStoppedAt).toBeGreaterThan((error as CannotPullError).pullStartedAt);
  });

  it('always: a failed pull fails even with a cached image', async () => {
    const { runtime } = fakeRuntime({ cached: new Set(['img']), failPull: 'denied' });
    await expect(new ImagePuller(runtime, 'always', 1_000, now).ensure('img', signal)).rejects.toThrow('CannotPullContainerError: denied');
  });

  it('once: pulls the first time only, remembering across a restart via pulledImages()', async () => {
    const { runtime, pulls } = fakeRuntime({ cached: new Set() });
    const puller = new ImagePuller(runtime, 'once', 1_000, now);
    await puller.ensure('img', signal);
    expect(await puller.ensure('img', signal)).toEqual({});
    expect(pulls).toEqual(['img']);
    const restarted = new ImagePuller(runtime, 'once', 1_000, now, puller.pulledImages());
    expect(await restarted.ensure('img', signal)).toEqual({});
  });

  it('records when an image was pulled and last used, and forgets a removed one (which is pulled again)', async () => {
    let clock = 1_000;
    const { runtime, pulls } = fakeRuntime({ cached: new Set() });
    const puller = new ImagePuller(runtime, 'once', 1_000, () => clock);
    await puller.ensure('img', signal);
    clock = 5_000;
    await puller.ensure('img', signal);
    expect(puller.pulledImages()).toEqual([{ image: 'img', pulledAt: 1_000, lastUsedAt: 5_000 }]);
    const before = puller.changes;
    puller.forget('img');
    expect(puller.changes).toBeGreaterThan(before);
    await puller.ensure('img', signal);
    expect(pulls).toEqual(['img', 'img']);
  });

  it('does not record images it never pulled (prefer-cached found them present)', async () => {
    const { runtime } = fakeRuntime({ cached: new Set(['local']) });
    const puller = new ImagePuller(runtime, 'prefer-cached', 1_000, now);
    await puller.ensure('local', signal);
    expect(puller.pulledImages()).toEqual([]);
  });

  it('prefer-cached: never pulls an image that is present', async () => {
    const { runtime, pulls } = fakeRuntime({ cached: new Set(['img']) });
    expect(await new ImagePuller(runtime, 'prefer-cached', 1_000, now).ensure('img', signal)).toEqual({});
    expect(pulls).toEqual([]);
  });

  it('shares one pull between tasks asking at the same time', async () => {
    const { runtime, pulls } = fakeRuntime({ cached: new Set(), pullMs: 20 });
    const puller = new ImagePuller(runtime, 'always', 1_000, now);
    await Promise.all([puller.ensure('img', signal), puller.ensure('img', signal)]);
    expect(pulls).toEqual(['img']);
  });

  it('gives up after ECS_IMAGE_PULL_TIMEOUT', async () => {
    const { runtime } = fakeRuntime({ cached: new Set(), pullMs: 5_000 });
    const started = Date.now();
    await expect(new ImagePuller(runtime, 'always', 50, now).ensure('img', signal)).rejects.toThrow(/timed out \(ECS_IMAGE_PULL_TIMEOUT\)/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
