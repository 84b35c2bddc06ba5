import { aggregateMetric, type MetricAlarm } from './step-scaling.js';
import type { PredefinedMetricType } from './target-tracking.js';

/**
 * ECS's service utilization from sampled periods: CPU utilization = CPU units used × 100 / CPU
 * units reserved by the tasks sampled (memory likewise), so a period's value is already the
 * average over its running tasks. Periods come oldest first, one per sampling period, with
 * every control-plane replica's share added up.
 */
export interface MetricPeriod {
  readonly periodStart: Date;
  readonly tasks: number;
  readonly cpuUsed: number;
  readonly cpuReserved: number;
  readonly memoryUsed: number;
  readonly memoryReserved: number;
}

export type UtilizationMetric = Exclude<PredefinedMetricType, 'ALBRequestCountPerTarget'>;

/** A period's utilization in percent, or undefined when its tasks reserve none of it. */
export function utilization(period: MetricPeriod, metric: UtilizationMetric): number | undefined {
  const [used, reserved] = metric === 'ECSServiceAverageCPUUtilization' ? [period.cpuUsed, period.cpuReserved] : [period.memoryUsed, period.memoryReserved];
  return reserved > 0 ? (used * 100) / reserved : undefined;
}

/**
 * Target tracking's reading: utilization over the periods that started in the window ending at
 * `now` (reservation-weighted, so it is the service's own average), with the tasks of the latest
 * of them. Undefined — insufficient data — when there is no period in the window.
 */
export function trackedMetric(periods: readonly MetricPeriod[], metric: UtilizationMetric, now: Date, windowMs: number): { value: number; tasks: number } | undefined {
  const recent = periods.filter((p) => p.periodStart.getTime() > now.getTime() - windowMs && p.periodStart <= now);
  const last = recent.at(-1);
  if (!last) return undefined;
  const total = recent.reduce(
    (sum, p) => ({
      used: sum.used + (metric === 'ECSServiceAverageCPUUtilization' ? p.cpuUsed : p.memoryUsed),
      reserved: sum.reserved + (metric === 'ECSServiceAverageCPUUtilization' ? p.cpuReserved : p.memoryReserved),
    }),
    { used: 0, reserved: 0 },
  );
  if (total.reserved <= 0 || last.tasks <= 0) return undefined;
  return { value: (total.used * 100) / total.reserved, tasks: last.tasks };
}

/**
 * An alarm's datapoints, oldest first: the sampling periods grouped into the alarm's periods
 * (aligned to multiples of it), each the alarm's statistic over its periods' utilizations. Only
 * periods that have ended count; an alarm period with no sample has no datapoint, and the
 * datapoints stop at the first gap from the newest back, so a silent stretch is not bridged.
 */
export function alarmDatapoints(periods: readonly MetricPeriod[], alarm: Pick<MetricAlarm, 'periodS' | 'statistic'> & { metric: UtilizationMetric }, now: Date): number[] {
  const size = alarm.periodS * 1000;
  const current = Math.floor(now.getTime() / size);
  const buckets = new Map<number, number[]>();
  for (const p of periods) {
    const bucket = Math.floor(p.periodStart.getTime() / size);
    if (bucket >= current) continue;
    const value = utilization(p, alarm.metric);
    if (value === undefined) continue;
    const list = buckets.get(bucket) ?? [];
    list.push(value);
    buckets.set(bucket, list);
  }
  const out: number[] = [];
  for (let bucket = current - 1; buckets.has(bucket); bucket--) out.unshift(aggregateMetric(buckets.get(bucket)!, alarm.statistic)!);
  return out;
}
