import type { ContainerStatus, DependencyCondition, StopCode } from '@berth/domain';
import { isContainerAtLeast } from './rollup.js';
import type { ContainerState, TaskState } from './task-state.js';

/**
 * What a task manager does next, decided purely from the task's state and `now` (style rules 1
 * and 9, after the ECS agent's `containerNextState`). The manager applies `stop-task` and `fail`
 * to its state, dispatches `move`s to the runtime (all of them at once: independent containers
 * start and stop in parallel), and otherwise sleeps until an event or the `wait` deadline.
 */
export type Decision =
  | { readonly kind: 'stop-task'; readonly stopCode: StopCode; readonly reason: string }
  /** Stop a container without starting it: one of its dependencies can never be met. */
  | { readonly kind: 'fail'; readonly container: string; readonly exitCode: number; readonly reason: string }
  | { readonly kind: 'move'; readonly moves: readonly Move[] }
  | { readonly kind: 'wait'; readonly until?: number }
  | { readonly kind: 'done' };

/** Every status but NONE can be moved to. */
export type TargetStatus = Exclude<ContainerStatus, 'NONE'>;

export interface Move {
  readonly container: string;
  readonly to: TargetStatus;
}

/** ECS reports a container stopped by the agent before it started as killed by SIGTERM. */
export const DEPENDENCY_EXIT_CODE = 143;
export const ESSENTIAL_EXITED_REASON = 'Essential container in task exited';

const steps: Readonly<Partial<Record<ContainerStatus, TargetStatus>>> = { NONE: 'PULLED', PULLED: 'CREATED', CREATED: 'RUNNING' };

type Gate = { readonly kind: 'go' } | { readonly kind: 'wait' } | { readonly kind: 'impossible'; readonly why: string; readonly condition: string; readonly of: string };

export function nextTransition(task: TaskState, now: number): Decision {
  return task.desiredStatus === 'RUNNING' ? nextWhileRunning(task, now) : nextWhileStopping(task, now);
}

function nextWhileRunning(task: TaskState, now: number): Decision {
  const exited = task.containers.find((c) => c.essential && c.knownStatus === 'STOPPED');
  if (exited) {
    // An essential container that never ran failed the task: its own reason says why.
    return exited.startedAt === undefined && exited.reason !== undefined
      ? { kind: 'stop-task', stopCode: 'TaskFailedToStart', reason: exited.reason }
      : { kind: 'stop-task', stopCode: 'EssentialContainerExited', reason: ESSENTIAL_EXITED_REASON };
  }
  const byName = new Map(task.containers.map((c) => [c.name, c]));
  const moves: Move[] = [];
  let until: number | undefined;
  for (const c of task.containers) {
    const to = steps[c.knownStatus];
    if (!to || c.inFlight) continue;
    const gate = gateFor(c, to, byName);
    if (gate.kind === 'go') {
      moves.push({ container: c.name, to });
    } else if (gate.kind === 'impossible') {
      return {
        kind: 'fail',
        container: c.name,
        exitCode: DEPENDENCY_EXIT_CODE,
        reason: `CannotStartContainerError: dependency graph: container '${c.name}' cannot reach condition ${gate.condition} of '${gate.of}' (${gate.why})`,
      };
    } else if (to === 'RUNNING' && c.startTimeoutMs !== undefined && c.createdAt !== undefined) {
      const deadline = c.createdAt + c.startTimeoutMs;
      if (now >= deadline) {
        return {
          kind: 'fail',
          container: c.name,
          exitCode: DEPENDENCY_EXIT_CODE,
          reason: `CannotStartContainerError: dependency graph: container '${c.name}' timed out after ${c.startTimeoutMs / 1000}s waiting for its dependencies`,
        };
      }
      until = until === undefined ? deadline : Math.min(until, deadline);
    }
  }
  if (moves.length > 0) return { kind: 'move', moves };
  return until === undefined ? { kind: 'wait' } : { kind: 'wait', until };
}

