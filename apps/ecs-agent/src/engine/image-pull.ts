import type { ImagePullBehavior } from '../config/types.js';
import type { PulledImage } from './image-cleanup.js';
import { withTimeout, type ContainerRuntime, type RegistryCredentials } from './runtime.js';

/**
 * ECS_IMAGE_PULL_BEHAVIOR, as the ECS agent implements it:
 * - `default`: pull; when the pull fails, a cached copy is good enough;
 * - `always`: pull; a failed pull fails the container;
 * - `once`: pull only when this agent never pulled the image, or it was removed since;
 * - `prefer-cached`: pull only when the image is absent.
 */
export function shouldPull(behavior: ImagePullBehavior, cached: boolean, pulledBefore: boolean): boolean {
  switch (behavior) {
    case 'default':
    case 'always':
      return true;
    case 'once':
      return !pulledBefore || !cached;
    case 'prefer-cached':
      return !cached;
  }
}

/** Only `default` falls back to a cached copy when a pull fails. */
export const fallsBackToCache = (behavior: ImagePullBehavior): boolean => behavior === 'default';

export class CannotPullError extends Error {
  constructor(
    readonly image: string,
    detail: string,
    /** When the failed pull began and ended, still reported upstream. */
    readonly pullStartedAt: number,
    readonly pullStoppedAt: number,
    options?: ErrorOptions,
  ) {
    super(`CannotPullContainerError: ${detail}`, options);
    this.name = 'CannotPullError';
  }
}

export interface PullOutcome {
  /** Set when a pull was attempted: the task reports pullStartedAt / pullStoppedAt. */
  readonly pullStartedAt?: number;
  readonly pullStoppedAt?: number;
}

/**
 * Applies the pull behaviour with ECS_IMAGE_PULL_TIMEOUT. Remembers the images it pulled and when
 * each was last used (for `once`, and for image cleanup; the caller persists `pulledImages()` when
 * `changes` moves), and shares one pull between tasks asking for the same image at the same time.
 */
export class ImagePuller {
  private readonly pulled: Map<string, PulledImage>;
  private readonly inFlight = new Map<string, Promise<void>>();
  private changeCount = 0;

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly behavior: ImagePullBehavior,
    private readonly timeoutMs: number,
    private readonly now: () => number,
    pulledBefore: Iterable<PulledImage> = [],
  ) {
    this.pulled = new Map([...pulledBefore].map((p) => [p.image, p]));
  }

  pulledImages(): PulledImage[] {
    return [...this.pulled.values()];
  }

  /** Moves whenever the records change, so a saver knows when to write. */
  get changes(): number {
    return this.changeCount;
  }

  /** The image was removed: a task that needs it pulls it again, whatever the behaviour. */
  forget(image: string): void {
    if (this.pulled.delete(image)) this.changeCount++;
  }

  async ensure(image: string, signal: AbortSignal, auth?: RegistryCredentials): Promise<PullOutcome> {
    const cached = this.behavior === 'default' || this.behavior === 'always' ? undefined : await this.runtime.imageExists(image, signal);
    if (!shouldPull(this.behavior, cached ?? false, this.pulled.has(image))) {
      this.touch(image, false);
      return {};
    }
    const pullStartedAt = this.now();
    try {
      await this.pullShared(image, signal, auth);
      this.touch(image, true);
    } catch (error) {
      signal.throwIfAborted();
      const detail = pullErrorDetail(error);
      if (fallsBackToCache(this.behavior) && (await this.runtime.imageExists(image, signal))) {
        return { pullStartedAt, pullStoppedAt: this.now() };
      }
      throw new CannotPullError(image, detail, pullStartedAt, this.now(), { cause: error });
    }
    return { pullStartedAt, pullStoppedAt: this.now() };
  }

  /** A container is about to be created from the image: it was used now (and pulled now, if `pulledNow`). */
  private touch(image: string, pulledNow: boolean): void {
    const at = this.now();
    const known = this.pulled.get(image);
    if (!known && !pulledNow) return;
    this.pulled.set(image, { image, pulledAt: pulledNow || !known ? at : known.pulledAt, lastUsedAt: at });
    this.changeCount++;
  }

  private pullShared(image: string, signal: AbortSignal, auth: RegistryCredentials | undefined): Promise<void> {
    let pull = this.inFlight.get(image);
    if (!pull) {
      // The shared pull has its own budget; one task giving up does not cancel another's pull.
      pull = this.runtime.pullImage(image, AbortSignal.timeout(this.timeoutMs), auth).finally(() => this.inFlight.delete(image));
      this.inFlight.set(image, pull);
    }
    return abortable(pull, withTimeout(signal, this.timeoutMs));
  }
}

function pullErrorDetail(error: unknown): string {
  const e = error as Error;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `pull timed out (ECS_IMAGE_PULL_TIMEOUT)`;
  return e.message;
}

/** Races a promise against a signal without cancelling the shared work behind it. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}
