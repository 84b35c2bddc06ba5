import { setMaxListeners } from 'node:events';
import type { Logger } from '@berth/log';
import type { StopCode } from '@berth/domain';
import { ActionFailure, containerActions, inspectionPatch, reasonFor, type ActionContext, type TaskPlan } from './container-actions.js';
import { changeKey, toStateChange, type TaskStateChange } from './report.js';
import type { RuntimeEvent } from './runtime.js';
import {
  completeMove,
  failContainer,
  failStop,
  markInFlight,
  patchContainer,
  stopTask,
  type ContainerPatch,
  type ContainerState,
  type TaskState,
} from './task-state.js';
import { nextTransition, type Move, type TargetStatus } from './transitions.js';

/**
 * One serial manager per task (style rule 9, after the ECS agent's `managedTask`): the only writer
 * of that task's state. Everything that happens to the task — a desired-status change, a finished
 * runtime call, a Docker event — is queued as an input and applied in order by one loop, which then
 * asks the pure `nextTransition` what to do. Runtime calls run concurrently and report back through
 * the queue, so no two writers ever race on the state.
 */
type ManagerInput =
  | { readonly kind: 'stop'; readonly stopCode?: StopCode; readonly reason?: string }
  | { readonly kind: 'result'; readonly container: string; readonly to: TargetStatus; readonly patch: ContainerPatch }
  | { readonly kind: 'failed'; readonly container: string; readonly to: TargetStatus; readonly reason: string; readonly patch?: ContainerPatch }
  | { readonly kind: 'observed'; readonly container: string; readonly patch: ContainerPatch };

export interface ManagerDeps {
  readonly action: Omit<ActionContext, 'plan' | 'heldPorts' | 'volumes'>;
  /** Called synchronously on every visible change; must not block (style rule 11). */
  readonly onChange: (change: TaskStateChange) => void;
  /** The task reached STOPPED and nothing is in flight any more. */
  readonly onStopped: (manager: TaskManager) => void;
  readonly log?: Logger;
  /** Aborted when the engine closes: the loop ends, containers keep running. */
  readonly signal: AbortSignal;
}

export class TaskManager {
  private state: TaskState;
  private readonly inbox: ManagerInput[] = [];
  private wake: (() => void) | undefined;
  /** Aborted once the task is to stop: cancels image pulls still in progress. */
  private readonly pulling = new AbortController();
  private readonly ctx: ActionContext;
  private lastKey = '';
  /** The loop has ended (task STOPPED or engine closed): inputs are dropped, not queued forever. */
  private ended = false;
  readonly finished: Promise<void>;

  constructor(
    initial: TaskState,
    plan: TaskPlan | undefined,
    private readonly deps: ManagerDeps,
  ) {
    this.state = initial;
    this.ctx = { ...deps.action, plan, heldPorts: [] };
    setMaxListeners(0, this.pulling.signal);
    if (initial.desiredStatus === 'STOPPED') this.pulling.abort();
    deps.signal.addEventListener('abort', () => this.wake?.(), { once: true });
    this.finished = this.loop();
  }

  get taskArn(): string {
    return this.state.taskArn;
  }

  snapshot(): TaskState {
    return this.state;
  }

  heldPorts(): readonly number[] {
    return this.ctx.heldPorts;
  }

  /** Ports of re-adopted containers, released with the task like the ones it allocated. */
  holdPorts(ports: readonly number[]): void {
    this.ctx.heldPorts.push(...ports);
  }

  /** Desired status only moves forward: a second stop keeps the first stop code and reason. */
  stop(stopCode?: StopCode, reason?: string): void {
    this.post({ kind: 'stop', ...(stopCode ? { stopCode } : {}), ...(reason ? { reason } : {}) });
  }

  /** A Docker event about one of this task's containers; events for other container ids are stale and ignored. */
  observe(event: RuntimeEvent, containerName: string): void {
    const c = this.state.containers.find((x) => x.name === containerName);
    if (!c || c.runtimeId !== event.containerId) return;
    const now = this.deps.action.now();
    switch (event.action) {
      case 'die':
        // A die proves the container ran, even if its start call has not returned yet.
        this.post({
          kind: 'observed',
          container: c.name,
          patch: { knownStatus: 'STOPPED', startedAt: now, finishedAt: now, ...(event.exitCode === undefined ? {} : { exitCode: event.exitCode }) },
        });
        return;
      case 'health_status':
        if (c.hasHealthCheck && (event.health === 'HEALTHY' || event.health === 'UNHEALTHY')) {
          this.post({ kind: 'observed', container: c.name, patch: { health: event.health } });
        }
        return;
      case 'destroy':
        this.post({ kind: 'observed', container: c.name, patch: vanished(c) });
        return;
      default:
        return;
    }
  }

