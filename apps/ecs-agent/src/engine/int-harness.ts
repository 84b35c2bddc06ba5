import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { Readable } from 'node:stream';
import type { ContainerDefinition } from '@berth/domain';
import { DockerRuntime } from '../docker/docker-runtime.js';
import { taskScopedVolumeNames } from './container-spec.js';
import type { EngineConfig } from './engine-config.js';
import { createLogStreamer } from './logs.js';
import type { LogChunk } from './runtime.js';
import { TaskEngine, type DesiredTask, type TaskEngineOptions, type TaskStateChange } from './task-engine.js';
import { containerDef, desiredTask, testEngineConfig } from './test-fixtures.js';

/**
 * Integration-test harness: a TaskEngine on the real Docker daemon, binding published ports on
 * 127.0.0.1 only, with every container it creates labelled so `close()` removes them all.
 */
export const TEST_IMAGE = 'berth/busybox:latest';
const TEST_LABEL = 'berth.test-run';

export class EngineHarness {
  readonly runtime = DockerRuntime.fromHost(process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock');
  readonly run = randomUUID();
  readonly changes: TaskStateChange[] = [];
  readonly engine: TaskEngine;
  /** A cluster of its own, so recovery never touches containers of other runs on this daemon. */
  readonly cluster = `berth-test-${this.run.slice(0, 8)}`;
  /** Each engine's complete desired set. */
  private readonly desired = new Map<TaskEngine, Map<string, DesiredTask>>();
  private readonly started: DesiredTask[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(config: Partial<EngineConfig> = {}, options: Pick<TaskEngineOptions, 'pulledImages'> = {}) {
    this.engine = this.newEngine(config, options);
  }

  newEngine(config: Partial<EngineConfig> = {}, options: Pick<TaskEngineOptions, 'pulledImages'> = {}): TaskEngine {
    return new TaskEngine({
      ...options,
      runtime: this.runtime,
      config: { ...testEngineConfig, ...config },
      bindHost: '127.0.0.1',
      cluster: this.cluster,
      onChange: (change) => {
        this.changes.push(change);
        for (const l of this.listeners) l();
      },
    });
  }

  /** A container definition on the test image, labelled for clean-up. */
  def(overrides: Partial<ContainerDefinition> & { readonly name: string }): ContainerDefinition {
    return containerDef({ image: TEST_IMAGE, stopTimeout: 2, ...overrides, dockerLabels: { ...overrides.dockerLabels, [TEST_LABEL]: this.run } });
  }

  /** Adds a task to the (complete) desired set and applies it. */
  start(containers: readonly ContainerDefinition[], overrides: Parameters<typeof desiredTask>[1] = {}, engine = this.engine): DesiredTask {
    const task = desiredTask(containers, { clusterArn: `arn:aws:ecs:local:000000000000:cluster/${this.cluster}`, ...overrides });
    this.started.push(task);
    this.apply(engine, task);
    return task;
  }

  /** Sets a task's desired status to STOPPED on that engine (adding it to its set if need be). */
  stop(taskArn: string, engine = this.engine): void {
    const task = this.started.find((t) => t.taskArn === taskArn);
    if (task) this.apply(engine, { ...task, desiredStatus: 'STOPPED' });
  }

  /** Puts a task into an engine's desired set and applies the whole set. */
  apply(engine: TaskEngine, task: DesiredTask): void {
    const set = this.desired.get(engine) ?? new Map<string, DesiredTask>();
    this.desired.set(engine, set.set(task.taskArn, task));
    engine.applyDesired([...set.values()]);
  }

  /** The latest change of a task (among those from index `after` on) once it satisfies `predicate`. */
  waitFor(taskArn: string, predicate: (c: TaskStateChange) => boolean, timeoutMs = 30_000, after = 0): Promise<TaskStateChange> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const latest = this.changes.slice(after).filter((c) => c.taskArn === taskArn).at(-1);
        if (latest && predicate(latest)) {
          done();
          resolve(latest);
        }
      };
      const timer = setTimeout(() => {
        done();
        const seen = this.changes.filter((c) => c.taskArn === taskArn).at(-1);
        reject(new Error(`timed out after ${timeoutMs}ms waiting for ${taskArn}; last change: ${JSON.stringify(seen)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  waitForStatus(taskArn: string, status: TaskStateChange['status'], timeoutMs?: number): Promise<TaskStateChange> {
    return this.waitFor(taskArn, (c) => c.status === status, timeoutMs);
  }

  /** Everything a container wrote (works for stopped containers). */
  async output(taskArn: string, containerName: string): Promise<string> {
    const stream: Readable = await createLogStreamer(this.runtime)(taskArn, containerName, { follow: false }, AbortSignal.timeout(10_000));
    let text = '';
    for await (const chunk of stream as AsyncIterable<LogChunk>) text += chunk.data.toString();
    return text;
  }

  async inspect(runtimeId: string | undefined) {
    if (!runtimeId) throw new Error('no runtime id');
    const seen = await this.runtime.inspectContainer(runtimeId, AbortSignal.timeout(10_000));
    if (!seen) throw new Error(`container ${runtimeId} is gone`);
    return seen;
  }

  /** Removes every container and task volume this run created, whatever state the test left them in. */
  async close(...engines: TaskEngine[]): Promise<void> {
    await Promise.all([this.engine, ...engines].map((e) => e.close()));
    const signal = AbortSignal.timeout(60_000);
    setMaxListeners(0, signal);
    const mine = (await this.runtime.listManagedContainers(signal)).filter((c) => c.labels[TEST_LABEL] === this.run);
    await Promise.all(mine.map((c) => this.runtime.removeContainer(c.id, signal)));
    const volumes = this.started.flatMap((t) => taskScopedVolumeNames(t.taskArn, t.definition.volumes));
    await Promise.all(volumes.map((v) => this.runtime.removeVolume(v, signal)));
  }
}
