import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Service metrics as each control-plane replica aggregates them from its agents' samples: per
 * service and period, the CPU units and MiB used and reserved by the tasks sampled. A service
 * whose agents talk to two replicas has two rows a period; readers add them up.
 */
export interface ServiceMetricsRow {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly periodStart: Date;
  readonly replica: string;
  readonly tasks: number;
  readonly cpuUsed: number;
  readonly cpuReserved: number;
  readonly memoryUsed: number;
  readonly memoryReserved: number;
}

export interface ServicePeriod {
  readonly periodStart: Date;
  readonly tasks: number;
  readonly cpuUsed: number;
  readonly cpuReserved: number;
  readonly memoryUsed: number;
  readonly memoryReserved: number;
}

/** Writes a replica's rows; a row written again for the same period replaces the first (the replica's total so far). */
export async function saveServiceMetrics(db: Kysely<Database>, rows: readonly ServiceMetricsRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('service_metrics')
    .values(
      rows.map((r) => ({
        cluster_name: r.clusterName,
        service_name: r.serviceName,
        period_start: r.periodStart,
        replica: r.replica,
        tasks: r.tasks,
        cpu_used: r.cpuUsed,
        cpu_reserved: r.cpuReserved,
        memory_used: r.memoryUsed,
        memory_reserved: r.memoryReserved,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['cluster_name', 'service_name', 'period_start', 'replica']).doUpdateSet((eb) => ({
        tasks: eb.ref('excluded.tasks'),
        cpu_used: eb.ref('excluded.cpu_used'),
        cpu_reserved: eb.ref('excluded.cpu_reserved'),
        memory_used: eb.ref('excluded.memory_used'),
        memory_reserved: eb.ref('excluded.memory_reserved'),
      })),
    )
    .execute();
}

/** A service's periods since `since`, oldest first, every replica's rows added together. */
export async function listServicePeriods(db: Kysely<Database>, clusterName: string, serviceName: string, since: Date): Promise<ServicePeriod[]> {
  const rows = await db
    .selectFrom('service_metrics')
    .select((eb) => [
      'period_start',
      eb.fn.sum<number>('tasks').as('tasks'),
      eb.fn.sum<number>('cpu_used').as('cpu_used'),
      eb.fn.sum<number>('cpu_reserved').as('cpu_reserved'),
      eb.fn.sum<number>('memory_used').as('memory_used'),
      eb.fn.sum<number>('memory_reserved').as('memory_reserved'),
    ])
    .where('cluster_name', '=', clusterName)
    .where('service_name', '=', serviceName)
    .where('period_start', '>=', since)
    .groupBy('period_start')
    .orderBy('period_start')
    .execute();
  return rows.map((r) => ({
    periodStart: r.period_start,
    tasks: Number(r.tasks),
    cpuUsed: Number(r.cpu_used),
    cpuReserved: Number(r.cpu_reserved),
    memoryUsed: Number(r.memory_used),
    memoryReserved: Number(r.memory_reserved),
  }));
}

export async function deleteServiceMetricsBefore(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('service_metrics').where('period_start', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
