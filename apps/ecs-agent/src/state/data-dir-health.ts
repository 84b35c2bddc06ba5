import type { Logger } from '@berth/log';

/** What the agent says of ECS_DATADIR in its heartbeats, and the control plane shows as the `berth.agent.data-dir` attribute. */
export type DataDirStatus = 'ok' | 'full' | 'unwritable';

/**
 * Whether the agent can keep its state in ECS_DATADIR. A write that fails (disk full, read-only,
 * gone) never stops the agent: its containers keep running and its reports stay in memory until
 * they are acknowledged; the failure is logged once, shown to the control plane, and every pending
 * write is tried again on a timer, so the agent recovers by itself when space returns.
 */
export class DataDirHealth {
  private problem: { status: Exclude<DataDirStatus, 'ok'>; reason: string } | undefined;
  /** The latest failed write of each kind, tried again until it succeeds. */
  private readonly retries = new Map<string, () => void | Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly log: Logger,
    private readonly retryMs = 5_000,
  ) {}

  get status(): DataDirStatus {
    return this.problem?.status ?? 'ok';
  }

  /**
   * Runs a write of `what` (e.g. "reports"); on failure keeps it to try again, and says so once.
   * Never rejects. A synchronous `save` runs before this returns, so such writes keep their order.
   */
  async write(what: string, save: () => void | Promise<void>): Promise<void> {
    try {
      await save();
      this.retries.delete(what);
      if (this.problem && this.retries.size === 0) {
        this.log.info('ECS_DATADIR is writable again', { dataDir: this.dataDir });
        this.problem = undefined;
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      const status = code === 'ENOSPC' || code === 'EDQUOT' ? 'full' : 'unwritable';
      if (this.problem?.status !== status) {
        this.log.error('cannot write ECS_DATADIR; containers keep running and state is kept in memory until it can be saved', {
          dataDir: this.dataDir,
          what,
          status,
          error: code,
        });
      }
      this.problem = { status, reason: code };
      this.retries.set(what, save);
      this.timer ??= setInterval(() => void this.retry(), this.retryMs);
      this.timer.unref();
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async retry(): Promise<void> {
    for (const [what, save] of [...this.retries]) await this.write(what, save);
    if (this.retries.size === 0) this.stop();
  }
}
