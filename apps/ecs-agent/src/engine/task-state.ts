import {
  containerStatusRank,
  type ContainerDependency,
  type ContainerStatus,
  type HealthStatus,
  type NetworkBinding,
  type StopCode,
} from '@berth/domain';
import { rollupTaskStatus, type EngineTaskStatus } from './rollup.js';

/**
 * The engine's view of one task, as plain readonly data. Only that task's manager replaces it
 * (style rule 9), always through the pure reducers below; times are epoch milliseconds passed in,
 * so every rule is table-testable. Statuses only move forward (style rule 7).
 */
export interface ContainerState {
  readonly name: string;
  readonly essential: boolean;
  readonly dependsOn: readonly ContainerDependency[];
  /** Containers this one links to: Docker can only link to a running container. */
  readonly links: readonly string[];
  /** Containers this one takes volumes from: they must exist before this one is created. */
  readonly volumesFrom: readonly string[];
  readonly hasHealthCheck: boolean;
  /** How long dependency conditions may take, counted from CREATED. */
  readonly startTimeoutMs?: number;
  readonly stopTimeoutSeconds: number;
  readonly knownStatus: ContainerStatus;
  readonly desiredStatus: 'RUNNING' | 'STOPPED';
  /** The status a runtime call is moving the container to right now. */
  readonly inFlight?: ContainerStatus;
  /** A failed stop is retried at this time. */
  readonly retryAt?: number;
  readonly health: HealthStatus;
  readonly exitCode?: number;
  readonly reason?: string;
  readonly runtimeId?: string;
  readonly imageDigest?: string;
  readonly networkBindings: readonly NetworkBinding[];
  readonly createdAt?: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
}

export interface TaskState {
  readonly taskArn: string;
  readonly desiredStatus: 'RUNNING' | 'STOPPED';
  readonly knownStatus: EngineTaskStatus;
  readonly stopCode?: StopCode;
  readonly reason?: string;
  readonly containers: readonly ContainerState[];
  readonly pullStartedAt?: number;
  readonly pullStoppedAt?: number;
  readonly startedAt?: number;
  readonly executionStoppedAt?: number;
}

/** What a finished runtime call (or a runtime event) learned about a container. */
export interface ContainerPatch {
  readonly knownStatus?: ContainerStatus;
  readonly runtimeId?: string;
  readonly imageDigest?: string;
  readonly networkBindings?: readonly NetworkBinding[];
  readonly health?: HealthStatus;
  readonly exitCode?: number;
  readonly reason?: string;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly pullStartedAt?: number;
  readonly pullStoppedAt?: number;
}

export const MAX_REASON_LENGTH = 1024;
/** A failed docker stop is retried after this long, so a sick daemon is not hammered. */
export const STOP_RETRY_MS = 2_000;

export const truncateReason = (reason: string): string =>
  reason.length <= MAX_REASON_LENGTH ? reason : `${reason.slice(0, MAX_REASON_LENGTH - 1)}…`;

const laterStatus = (a: ContainerStatus, b: ContainerStatus): ContainerStatus =>
  containerStatusRank(a) >= containerStatusRank(b) ? a : b;

function withContainer(task: TaskState, name: string, update: (c: ContainerState) => ContainerState, now: number): TaskState {
  const containers = task.containers.map((c) => (c.name === name ? update(c) : c));
  return rolledUp({ ...task, containers }, now);
}

/** Recomputes the task's known status and the times that follow from it. */
export function rolledUp(task: TaskState, now: number): TaskState {
  const knownStatus = rollupTaskStatus(task.containers, task.desiredStatus, task.knownStatus);
  if (knownStatus === task.knownStatus) return task;
  return {
    ...task,
    knownStatus,
    ...(knownStatus === 'RUNNING' && task.startedAt === undefined ? { startedAt: now } : {}),
    ...(knownStatus === 'STOPPED' ? { executionStoppedAt: now } : {}),
  };
}

/** Desired status only moves forward; the first stop code and reason win. */
export function stopTask(task: TaskState, now: number, stopCode?: StopCode, reason?: string): TaskState {
  const stopped: TaskState = {
    ...task,
    desiredStatus: 'STOPPED',
    ...(task.stopCode === undefined && stopCode !== undefined ? { stopCode } : {}),
    ...(task.reason === undefined && reason !== undefined ? { reason: truncateReason(reason) } : {}),
    containers: task.containers.map((c) => ({ ...c, desiredStatus: 'STOPPED' as const })),
  };
  return rolledUp(stopped, now);
}

export function markInFlight(task: TaskState, name: string, to: ContainerStatus, now: number): TaskState {
  return withContainer(task, name, (c) => ({ ...c, inFlight: to, retryAt: undefined }), now);
}

/** Merges what was learned; never moves a status backwards and keeps the first exit code and reason. */
export function patchContainer(task: TaskState, name: string, patch: ContainerPatch, now: number): TaskState {
  const merged = withContainer(
    task,
    name,
    (c) => ({
      ...c,
      knownStatus: patch.knownStatus ? laterStatus(c.knownStatus, patch.knownStatus) : c.knownStatus,
      runtimeId: patch.runtimeId ?? c.runtimeId,
      imageDigest: patch.imageDigest ?? c.imageDigest,
      networkBindings: patch.networkBindings ?? c.networkBindings,
      health: patch.health ?? c.health,
      exitCode: c.exitCode ?? patch.exitCode,
      reason: c.reason ?? (patch.reason === undefined ? undefined : truncateReason(patch.reason)),
      createdAt: c.createdAt ?? (patch.knownStatus === 'CREATED' ? now : undefined),
      startedAt: c.startedAt ?? patch.startedAt,
      finishedAt: c.finishedAt ?? patch.finishedAt ?? (patch.knownStatus === 'STOPPED' && c.knownStatus !== 'STOPPED' ? now : undefined),
    }),
    now,
  );
  return {
    ...merged,
    pullStartedAt: merged.pullStartedAt ?? patch.pullStartedAt,
    pullStoppedAt: patch.pullStoppedAt === undefined ? merged.pullStoppedAt : Math.max(merged.pullStoppedAt ?? 0, patch.pullStoppedAt),
  };
}

/** A runtime call finished: clear the in-flight mark and merge its result. */
export function completeMove(task: TaskState, name: string, patch: ContainerPatch, now: number): TaskState {
  return patchContainer(withContainer(task, name, (c) => ({ ...c, inFlight: undefined }), now), name, patch, now);
}

/** A failed stop leaves the container as it was and is retried later. */
export function failStop(task: TaskState, name: string, now: number): TaskState {
  return withContainer(task, name, (c) => ({ ...c, inFlight: undefined, retryAt: now + STOP_RETRY_MS }), now);
}

/** Stops a container that never ran (failed pull/create/start, impossible dependency): its reason is the why. */
export function failContainer(task: TaskState, name: string, reason: string, now: number, exitCode?: number): TaskState {
  const cleared = withContainer(task, name, (c) => ({ ...c, inFlight: undefined }), now);
  return patchContainer(cleared, name, { knownStatus: 'STOPPED', reason, ...(exitCode === undefined ? {} : { exitCode }) }, now);
}
