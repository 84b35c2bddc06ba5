import { taskIdFrom } from '@berth/domain';
import type { ServiceMetricsRow } from '@berth/state-store';
import type { MetricsReport } from '../../grpc/metrics-wire.js';
import type { AppContext } from '../context.js';

/** What the collector keeps of a service task: where it belongs and what it reserves. */
interface TaskInfo {
  readonly instanceId: string;
  readonly clusterName: string;
  readonly serviceName: string;
  readonly cpu: number;
  readonly memory: number;
}

/** Past this many cached tasks the cache starts over (tasks come and go; the live ones refill it). */
const MAX_CACHED_TASKS = 200_000;

/**
 * Turns the agents' samples into per-service periods for service auto scaling. Each sample is
 * added to the period it arrived in; every period the replica writes, per service, the average of
 * each task's samples in it added over its tasks, with their reservations — one row per service,
 * period and replica, so storage grows with services, not with tasks or hosts. Which service a
 * task belongs to (and what it reserves) is read once per task and cached; a host's samples count
 * only for the tasks placed on it.
 */
export class ServiceMetricsCollector {
  private readonly tasks = new Map<string, TaskInfo | null>();
  private readonly periods = new Map<number, Map<string, { info: TaskInfo; cpu: number; memory: number; n: number }>>();
  private timer: NodeJS.Timeout | undefined;
  private ended: readonly ServiceMetricsRow[] = [];

  constructor(
    private readonly app: Pick<AppContext, 'store' | 'log' | 'now'>,
    private readonly options: { readonly periodMs: number; readonly replica: string },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush().catch((error: unknown) => this.app.log.warn('could not write service metrics', { error })), this.options.periodMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Each service's row of the latest ended period (for /metrics). */
  latest(): readonly ServiceMetricsRow[] {
    return this.ended;
  }

  async add(instanceId: string, report: MetricsReport): Promise<void> {
    const ids = new Map<string, (typeof report.tasks)[number]>();
    for (const sample of report.tasks) {
      const { id } = taskIdFrom(sample.taskArn);
      ids.set(id, sample);
    }
    const missing = [...ids.keys()].filter((id) => !this.tasks.has(id));
    if (missing.length > 0) {
      if (this.tasks.size + missing.length > MAX_CACHED_TASKS) this.tasks.clear();
      for (const t of await this.app.store.read.taskReservations(missing)) {
        this.tasks.set(t.id, t.group.startsWith('service:') ? { instanceId: t.containerInstanceId, clusterName: t.clusterName, serviceName: t.group.slice('service:'.length), cpu: t.cpu, memory: t.memory } : null);
      }
    }
    const start = Math.floor(report.sampledAt.getTime() / this.options.periodMs) * this.options.periodMs;
    let period = this.periods.get(start);
    if (!period) this.periods.set(start, (period = new Map()));
    for (const [id, sample] of ids) {
      const info = this.tasks.get(id);
      if (!info || info.instanceId !== instanceId) continue;
      const acc = period.get(id) ?? { info, cpu: 0, memory: 0, n: 0 };
      acc.cpu += sample.cpuUnits;
      acc.memory += sample.memoryMiB;
      acc.n++;
      period.set(id, acc);
    }
  }

  /** Writes every period held (the current one as it stands so far) and forgets those that have ended. */
  async flush(): Promise<ServiceMetricsRow[]> {
    const rows: ServiceMetricsRow[] = [];
    for (const [start, period] of this.periods) {
      const services = new Map<string, ServiceMetricsRow & { tasks: number; cpuUsed: number; cpuReserved: number; memoryUsed: number; memoryReserved: number }>();
      for (const { info, cpu, memory, n } of period.values()) {
        const key = `${info.clusterName}/${info.serviceName}`;
        const row = services.get(key) ?? { clusterName: info.clusterName, serviceName: info.serviceName, periodStart: new Date(start), replica: this.options.replica, tasks: 0, cpuUsed: 0, cpuReserved: 0, memoryUsed: 0, memoryReserved: 0 };
        row.tasks += 1;
        row.cpuUsed += cpu / n;
        row.memoryUsed += memory / n;
        row.cpuReserved += info.cpu;
        row.memoryReserved += info.memory;
        services.set(key, row);
      }
      rows.push(...services.values());
    }
    await this.app.store.read.saveServiceMetrics(rows);
    const current = Math.floor(this.app.now().getTime() / this.options.periodMs) * this.options.periodMs;
    this.ended = rows.filter((r) => r.periodStart.getTime() === current - this.options.periodMs);
    // The period just ended is written once more with whatever arrived late for it, then forgotten.
    for (const start of this.periods.keys()) if (start < current - this.options.periodMs) this.periods.delete(start);
    return rows;
  }
}
