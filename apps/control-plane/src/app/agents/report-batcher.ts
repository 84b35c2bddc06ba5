import { isStoreUnavailable } from '@berth/state-store';
import type { AppContext } from '../context.js';
import { applyStateReports, type InstanceReport, type ReportOutcome, type StateReport } from './apply-report.js';

/** Most reports applied in one transaction. */
export const MAX_REPORTS_PER_BATCH = 500;

interface Waiting {
  readonly report: InstanceReport;
  readonly resolve: (outcome: ReportOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for agents' state reports: one batch is applied at a time, and every report that
 * arrives meanwhile joins the next one, so a quiet cluster applies each report at once and a busy
 * one costs a transaction per batch instead of per report. A batch holds at most one report per
 * instance (a second waits for the next batch, keeping an agent's reports in order). When a batch
 * fails for anything but the store being away, its reports are applied one by one, so a report
 * that breaks a statement fails only its own agent's session.
 */
export class StateReportBatcher {
  private waiting: Waiting[] = [];
  private draining = false;

  constructor(
    private readonly app: AppContext,
    private readonly maxBatch = MAX_REPORTS_PER_BATCH,
  ) {}

  /** Resolves once the report is committed (or found to be a redelivery); rejects when it is refused. */
  submit(instanceId: string, report: StateReport): Promise<ReportOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ report: { instanceId, report }, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        const batch: Waiting[] = [];
        const later: Waiting[] = [];
        const instances = new Set<string>();
        for (const entry of this.waiting) {
          if (batch.length < this.maxBatch && !instances.has(entry.report.instanceId)) {
            instances.add(entry.report.instanceId);
            batch.push(entry);
          } else {
            later.push(entry);
          }
        }
        this.waiting = later;
        await this.apply(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  private async apply(batch: readonly Waiting[]): Promise<void> {
    let outcomes: Awaited<ReturnType<typeof applyStateReports>>;
    try {
      outcomes = await applyStateReports(
        this.app,
        batch.map((w) => w.report),
      );
    } catch (error) {
      if (batch.length === 1 || isStoreUnavailable(error)) {
        for (const w of batch) w.reject(error);
        return;
      }
      this.app.log.warn('a batch of agent reports failed; applying them one by one', { reports: batch.length });
      for (const w of batch) await this.apply([w]);
      return;
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i]!;
      if (outcome instanceof Error) w.reject(outcome);
      else w.resolve(outcome);
    });
  }
}
