import type { MetricsReport } from '../grpc/metrics-wire.js';

/** A host's sample counts for a minute: agents sample every 10 s by default (ECS_POLLING_METRICS_WAIT_DURATION). */
export const HOST_SAMPLE_MAX_AGE_MS = 60_000;

/** One host's latest sample: what all its running tasks used, as its agent measured it. */
export interface HostUsageRow {
  readonly clusterName: string;
  readonly instanceId: string;
  readonly tasks: number;
  readonly cpuUnits: number;
  readonly memoryMiB: number;
}

/** A cluster's hosts added up. */
export interface ClusterUsageRow {
  readonly clusterName: string;
  readonly instances: number;
  readonly tasks: number;
  readonly cpuUnits: number;
  readonly memoryMiB: number;
}

/**
 * The latest metrics sample of every host whose session this replica holds, for /metrics'
 * per-instance and per-cluster gauges. Memory only and bounded by the sessions held: a host is
 * forgotten when its session ends, and a sample older than `maxAgeMs` (a host that stopped
 * sampling) is not shown.
 */
export class HostUsage {
  private readonly latest = new Map<string, HostUsageRow & { readonly at: number }>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  record(instanceId: string, clusterName: string, report: MetricsReport): void {
    let cpuUnits = 0;
    let memoryMiB = 0;
    for (const t of report.tasks) {
      cpuUnits += t.cpuUnits;
      memoryMiB += t.memoryMiB;
    }
    this.latest.set(instanceId, { clusterName, instanceId, tasks: report.tasks.length, cpuUnits, memoryMiB, at: this.now() });
  }

  forget(instanceId: string): void {
    this.latest.delete(instanceId);
  }

  hosts(): HostUsageRow[] {
    const since = this.now() - this.maxAgeMs;
    const rows: HostUsageRow[] = [];
    for (const { at, ...row } of this.latest.values()) if (at >= since) rows.push(row);
    return rows;
  }

  clusters(): ClusterUsageRow[] {
    return clusterTotals(this.hosts());
  }
}

export function clusterTotals(hosts: readonly HostUsageRow[]): ClusterUsageRow[] {
  const byCluster = new Map<string, { clusterName: string; instances: number; tasks: number; cpuUnits: number; memoryMiB: number }>();
  for (const h of hosts) {
    const row = byCluster.get(h.clusterName) ?? { clusterName: h.clusterName, instances: 0, tasks: 0, cpuUnits: 0, memoryMiB: 0 };
    row.instances += 1;
    row.tasks += h.tasks;
    row.cpuUnits += h.cpuUnits;
    row.memoryMiB += h.memoryMiB;
    byCluster.set(h.clusterName, row);
  }
  return [...byCluster.values()];
}
