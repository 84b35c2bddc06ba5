import { Readable } from 'node:stream';
import { EventFeed } from '../engine/event-feed.js';
import type { ContainerCreateSpec, ContainerInspection, ContainerRuntime, ContainerStats, ManagedContainer, RuntimeEvent } from '../engine/runtime.js';
import { drawLatency, type Latency } from './latency.js';

export interface SimulatedTimings {
  readonly create: Latency;
  readonly start: Latency;
  readonly stop: Latency;
  readonly remove: Latency;
  readonly pull: Latency;
}

export interface SimulatedRuntimeOptions {
  readonly timings: SimulatedTimings;
  /** Share of container starts that fail (0–1), as Docker's start failing would. */
  readonly startFailureRate: number;
  readonly random: () => number;
}

interface SimulatedContainer {
  readonly spec: ContainerCreateSpec;
  running: boolean;
  exitCode: number;
  startedAt?: Date;
  finishedAt?: Date;
}

/**
 * The container runtime of a simulated host: a state machine in memory whose calls take as long as
 * Docker's did (drawn per call) and honour their AbortSignal. Everything above it — the task
 * engine, the report queue, the session — is the agent's own code (style rule 10).
 */
export class SimulatedRuntime implements ContainerRuntime {
  private readonly containers = new Map<string, SimulatedContainer>();
  private readonly images = new Set<string>();
  private readonly feed = new EventFeed();
  private nextId = 0;

  constructor(private readonly options: SimulatedRuntimeOptions) {}

  /** Containers running now. */
  get running(): number {
    let n = 0;
    for (const c of this.containers.values()) if (c.running) n++;
    return n;
  }

  async imageExists(image: string): Promise<boolean> {
    return this.options.timings.pull.p50Ms === 0 || this.images.has(image);
  }
  async pullImage(image: string, signal: AbortSignal): Promise<void> {
    await this.take('pull', signal);
    this.images.add(image);
  }
  async removeImage(image: string): Promise<void> {
    if ([...this.containers.values()].some((c) => c.spec.image === image)) throw new Error(`conflict: unable to remove ${image}: image is being used`);
    this.images.delete(image);
  }
  async createVolume(): Promise<void> {}
  async removeVolume(): Promise<void> {}
  async createContainer(spec: ContainerCreateSpec, signal: AbortSignal): Promise<string> {
    await this.take('create', signal);
    const id = `sim${(++this.nextId).toString(16).padStart(12, '0')}`;
    this.containers.set(id, { spec, running: false, exitCode: 0 });
    return id;
  }
  async startContainer(id: string, signal: AbortSignal): Promise<void> {
    await this.take('start', signal);
    const c = this.known(id);
    if (this.options.random() < this.options.startFailureRate) {
      c.exitCode = 128;
      throw new Error('simulated start failure (agent-sim --start-failure-rate)');
    }
    c.running = true;
    c.startedAt = new Date();
    this.feed.emit({ containerId: id, action: 'start', labels: c.spec.labels });
  }
  async stopContainer(id: string, _timeoutSeconds: number, signal: AbortSignal): Promise<void> {
    const c = this.containers.get(id);
    if (!c?.running) return;
    await this.take('stop', signal);
    if (!c.running) return;
    c.running = false;
    c.exitCode = 143;
    c.finishedAt = new Date();
    this.feed.emit({ containerId: id, action: 'die', exitCode: 143, labels: c.spec.labels });
  }
  async removeContainer(id: string, signal: AbortSignal): Promise<void> {
    if (!this.containers.has(id)) return;
    await this.take('remove', signal);
    this.containers.delete(id);
  }
  /**
   * Simulated hosts report idle containers with a few MiB in use: the samples go over the real
   * protocol (their cost is what a benchmark measures), their values mean nothing.
   */
  async containerStats(id: string): Promise<ContainerStats | undefined> {
    const c = this.containers.get(id);
    if (!c?.running) return undefined;
    return { cpuNs: 0, memoryBytes: 4 * 1024 * 1024, at: new Date() };
  }

  async inspectContainer(id: string): Promise<ContainerInspection | undefined> {
    const c = this.containers.get(id);
    if (!c) return undefined;
    return {
      id,
      running: c.running,
      exitCode: c.exitCode,
      health: 'NONE',
      ...(c.startedAt ? { startedAt: c.startedAt } : {}),
      ...(c.finishedAt ? { finishedAt: c.finishedAt } : {}),
      imageId: 'sha256:simulated',
      ports: c.spec.portBindings,
      error: c.exitCode === 128 ? 'simulated start failure' : '',
    };
  }
  async listManagedContainers(): Promise<ManagedContainer[]> {
    return [...this.containers].map(([id, c]) => ({ id, name: c.spec.name, image: c.spec.image, labels: c.spec.labels, state: c.running ? 'running' : c.startedAt ? 'exited' : 'created' }));
  }
  async events(signal: AbortSignal): Promise<AsyncIterable<RuntimeEvent>> {
    return this.feed.subscribe(signal);
  }
  async logs(): Promise<Readable> {
    return Readable.from([]);
  }

  private known(id: string): SimulatedContainer {
    const c = this.containers.get(id);
    if (!c) throw new Error(`No such container: ${id}`);
    return c;
  }

  /** Waits the drawn latency of one step; rejects with the signal's reason when it aborts first. */
  private take(step: keyof SimulatedTimings, signal: AbortSignal): Promise<void> {
    const ms = drawLatency(this.options.timings[step], this.options.random(), this.options.random());
    signal.throwIfAborted();
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