/** Dependents stop first (reverse dependency order); containers that never ran just become STOPPED. */
function nextWhileStopping(task: TaskState, now: number): Decision {
  const moves: Move[] = [];
  let until: number | undefined;
  let pending = false;
  for (const c of task.containers) {
    if (c.knownStatus === 'STOPPED') continue;
    pending = true;
    if (c.inFlight) continue;
    if (c.retryAt !== undefined && c.retryAt > now) {
      until = until === undefined ? c.retryAt : Math.min(until, c.retryAt);
      continue;
    }
    const blocked = c.knownStatus === 'RUNNING' && task.containers.some((d) => d.knownStatus !== 'STOPPED' && dependsOnContainer(d, c.name));
    if (!blocked) moves.push({ container: c.name, to: 'STOPPED' });
  }
  if (moves.length > 0) return { kind: 'move', moves };
  if (!pending) return { kind: 'done' };
  return until === undefined ? { kind: 'wait' } : { kind: 'wait', until };
}

/** Any kind of dependency: dependsOn, a link or volumesFrom. */
export function dependsOnContainer(c: ContainerState, other: string): boolean {
  return c.dependsOn.some((d) => d.containerName === other) || c.links.includes(other) || c.volumesFrom.includes(other);
}

function gateFor(c: ContainerState, to: ContainerStatus, byName: ReadonlyMap<string, ContainerState>): Gate {
  if (to === 'PULLED') return { kind: 'go' };
  let waiting = false;
  for (const source of c.volumesFrom) {
    const dep = byName.get(source);
    if (!dep) continue;
    if (dep.runtimeId !== undefined && isContainerAtLeast(dep.knownStatus, 'CREATED')) continue;
    if (dep.knownStatus === 'STOPPED') return { kind: 'impossible', condition: 'CREATE', of: source, why: 'it was never created' };
    waiting = true;
  }
  if (to === 'CREATED') return waiting ? { kind: 'wait' } : { kind: 'go' };
  for (const link of c.links) {
    const dep = byName.get(link);
    if (!dep || dep.knownStatus === 'RUNNING') continue;
    if (dep.knownStatus === 'STOPPED') return { kind: 'impossible', condition: 'START', of: link, why: 'a linked container must be running' };
    waiting = true;
  }
  for (const { containerName, condition } of c.dependsOn) {
    const dep = byName.get(containerName);
    if (!dep) continue;
    const state = conditionState(dep, condition);
    if (state.kind === 'impossible') return { ...state, condition, of: containerName };
    if (state.kind === 'wait') waiting = true;
  }
  return waiting ? { kind: 'wait' } : { kind: 'go' };
}

/** Whether a dependency meets a dependsOn condition, may still meet it, or never can. */
export function conditionState(
  dep: ContainerState,
  condition: DependencyCondition,
): { kind: 'go' } | { kind: 'wait' } | { kind: 'impossible'; why: string } {
  const stopped = dep.knownStatus === 'STOPPED';
  const ran = dep.startedAt !== undefined;
  switch (condition) {
    case 'START':
      if (ran) return { kind: 'go' };
      return stopped ? { kind: 'impossible', why: 'it stopped without starting' } : { kind: 'wait' };
    case 'COMPLETE':
      if (stopped) return ran ? { kind: 'go' } : { kind: 'impossible', why: 'it stopped without starting' };
      return { kind: 'wait' };
    case 'SUCCESS':
      if (!stopped) return { kind: 'wait' };
      if (dep.exitCode === 0) return { kind: 'go' };
      return { kind: 'impossible', why: dep.exitCode === undefined ? 'it stopped without an exit code' : `it exited with code ${dep.exitCode}` };
    case 'HEALTHY':
      if (!dep.hasHealthCheck) return { kind: 'impossible', why: 'it has no health check' };
      if (stopped) return { kind: 'impossible', why: 'it stopped' };
      if (dep.health === 'UNHEALTHY') return { kind: 'impossible', why: 'it is UNHEALTHY' };
      return dep.health === 'HEALTHY' && dep.knownStatus === 'RUNNING' ? { kind: 'go' } : { kind: 'wait' };
  }
}
