import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { wire } from '@berth/proto';
import { REPORT_BATCH_DELAY_MS, ReportQueue, type ReportQueueState } from './report-queue.js';

const change = (taskArn: string, status: string): wire.TaskStateChange => ({ taskArn, status, containers: [] });

describe('ReportQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = (initial?: ReportQueueState) => {
    const saved: ReportQueueState[] = [];
    const acked: string[] = [];
    const queue = new ReportQueue({ persist: (s) => saved.push(s), onStoppedAcknowledged: (arn) => acked.push(arn) }, initial);
    const sent: wire.StateReport[] = [];
    return { queue, saved, acked, sent, send: (r: wire.StateReport) => sent.push(r) };
  };

  it('batches changes made together into one numbered report', () => {
    const { queue, sent, send } = setup();
    queue.connected(send, 0);
    queue.enqueue(change('t1', 'PENDING'));
    queue.enqueue(change('t2', 'PENDING'));
    vi.runAllTimers();
    expect(sent).toEqual([{ sequence: '1', tasks: [change('t1', 'PENDING'), change('t2', 'PENDING')] }]);
  });

  it('keeps only the newest snapshot of a task that changed twice within a batch', () => {
    const { queue, sent, send } = setup();
    queue.connected(send, 0);
    queue.enqueue(change('t1', 'PENDING'));
    queue.enqueue(change('t2', 'PENDING'));
    queue.enqueue(change('t1', 'RUNNING'));
    vi.runAllTimers();
    expect(sent).toEqual([{ sequence: '1', tasks: [change('t1', 'RUNNING'), change('t2', 'PENDING')] }]);
  });

  it('sends a task status change on the next tick, and batches container-only changes for a while', () => {
    const { queue, sent, send } = setup();
    queue.connected(send, 0);
    queue.enqueue(change('t1', 'PENDING'));
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(1);
    queue.enqueue({ ...change('t1', 'PENDING'), reason: 'container created' });
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(REPORT_BATCH_DELAY_MS);
    expect(sent).toHaveLength(2);
  });

  it('keeps reports while disconnected and sends them on reconnect, renumbered above what was applied', () => {
    const { queue, sent, send, saved } = setup();
    queue.enqueue(change('t1', 'RUNNING'));
    vi.runAllTimers();
    expect(sent).toEqual([]);
    expect(saved.at(-1)!.unacked).toHaveLength(1);
    queue.connected(send, 41);
    expect(sent.map((r) => r.sequence)).toEqual(['42']);
  });

  it('acknowledgement removes reports and signals acknowledged STOPPED tasks once', () => {
    const { queue, send, acked } = setup();
    queue.connected(send, 0);
    queue.enqueue(change('t1', 'STOPPED'));
    vi.runAllTimers();
    queue.enqueue(change('t2', 'RUNNING'));
    vi.runAllTimers();
    queue.acknowledge(1);
    expect(acked).toEqual(['t1']);
    expect(queue.pending).toBe(1);
    queue.acknowledge(1);
    expect(acked).toEqual(['t1']);
  });

  it('resumes from persisted state, in step with the control plane', () => {
    const { queue, sent, send } = setup({ nextSequence: 8, unacked: [{ sequence: 7, tasks: [change('t9', 'STOPPED')] }] });
    queue.connected(send, 3);
    expect(sent.map((r) => r.sequence)).toEqual(['7']);
    queue.enqueue(change('t10', 'PENDING'));
    vi.runAllTimers();
    expect(sent.map((r) => r.sequence)).toEqual(['7', '8']);
  });

  it('a report the control plane applied but whose ack was lost with the connection is not sent again', () => {
    const { queue, sent, send, acked } = setup();
    queue.connected(send, 0);
    queue.enqueue(change('t1', 'STOPPED'));
    vi.runAllTimers();
    queue.enqueue(change('t2', 'RUNNING'));
    vi.runAllTimers();
    queue.disconnected();
    sent.length = 0;
    queue.connected(send, 1);
    expect(sent.map((r) => [r.sequence, r.tasks?.[0]?.taskArn])).toEqual([['2', 't2']]);
    expect(acked).toEqual(['t1']);
    expect(queue.pending).toBe(1);
  });

  it('resends unacknowledged reports on demand, never acknowledged ones', () => {
    const { queue, sent, send } = setup();
    queue.connected(send, 0);
    queue.enqueue(change('a', 'PENDING'));
    vi.runAllTimers();
    queue.enqueue(change('b', 'PENDING'));
    vi.runAllTimers();
    queue.acknowledge(1);
    queue.resendUnacked();
    expect(sent.map((r) => r.sequence)).toEqual(['1', '2', '2']);
  });
});
