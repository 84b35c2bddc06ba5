import { Readable } from 'node:stream';
import { EventFeed } from './event-feed.js';
import type { ContainerCreateSpec, ContainerInspection, ContainerRuntime, ContainerStats, ManagedContainer, RuntimeEvent } from './runtime.js';

interface FakeContainer {
  readonly spec: ContainerCreateSpec;
  running: boolean;
  exitCode: number;
  startedAt?: Date;
  finishedAt?: Date;
}

/**
 * An in-memory ContainerRuntime for engine unit tests: counts calls, lets a test fail any call
 * and play Docker events (a container dying behind the agent's back).
 */
export class FakeRuntime implements ContainerRuntime {
  readonly containers = new Map<string, FakeContainer>();
  readonly calls: string[] = [];
  readonly images = new Set<string>(['berth/busybox:latest']);
  /** Calls (by method name) that throw this message. */
  readonly failures = new Map<string, string>();
  /**
   * Calls (by method name) held until the promise settles. As Docker does, a held start takes
   * effect even when the caller gave up meanwhile; the caller then sees its abort.
   */
  readonly holds = new Map<string, Promise<void>>();
  private readonly feed = new EventFeed();
  private nextId = 0;

  private record(call: string): void {
    this.calls.push(call);
    const failure = this.failures.get(call.split(' ')[0]!);
    if (failure) throw new Error(failure);
  }

  async imageExists(image: string): Promise<boolean> {
    this.record(`imageExists ${image}`);
    return this.images.has(image);
  }
  async pullImage(image: string, _signal?: AbortSignal, auth?: { username: string }): Promise<void> {
    this.record(auth ? `pullImage ${image} as ${auth.username}` : `pullImage ${image}`);
    this.images.add(image);
  }
  async removeImage(image: string): Promise<void> {
    this.record(`removeImage ${image}`);
    if ([...this.containers.values()].some((c) => c.spec.image === image)) throw new Error(`conflict: unable to remove ${image}: image is being used`);
    this.images.delete(image);
  }
  async createVolume(spec: { name: string }): Promise<void> {
    this.record(`createVolume ${spec.name}`);
  }
  async removeVolume(name: string): Promise<void> {
    this.record(`removeVolume ${name}`);
  }
  async createContainer(spec: ContainerCreateSpec): Promise<string> {
    this.record(`createContainer ${spec.name}`);
    const id = `id${++this.nextId}`;
    this.containers.set(id, { spec, running: false, exitCode: 0 });
    return id;
  }
  async startContainer(id: string, signal?: AbortSignal): Promise<void> {
    this.record(`startContainer ${id}`);
    await this.holds.get('startContainer');
    const c = this.containers.get(id)!;
    c.running = true;
    c.startedAt = new Date();
    signal?.throwIfAborted();
  }
  async stopContainer(id: string): Promise<void> {
    this.record(`stopContainer ${id}`);
    const c = this.containers.get(id);
    if (c?.running) this.exit(id, 143);
  }
  async removeContainer(id: string): Promise<void> {
    this.record(`removeContainer ${id}`);
    this.containers.delete(id);
  }
  /** Counters a test sets per container (`setStats`); a running container without any reads as idle. */
  readonly stats = new Map<string, { cpuNs: number; memoryBytes: number }>();

  async containerStats(id: string): Promise<ContainerStats | undefined> {
    const c = this.containers.get(id);
    if (!c?.running) return undefined;
    const set = this.stats.get(id) ?? { cpuNs: 0, memoryBytes: 0 };
    return { ...set, at: new Date() };
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
      imageId: 'sha256:fake',
      ports: c.spec.portBindings,
      error: '',
    };
  }
  async listManagedContainers(): Promise<ManagedContainer[]> {
    return [...this.containers].map(([id, c]) => ({ id, name: c.spec.name, image: c.spec.image, labels: c.spec.labels, state: c.running ? 'running' : 'exited' }));
  }
  async events(signal: AbortSignal): Promise<AsyncIterable<RuntimeEvent>> {
    return this.feed.subscribe(signal);
  }
  async logs(): Promise<Readable> {
    return Readable.from([]);
  }

  /** The container exits (on its own or killed) and Docker says so. */
  exit(id: string, exitCode: number): void {
    const c = this.containers.get(id)!;
    c.running = false;
    c.exitCode = exitCode;
    c.finishedAt = new Date();
    this.feed.emit({ containerId: id, action: 'die', exitCode, labels: c.spec.labels });
  }
}
