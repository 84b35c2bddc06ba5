import type { wire } from '@berth/proto';

/** Reports wait this long so changes that happen together travel together. */
export const REPORT_BATCH_DELAY_MS = 10;
/** Unacknowledged reports are sent again after this long on a live session. */
export const REPORT_RESEND_AFTER_MS = 5_000;

export interface QueuedReport {
  readonly sequence: number;
  readonly tasks: readonly wire.TaskStateChange[];
}

export interface ReportQueueState {
  readonly nextSequence: number;
  readonly unacked: readonly QueuedReport[];
}

/**
 * Task state changes on their way to the control plane: batched, numbered, kept until
 * acknowledged (and, with a store, across restarts), resent after a reconnect. The control plane
 * applies each sequence once, so sending twice is safe; never sending is not.
 */
export class ReportQueue {
  private nextSequence: number;
  private unacked: QueuedReport[];
  private buffer: wire.TaskStateChange[] = [];
  /** The task status last queued per task: a change of it is what users wait for, so it goes out at once. */
  private readonly lastStatus = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private sender: ((report: wire.StateReport) => void) | undefined;

  constructor(
    private readonly deps: {
      readonly persist: (state: ReportQueueState) => void;
      /** Called once per task whose STOPPED report the control plane acknowledged. */
      readonly onStoppedAcknowledged: (taskArn: string) => void;
    },
    initial: ReportQueueState = { nextSequence: 1, unacked: [] },
  ) {
    this.nextSequence = initial.nextSequence;
    this.unacked = [...initial.unacked];
  }

  /** Each change is a full snapshot of its task, so a newer one replaces an older one still waiting. */
  enqueue(change: wire.TaskStateChange): void {
    const waiting = this.buffer.findIndex((c) => c.taskArn === change.taskArn);
    if (waiting >= 0) this.buffer[waiting] = change;
    else this.buffer.push(change);
    const arn = change.taskArn ?? '';
    const status = change.status ?? '';
    const taskStatusChanged = this.lastStatus.get(arn) !== status;
    if (status === 'STOPPED') this.lastStatus.delete(arn);
    else this.lastStatus.set(arn, status);
    if (taskStatusChanged) {
      // Still batched with whatever else happens in this turn of the event loop.
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.flush(), 0);
    } else {
      this.timer ??= setTimeout(() => this.flush(), REPORT_BATCH_DELAY_MS);
    }
  }

  /** Moves buffered changes into a numbered report and sends it if a session is up. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const report: QueuedReport = { sequence: this.nextSequence++, tasks: this.buffer };
    this.buffer = [];
    this.unacked.push(report);
    this.save();
    this.sender?.(toWire(report));
  }

  /**
   * A session is up, and the control plane says which sequence it applied last. In step with it
   * (it applied no more than this agent has numbered), what it applied is acknowledged — an ack lost
   * with the old connection — and only the rest is sent again, so no report is applied twice.
   * Behind it (this agent lost its queue's state and numbers from the start again), every waiting
   * report is renumbered above what it applied, or they would all be taken for repeats.
   */
  connected(send: (report: wire.StateReport) => void, lastAppliedSequence: number): void {
    this.sender = send;
    if (lastAppliedSequence < this.nextSequence) {
      this.acknowledge(lastAppliedSequence);
    } else {
      this.nextSequence = lastAppliedSequence + 1;
      this.unacked = this.unacked.map((r) => ({ ...r, sequence: this.nextSequence++ }));
    }
    this.save();
    for (const report of this.unacked) send(toWire(report));
    this.flush();
  }

  disconnected(): void {
    this.sender = undefined;
  }

  /** Resends what has waited too long for an ack (a lost ack on a live stream). */
  resendUnacked(): void {
    if (!this.sender) return;
    for (const report of this.unacked) this.sender(toWire(report));
  }

  acknowledge(sequence: number): void {
    const done = this.unacked.filter((r) => r.sequence <= sequence);
    if (done.length === 0) return;
    this.unacked = this.unacked.filter((r) => r.sequence > sequence);
    this.save();
    for (const report of done) {
      for (const task of report.tasks) if (task.status === 'STOPPED' && task.taskArn) this.deps.onStoppedAcknowledged(task.taskArn);
    }
  }

  get pending(): number {
    return this.unacked.length + this.buffer.length;
  }

  private save(): void {
    this.deps.persist({ nextSequence: this.nextSequence, unacked: this.unacked });
  }
}

function toWire(report: QueuedReport): wire.StateReport {
  return { sequence: String(report.sequence), tasks: [...report.tasks] };
}
