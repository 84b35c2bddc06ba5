import { setMaxListeners } from 'node:events';
import { clusterNameFrom } from '@berth/domain';
import type { Logger } from '@berth/log';
import type { TaskPlan } from './container-actions.js';
import { taskScopedVolumeNames } from './container-spec.js';
import type { EngineConfig } from './engine-config.js';
import { cleanUpImages, type ImageCleanupPolicy, type PulledImage } from './image-cleanup.js';
import { ImagePuller } from './image-pull.js';
import { bindProbe } from './port-probe.js';
import { PortAllocator, type PortProbe } from './ports.js';
import { toStateChange, type TaskStateChange } from './report.js';
import { Labels, withTimeout, type ContainerRuntime, type RuntimeEvent } from './runtime.js';
import { TaskManager } from './task-manager.js';
import type { TaskState } from './task-state.js';
import { initialTaskState, orphanTaskState, planFor, type DesiredTask, type RecoveredContainer, type SetupOptions } from './task-setup.js';

export type { DesiredTask } from './task-setup.js';
export type { TaskStateChange } from './report.js';

export interface TaskEngineOptions {
  readonly runtime: ContainerRuntime;
  readonly config: EngineConfig;
  /** Every visible change of a task; called synchronously, so it must only queue (style rule 11). */
  readonly onChange: (change: TaskStateChange) => void;
  /** Address published ports bind to; tests use '127.0.0.1'. */
  readonly bindHost?: string;
  readonly log?: Logger;
  readonly now?: () => number;
  readonly isPortFree?: PortProbe;
  /**
   * The agent's cluster (name or ARN): `recover()` only takes containers labelled with it, so another
   * agent (or test) sharing the Docker daemon keeps its own containers.
   */
  readonly cluster?: string;
  /** Images an earlier run of the agent pulled (ECS_IMAGE_PULL_BEHAVIOR=once, image cleanup). */
  readonly pulledImages?: Iterable<PulledImage>;
  /** The task metadata endpoint's variables for each container it creates (see metadata/). */
  readonly metadataEnv?: (taskArn: string, containerName: string) => readonly string[];
}

/** After the Docker event stream drops, wait this long before subscribing again. */
export const EVENTS_RECONNECT_MS = 1_000;
/** Budget for each Docker call made by cleanup and recovery. */
export const HOUSEKEEPING_CALL_TIMEOUT_MS = 60_000;
/** How many cleaned-up task ARNs are remembered so a late desired set cannot start them again. */
export const FORGOTTEN_TASKS_KEPT = 10_000;
const NO_LONGER_DESIRED = 'Task is no longer in the control plane\u2019s desired set';

interface Entry {
  readonly manager: TaskManager;
  readonly plan: TaskPlan | undefined;
  acknowledged: boolean;
}

/**
 * Runs the tasks the control plane wants on this instance: one TaskManager per task, all running
 * concurrently, driven by `applyDesired` (the complete desired set) and by Docker events. Knows
 * nothing of the session or the wire: the caller feeds desired sets in and queues changes out.
 */
export class TaskEngine {
  private readonly entries = new Map<string, Entry>();
  private readonly forgotten = new Set<string>();
  private recovered = new Map<string, RecoveredContainer[]>();
  /** Tasks on this host found by recover() that belong to another instance or control plane: left alone, logged once. */
  private readonly foreign = new Set<string>();
  private instanceArn: string | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly life = new AbortController();
  private readonly puller: ImagePuller;
  private readonly ports: PortAllocator;
  private readonly now: () => number;
  private readonly setup: SetupOptions;
  private watching: Promise<void> | undefined;

  constructor(private readonly options: TaskEngineOptions) {
    const { config } = options;
    // Every manager and runtime call listens on the engine's lifetime signal.
    setMaxListeners(0, this.life.signal);
    this.now = options.now ?? Date.now;
    this.puller = new ImagePuller(options.runtime, config.imagePullBehavior, config.imagePullTimeoutMs, this.now, options.pulledImages);
    this.ports = new PortAllocator(config.dynamicHostPortRange, config.reservedPorts, options.isPortFree ?? bindProbe(this.bindHost), config.reservedPortsUdp);
    this.setup = { defaultStopTimeoutMs: config.containerStopTimeoutMs, disableHealthCheck: config.disableDockerHealthCheck };
  }

  private get bindHost(): string {
    return this.options.bindHost ?? '0.0.0.0';
  }

  /** Subscribes to Docker events; resolves once the first subscription is in place. */
  async start(): Promise<void> {
    if (this.watching) return;
    let subscribed!: () => void;
    const ready = new Promise<void>((resolve) => (subscribed = resolve));
    this.watching = this.watchEvents(subscribed);
    await Promise.race([ready, this.watching]);
  }

  /** The instance the agent registered as: labelled on the containers it starts from now on. */
  identify(containerInstanceArn: string): void {
    this.instanceArn = containerInstanceArn;
  }