  /** Re-reads containers Docker may have changed while no events were arriving (stream reconnects). */
  async resync(signal: AbortSignal): Promise<void> {
    for (const c of this.state.containers) {
      if (!c.runtimeId || c.inFlight || (c.knownStatus !== 'RUNNING' && c.knownStatus !== 'CREATED')) continue;
      const seen = await this.deps.action.runtime.inspectContainer(c.runtimeId, signal);
      this.post({ kind: 'observed', container: c.name, patch: seen ? inspectionPatch(seen, c.hasHealthCheck) : vanished(c) });
    }
  }

  private post(input: ManagerInput): void {
    if (this.ended) return;
    this.inbox.push(input);
    this.wake?.();
  }

  private apply(input: ManagerInput, now: number): void {
    switch (input.kind) {
      case 'stop':
        this.state = stopTask(this.state, now, input.stopCode, input.reason);
        break;
      case 'result':
        this.state = completeMove(this.state, input.container, input.patch, now);
        break;
      case 'observed':
        this.state = patchContainer(this.state, input.container, input.patch, now);
        break;
      case 'failed':
        if (input.to === 'STOPPED') {
          this.deps.log?.warn('stopping a container failed; will retry', { taskArn: this.taskArn, container: input.container, reason: input.reason });
          this.state = failStop(this.state, input.container, now);
        } else if (this.state.desiredStatus === 'STOPPED') {
          // Cancelled on purpose: the task is stopping, not failing.
          this.state = completeMove(this.state, input.container, { knownStatus: 'STOPPED' }, now);
        } else {
          if (input.patch) this.state = patchContainer(this.state, input.container, input.patch, now);
          this.state = failContainer(this.state, input.container, input.reason, now);
        }
        break;
    }
    if (this.state.desiredStatus === 'STOPPED' && !this.pulling.signal.aborted) this.pulling.abort();
  }

  private async loop(): Promise<void> {
    try {
      while (!this.deps.signal.aborted) {
        const now = this.deps.action.now();
        for (let input = this.inbox.shift(); input; input = this.inbox.shift()) this.apply(input, now);
        const until = this.decide(now);
        this.emit();
        if (until === 'done') break;
        await this.sleep(until);
      }
    } catch (error) {
      this.deps.log?.error('task manager failed', { taskArn: this.taskArn, error });
    } finally {
      this.ended = true;
      this.inbox.length = 0;
    }
  }

  /** Applies decisions until the manager has to wait; returns the wake-up deadline or 'done'. */
  private decide(now: number): number | undefined | 'done' {
    for (;;) {
      const decision = nextTransition(this.state, now);
      switch (decision.kind) {
        case 'stop-task':
          this.apply({ kind: 'stop', stopCode: decision.stopCode, reason: decision.reason }, now);
          continue;
        case 'fail':
          this.state = failContainer(this.state, decision.container, decision.reason, now, decision.exitCode);
          continue;
        case 'move':
          for (const move of decision.moves) this.dispatch(move, now);
          continue;
        case 'wait':
          return decision.until;
        case 'done':
          if (this.state.containers.some((c) => c.inFlight)) return undefined;
          this.deps.onStopped(this);
          return 'done';
      }
    }
  }

  private dispatch(move: Move, now: number): void {
    this.state = markInFlight(this.state, move.container, move.to, now);
    const container = this.state.containers.find((c) => c.name === move.container) as ContainerState;
    const to = move.to;
    // A stop cancels a pull (it may take minutes), never a create or start in flight: Docker may
    // carry those out after the agent gave up on the call, leaving a container nobody tracks.
    // Either finishes within its timeout, and the stop then takes the container down.
    const signal = to === 'PULLED' ? this.pulling.signal : this.deps.signal;
    containerActions[to](container, this.ctx, signal).then(
      (patch) => this.post({ kind: 'result', container: move.container, to, patch }),
      (error: unknown) =>
        this.post({
          kind: 'failed',
          container: move.container,
          to,
          reason: reasonFor(to, error),
          ...(error instanceof ActionFailure ? { patch: error.patch } : {}),
        }),
    );
  }

  private emit(): void {
    const change = toStateChange(this.state);
    const key = changeKey(change);
    if (key === this.lastKey) return;
    this.lastKey = key;
    try {
      this.deps.onChange(change);
    } catch (error) {
      this.deps.log?.error('onChange threw', { taskArn: this.taskArn, error });
    }
  }

  private sleep(until: number | undefined): Promise<void> {
    if (this.inbox.length > 0 || this.deps.signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = until === undefined ? undefined : setTimeout(() => this.wake?.(), Math.max(0, until - this.deps.action.now()));
      this.wake = () => {
        this.wake = undefined;
        if (timer) clearTimeout(timer);
        resolve();
      };
    });
  }
}

function vanished(c: ContainerState): ContainerPatch {
  return { knownStatus: 'STOPPED', reason: `ContainerVanishedError: container '${c.name}' (${c.runtimeId ?? 'never created'}) is gone from Docker` };
}
