import { describe, expect, it } from 'vitest';
import { alarmDatapoints, trackedMetric, utilization, type MetricPeriod } from './service-metrics.js';

const t = (s: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, 0) + s * 1000);
const period = (s: number, cpuUsed: number, cpuReserved = 512, tasks = 2): MetricPeriod => ({ periodStart: t(s), tasks, cpuUsed, cpuReserved, memoryUsed: 64, memoryReserved: 256 });

describe('service utilization', () => {
  it('is used over reserved, in percent', () => {
    expect(utilization(period(0, 256), 'ECSServiceAverageCPUUtilization')).toBe(50);
    expect(utilization(period(0, 256), 'ECSServiceAverageMemoryUtilization')).toBe(25);
    expect(utilization(period(0, 256, 0), 'ECSServiceAverageCPUUtilization')).toBeUndefined();
  });

  it('tracks the reservation-weighted average of the window, with the latest period’s tasks', () => {
    const periods = [period(0, 100), period(10, 512, 1024, 4), period(20, 768, 1024, 4)];
    // The window from t(5) to t(25) holds the last two: (512 + 768) / 2048.
    expect(trackedMetric(periods, 'ECSServiceAverageCPUUtilization', t(25), 20_000)).toEqual({ value: 62.5, tasks: 4 });
    expect(trackedMetric(periods, 'ECSServiceAverageCPUUtilization', t(100), 20_000)).toBeUndefined(); // nothing recent: insufficient data
    expect(trackedMetric([], 'ECSServiceAverageCPUUtilization', t(0), 20_000)).toBeUndefined();
    expect(trackedMetric([period(0, 0, 0)], 'ECSServiceAverageCPUUtilization', t(5), 20_000)).toBeUndefined();
  });

  it('groups periods into the alarm’s, ended ones only, and stops at a gap', () => {
    const alarm = { periodS: 30, statistic: 'Maximum' as const, metric: 'ECSServiceAverageCPUUtilization' as const };
    const periods = [period(0, 128), period(10, 256), period(40, 512), period(70, 64), period(80, 384), period(95, 512)];
    // Buckets: [0,30) → 25, 50; [30,60) → 100; [60,90) → 12.5, 75; [90,120) has not ended at t(100).
    expect(alarmDatapoints(periods, alarm, t(100))).toEqual([50, 100, 75]);
    expect(alarmDatapoints(periods, { ...alarm, statistic: 'Average' }, t(100))).toEqual([37.5, 100, 43.75]);
    const gap = [period(0, 128), period(70, 64)];
    expect(alarmDatapoints(gap, alarm, t(100))).toEqual([12.5]);
    expect(alarmDatapoints(periods, alarm, t(130))).toEqual([50, 100, 75, 100]);
  });
});
