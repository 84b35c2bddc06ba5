import type { Logger } from '@berth/log';
import type { ContainerRuntime, ContainerStats } from './runtime.js';

/** What a task used over the last interval. */
export interface TaskUsage {
  readonly taskArn: string;
  /** CPU units (1024 = one core), averaged since the previous reading of its containers. */
  readonly cpuUnits: number;
  readonly memoryMiB: number;
}

/** A Docker stats call that takes longer than this is given up (the next interval tries again). */
const STATS_TIMEOUT_MS = 5_000;
/** Readings fetched at once: a host with many containers does not open a connection per container. */
const CONCURRENT_READINGS = 8;

/**
 * Samples the CPU and memory of every running container on a fixed interval and hands each
 * round's per-task totals to `send` while a session is up. CPU is the difference of Docker's
 * cumulative counter between two readings over the time between them, so a container's first
 * reading only sets its baseline; memory is the reading itself. Nothing is queued while
 * disconnected: a sample is worth something only while it is fresh.
 */
export class MetricsSampler {
  private readonly previous = new Map<string, ContainerStats>();
  private timer: NodeJS.Timeout | undefined;
  private send: ((round: { sampledAt: Date; tasks: TaskUsage[] }) => void) | undefined;
  private sampling = false;

  constructor(
    private readonly deps: {
      runtime: Pick<ContainerRuntime, 'containerStats'>;
      running: () => readonly { taskArn: string; runtimeId: string }[];
      intervalMs: number;
      log: Logger;
    },
  ) {}

  get intervalMs(): number {
    return this.deps.intervalMs;
  }

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.deps.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  connected(send: (round: { sampledAt: Date; tasks: TaskUsage[] }) => void): void {
    this.send = send;
  }

  disconnected(): void {
    this.send = undefined;
  }

  /** One round (exported for tests): reads every running container, sends the tasks' totals. */
  async sample(): Promise<TaskUsage[]> {
    if (this.sampling) return [];
    this.sampling = true;
    try {
      const containers = this.deps.running();
      const totals = new Map<string, { cpuUnits: number; memoryMiB: number; measured: boolean }>();
      const seen = new Set<string>();
      for (let i = 0; i < containers.length; i += CONCURRENT_READINGS) {
        await Promise.all(containers.slice(i, i + CONCURRENT_READINGS).map(async ({ taskArn, runtimeId }) => {
          seen.add(runtimeId);
          const reading = await this.read(runtimeId);
          if (!reading) return;
          const before = this.previous.get(runtimeId);
          this.previous.set(runtimeId, reading);
          const total = totals.get(taskArn) ?? { cpuUnits: 0, memoryMiB: 0, measured: true };
          const elapsedNs = before ? (reading.at.getTime() - before.at.getTime()) * 1e6 : 0;
          if (before && elapsedNs > 0 && reading.cpuNs >= before.cpuNs) total.cpuUnits += ((reading.cpuNs - before.cpuNs) / elapsedNs) * 1024;
          else total.measured = false; // a baseline, or a restarted container's counter: no rate yet
          total.memoryMiB += reading.memoryBytes / (1024 * 1024);
          totals.set(taskArn, total);
        }));
      }
      for (const id of this.previous.keys()) if (!seen.has(id)) this.previous.delete(id);
      const tasks = [...totals].filter(([, t]) => t.measured).map(([taskArn, t]) => ({ taskArn, cpuUnits: t.cpuUnits, memoryMiB: t.memoryMiB }));
      if (tasks.length > 0) this.send?.({ sampledAt: new Date(), tasks });
      return tasks;
    } finally {
      this.sampling = false;
    }
  }

  private async read(runtimeId: string): Promise<ContainerStats | undefined> {
    try {
      return await this.deps.runtime.containerStats(runtimeId, AbortSignal.timeout(STATS_TIMEOUT_MS));
    } catch (error) {
      this.deps.log.debug('a container could not be sampled', { runtimeId, error });
      return undefined;
    }
  }
}