  /**
   * Finds the containers labelled with this agent's cluster after a restart; the next
   * `applyDesired` adopts those the control plane still wants here, stops those labelled with this
   * instance that it no longer wants, and leaves every other one alone (see `applyDesired`).
   */
  async recover(): Promise<void> {
    const signal = this.housekeeping();
    const found = new Map<string, RecoveredContainer[]>();
    for (const c of await this.options.runtime.listManagedContainers(signal)) {
      const taskArn = c.labels[Labels.taskArn];
      const containerName = c.labels[Labels.containerName];
      if (!taskArn || !containerName || this.entries.has(taskArn)) continue;
      if (this.options.cluster !== undefined && c.labels[Labels.cluster] !== clusterNameFrom(this.options.cluster)) continue;
      const inspection = await this.options.runtime.inspectContainer(c.id, signal);
      if (!inspection) continue;
      found.set(taskArn, [...(found.get(taskArn) ?? []), { containerName, inspection, ...(c.labels[Labels.containerInstance] ? { containerInstanceArn: c.labels[Labels.containerInstance] } : {}) }]);
      if (inspection.running) this.ports.hold(inspection.ports.map((p) => p.hostPort));
    }
    this.recovered = found;
  }

  /** The complete desired set: new RUNNING tasks start, missing or STOPPED ones stop. Never starts a task twice. */
  applyDesired(tasks: readonly DesiredTask[]): void {
    const wanted = new Set(tasks.map((t) => t.taskArn));
    for (const task of tasks) {
      const entry = this.entries.get(task.taskArn);
      if (entry) {
        if (task.desiredStatus === 'STOPPED') entry.manager.stop();
      } else if (!this.forgotten.has(task.taskArn)) {
        this.launch(task);
      }
    }
    for (const [arn, entry] of this.entries) {
      if (!wanted.has(arn) && entry.manager.snapshot().desiredStatus === 'RUNNING') entry.manager.stop(undefined, NO_LONGER_DESIRED);
    }
    const unmanaged: { taskArn: string; running: boolean; labelledInstance: string }[] = [];
    for (const [arn, containers] of this.recovered) {
      if (this.entries.has(arn)) continue;
      // Not in this instance's desired set: ours only if we started it for this very instance.
      // Anything else — another control plane's cluster of the same name, an agent before this one
      // with another ECS_DATADIR — is not ours to stop.
      if (this.instanceArn !== undefined && containers.every((c) => c.containerInstanceArn === this.instanceArn)) {
        this.track(arn, orphanTaskState(arn, containers, this.setup, this.now()), undefined, containers);
      } else if (!this.foreign.has(arn)) {
        this.foreign.add(arn);
        unmanaged.push({ taskArn: arn, running: containers.some((c) => c.inspection.running), labelledInstance: containers[0]?.containerInstanceArn ?? 'none' });
      }
    }
    if (unmanaged.length > 0) {
      this.options.log?.warn("left alone tasks on this host that are not this instance's (unmanaged)", {
        count: unmanaged.length,
        running: unmanaged.filter((u) => u.running).length,
        tasks: unmanaged.slice(0, 10),
      });
    }
    this.recovered.clear();
  }

  /** The control plane has recorded STOPPED: remove the task's containers after ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION. */
  acknowledgeStopped(taskArn: string): void {
    const entry = this.entries.get(taskArn);
    if (!entry || entry.acknowledged) return;
    entry.acknowledged = true;
    if (entry.manager.snapshot().knownStatus === 'STOPPED') this.scheduleCleanup(taskArn);
  }

  runningContainerCount(): number {
    let count = 0;
    for (const { manager } of this.entries.values()) count += manager.snapshot().containers.filter((c) => c.knownStatus === 'RUNNING').length;
    return count;
  }

  /** The running containers of tasks known RUNNING, for the metrics sampler. */
  runningContainers(): { taskArn: string; runtimeId: string }[] {
    const out: { taskArn: string; runtimeId: string }[] = [];
    for (const { manager } of this.entries.values()) {
      const task = manager.snapshot();
      if (task.knownStatus !== 'RUNNING') continue;
      for (const c of task.containers) if (c.knownStatus === 'RUNNING' && c.runtimeId) out.push({ taskArn: task.taskArn, runtimeId: c.runtimeId });
    }
    return out;
  }

  /** Every task the engine has a plan for, with its current state (the task metadata endpoint reads these). */
  *views(): Iterable<{ readonly plan: TaskPlan; readonly state: TaskState }> {
    for (const { manager, plan } of this.entries.values()) if (plan) yield { plan, state: manager.snapshot() };
  }

  describe(taskArn: string): TaskStateChange | undefined {
    const entry = this.entries.get(taskArn);
    return entry ? toStateChange(entry.manager.snapshot()) : undefined;
  }

