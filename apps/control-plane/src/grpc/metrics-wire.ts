import { invalidParameter } from '@berth/domain';
import { fromTimestamp, type wire } from '@berth/proto';
import { AGENT_LIMITS } from './agent-wire.js';

/** A host's sample of its running tasks, as the metrics collector takes it. */
export interface MetricsReport {
  readonly sampledAt: Date;
  readonly tasks: readonly { readonly taskArn: string; readonly cpuUnits: number; readonly memoryMiB: number }[];
}

/** More tasks than one host can run; CPU units of a 1,024-core host; a 16 TiB host's memory. */
const MAX_TASKS = 10_000;
const MAX_CPU_UNITS = 1024 * 1024;
const MAX_MEMORY_MIB = 16 * 1024 * 1024;
/**
 * The agent's MetricsReport, checked: every member in range, the field named when not. The sample
 * is filed under when it arrived (`receivedAt`), not the host's clock: agents send as soon as they
 * sample, and a host whose clock is off must not land its load in another period.
 */
export function metricsReportFromWire(report: wire.MetricsReport__Output, receivedAt: Date): MetricsReport {
  if (!fromTimestamp(report.sampledAt)) throw invalidParameter('metricsReport.sampledAt is required.');
  const sampledAt = receivedAt;
  if (report.tasks.length > MAX_TASKS) throw invalidParameter(`metricsReport.tasks has ${report.tasks.length} entries; at most ${MAX_TASKS}.`);
  const tasks = report.tasks.map((t, i) => {
    const at = `metricsReport.tasks[${i}]`;
    if (!t.taskArn || t.taskArn.length > AGENT_LIMITS.arn) throw invalidParameter(`${at}.taskArn must be a task ARN of at most ${AGENT_LIMITS.arn} characters.`);
    if (!Number.isFinite(t.cpuUnits) || t.cpuUnits < 0 || t.cpuUnits > MAX_CPU_UNITS) throw invalidParameter(`${at}.cpuUnits must be from 0 to ${MAX_CPU_UNITS}; got ${t.cpuUnits}.`);
    if (!Number.isFinite(t.memoryMib) || t.memoryMib < 0 || t.memoryMib > MAX_MEMORY_MIB) throw invalidParameter(`${at}.memoryMib must be from 0 to ${MAX_MEMORY_MIB}; got ${t.memoryMib}.`);
    return { taskArn: t.taskArn, cpuUnits: t.cpuUnits, memoryMiB: t.memoryMib };
  });
  return { sampledAt, tasks };
}
