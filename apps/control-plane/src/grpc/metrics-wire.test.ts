import { describe, expect, it } from 'vitest';
import { toTimestamp, type wire } from '@berth/proto';
import { metricsReportFromWire } from './metrics-wire.js';

const now = new Date('2026-12-03T12:00:00Z');
const TASK = 'arn:aws:ecs:local:000000000000:task/c/0123456789abcdef0123456789abcdef';
const report = (tasks: Partial<wire.TaskMetrics__Output>[], sampledAt: wire.MetricsReport__Output['sampledAt'] = toTimestamp(new Date('2020-01-01T00:00:00Z')) as never): wire.MetricsReport__Output =>
  ({ sampledAt, intervalMs: 10_000, tasks: tasks.map((t) => ({ taskArn: TASK, cpuUnits: 0, memoryMib: 0, ...t })) }) as wire.MetricsReport__Output;

describe('metricsReportFromWire', () => {
  it('takes a report, filed under when it arrived rather than the host’s clock', () => {
    expect(metricsReportFromWire(report([{ cpuUnits: 512.5, memoryMib: 64 }]), now)).toEqual({ sampledAt: now, tasks: [{ taskArn: TASK, cpuUnits: 512.5, memoryMiB: 64 }] });
  });

  it.each<[string, wire.MetricsReport__Output, string]>([
    ['no sampledAt', report([], null), 'metricsReport.sampledAt is required.'],
    ['a task without an ARN', report([{ taskArn: '' }]), 'metricsReport.tasks[0].taskArn must be a task ARN of at most 512 characters.'],
    ['a negative CPU reading', report([{}, { cpuUnits: -1 }]), 'metricsReport.tasks[1].cpuUnits must be from 0 to 1048576; got -1.'],
    ['a CPU reading that is not a number', report([{ cpuUnits: Number.NaN }]), 'metricsReport.tasks[0].cpuUnits must be from 0 to 1048576; got NaN.'],
    ['an absurd memory reading', report([{ memoryMib: 1e12 }]), 'metricsReport.tasks[0].memoryMib must be from 0 to 16777216; got 1000000000000.'],
  ])('refuses %s, naming the field', (_name, input, message) => {
    expect(() => metricsReportFromWire(input, now)).toThrow(message);
    expect(() => metricsReportFromWire(input, now)).toThrow(expect.objectContaining({ errorName: 'InvalidParameterException' }));
  });
});
