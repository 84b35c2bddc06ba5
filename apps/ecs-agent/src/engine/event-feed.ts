import type { RuntimeEvent } from './runtime.js';

/**
 * Runtime events for in-memory runtimes (the simulator's, the tests' fake): each subscriber gets
 * every event emitted after it subscribed, until its signal aborts.
 */
export class EventFeed {
  private readonly subscribers = new Set<(e: RuntimeEvent | undefined) => void>();

  emit(event: RuntimeEvent): void {
    for (const s of this.subscribers) s(event);
  }

  subscribe(signal: AbortSignal): AsyncIterable<RuntimeEvent> {
    const queue: (RuntimeEvent | undefined)[] = [];
    let wake: (() => void) | undefined;
    const push = (e: RuntimeEvent | undefined) => {
      queue.push(e);
      wake?.();
    };
    this.subscribers.add(push);
    const onAbort = () => push(undefined);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    const subscribers = this.subscribers;
    return (async function* () {
      try {
        for (;;) {
          if (queue.length === 0) await new Promise<void>((r) => (wake = r));
          const e = queue.shift();
          if (!e) return;
          yield e;
        }
      } finally {
        subscribers.delete(push);
        signal.removeEventListener('abort', onAbort);
      }
    })();
  }
}
