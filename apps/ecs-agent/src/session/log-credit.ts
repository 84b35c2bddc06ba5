/**
 * How much log output the agent may still send on one request: a window from the control plane,
 * topped up by its grants. A window of 0 (a control plane that does not meter) means no limit.
 * `take` waits while the credit is spent; one chunk may overdraw it, so any chunk size gets through.
 */
export class LogCredit {
  private credit: number;
  private wake: (() => void) | undefined;

  constructor(window: number) {
    this.credit = Number.isSafeInteger(window) && window > 0 ? window : Infinity;
  }

  async take(bytes: number, signal: AbortSignal): Promise<void> {
    while (this.credit <= 0) {
      signal.throwIfAborted();
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        this.wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
    }
    signal.throwIfAborted();
    this.credit -= bytes;
  }

  grant(bytes: number): void {
    if (!Number.isSafeInteger(bytes) || bytes <= 0) return;
    this.credit = Math.min(this.credit + bytes, Number.MAX_SAFE_INTEGER);
    this.wake?.();
  }
}