  /** The images this agent pulled, for the caller to persist when `changes` moves. */
  get pulledImages(): { readonly changes: number; pulledImages(): readonly PulledImage[] } {
    return this.puller;
  }

  /** One image-cleanup cycle (ECS_IMAGE_CLEANUP_*): removes pulled images no container uses any more. */
  cleanUpImages(policy: ImageCleanupPolicy): Promise<string[]> {
    return cleanUpImages({
      runtime: this.options.runtime,
      pulled: () => this.puller.pulledImages(),
      forget: (image) => this.puller.forget(image),
      policy,
      now: this.now(),
      ...(this.options.log ? { log: this.options.log } : {}),
      signal: withTimeout(this.life.signal, HOUSEKEEPING_CALL_TIMEOUT_MS),
    });
  }

  /** Stops watching and managing; containers keep running (a restarted agent re-adopts them). */
  async close(): Promise<void> {
    this.life.abort();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([this.watching, ...[...this.entries.values()].map((e) => e.manager.finished)]);
  }

  private launch(task: DesiredTask): void {
    const plan = planFor(task, this.instanceArn);
    const recovered = this.recovered.get(task.taskArn) ?? [];
    this.recovered.delete(task.taskArn);
    this.track(task.taskArn, initialTaskState(task, plan, recovered, this.setup, this.now()), plan, recovered);
  }

  private track(taskArn: string, initial: TaskState, plan: TaskPlan | undefined, recovered: readonly RecoveredContainer[]): void {
    const manager = new TaskManager(initial, plan, {
      action: {
        runtime: this.options.runtime,
        puller: this.puller,
        ports: this.ports,
        config: this.options.config,
        bindHost: this.bindHost,
        now: this.now,
        ...(this.options.metadataEnv ? { metadataEnv: this.options.metadataEnv } : {}),
      },
      onChange: this.options.onChange,
      onStopped: (m) => this.stopped(m),
      signal: this.life.signal,
      ...(this.options.log ? { log: this.options.log.child({ taskArn }) } : {}),
    });
    manager.holdPorts(recovered.filter((r) => r.inspection.running).flatMap((r) => r.inspection.ports.map((p) => p.hostPort)));
    this.entries.set(taskArn, { manager, plan, acknowledged: false });
  }

  private stopped(manager: TaskManager): void {
    this.ports.release(manager.heldPorts());
    if (this.entries.get(manager.taskArn)?.acknowledged) this.scheduleCleanup(manager.taskArn);
  }

  private scheduleCleanup(taskArn: string): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.cleanup(taskArn).catch((error: unknown) => this.options.log?.warn('task cleanup failed', { taskArn, error }));
    }, this.options.config.taskCleanupWaitMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Removes the task's containers (found by label, so leftovers go too) and its task-scoped volumes. */
  private async cleanup(taskArn: string): Promise<void> {
    const entry = this.entries.get(taskArn);
    const signal = this.housekeeping();
    const containers = (await this.options.runtime.listManagedContainers(signal)).filter((c) => c.labels[Labels.taskArn] === taskArn);
    for (const c of containers) await this.options.runtime.removeContainer(c.id, signal);
    for (const volume of taskScopedVolumeNames(taskArn, entry?.plan?.volumes ?? [])) await this.options.runtime.removeVolume(volume, signal);
    this.entries.delete(taskArn);
    this.forgotten.add(taskArn);
    if (this.forgotten.size > FORGOTTEN_TASKS_KEPT) this.forgotten.delete(this.forgotten.values().next().value as string);
  }

  /** One budget shared by a batch of housekeeping calls (each call adds an abort listener). */
  private housekeeping(): AbortSignal {
    const signal = withTimeout(this.life.signal, HOUSEKEEPING_CALL_TIMEOUT_MS);
    setMaxListeners(0, signal);
    return signal;
  }

  private async watchEvents(subscribed: () => void): Promise<void> {
    const signal = this.life.signal;
    while (!signal.aborted) {
      try {
        const events = await this.options.runtime.events(signal);
        subscribed();
        this.resyncAll();
        for await (const event of events) this.route(event);
      } catch (error) {
        if (!signal.aborted) this.options.log?.warn('docker event stream dropped; resubscribing', { error });
      }
      subscribed(); // never leave start() hanging on a daemon that refuses events
      await pause(EVENTS_RECONNECT_MS, signal);
    }
  }

  private route(event: RuntimeEvent): void {
    const taskArn = event.labels[Labels.taskArn];
    const name = event.labels[Labels.containerName];
    if (!taskArn || !name) return;
    this.entries.get(taskArn)?.manager.observe(event, name);
  }

  /** Events may have been missed while unsubscribed: re-read what Docker says. */
  private resyncAll(): void {
    for (const { manager } of this.entries.values()) {
      manager
        .resync(this.housekeeping())
        .catch((error: unknown) => this.options.log?.warn('resync failed', { taskArn: manager.taskArn, error }));
    }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
