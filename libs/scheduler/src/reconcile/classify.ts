import { isLostHost, type Task } from '@berth/domain';
import type { InstanceSnapshot } from '../placement/types.js';
import type { DeploymentState } from './types.js';

/**
 * One task as the rollout sees it. Computed once per pass so every rule (bounds, replacement,
 * counts, events) agrees on what "counts", "healthy" and "must move" mean.
 */
export interface TaskView {
  readonly task: Task;
  /** Belongs to the PRIMARY deployment; everything else (old deployments, unknown startedBy) is old. */
  readonly primary: boolean;
  /** desiredStatus RUNNING and not STOPPED: what maximumPercent counts. */
  readonly counting: boolean;
  /** Not STOPPED yet, whatever it was told: it still holds its instance. */
  readonly present: boolean;
  /** PROVISIONING or PENDING. */
  readonly pending: boolean;
  /** RUNNING, on a host that is not lost, and (no health check, HEALTHY, or still inside the grace period). */
  readonly healthy: boolean;
  /** RUNNING, UNHEALTHY, past the grace period: to be replaced. */
  readonly unhealthy: boolean;
  /** Set when the task's instance is going away (DRAINING, deregistered, gone, not eligible): why. */
  readonly leaving?: string;
}

export interface ClassifyContext {
  readonly primaryId: string | undefined;
  readonly deployments: ReadonlyMap<string, DeploymentState>;
  readonly now: Date;
  readonly gracePeriodSeconds: number;
  /** Why a task on this instance must move, or undefined when it may stay. */
  readonly leavingWhy: (instanceId: string) => string | undefined;
  /** The instance is lost: nobody knows whether its tasks still serve, so none of them counts as healthy. */
  readonly lost?: (instanceId: string) => boolean;
}

export function classify(task: Task, ctx: ClassifyContext): TaskView {
  const counting = task.desiredStatus === 'RUNNING' && task.lastStatus !== 'STOPPED';
  const running = counting && task.lastStatus === 'RUNNING';
  const deployment = ctx.deployments.get(task.startedBy);
  // A task of an unknown deployment has a health check exactly when it reports a verdict.
  const checked = deployment ? deployment.hasHealthCheck : task.healthStatus !== 'UNKNOWN';
  const since = (task.startedAt ?? task.createdAt).getTime();
  const inGrace = ctx.now.getTime() < since + ctx.gracePeriodSeconds * 1000;
  const leaving = counting ? ctx.leavingWhy(task.containerInstanceId) : undefined;
  return {
    task,
    primary: task.startedBy === ctx.primaryId,
    counting,
    present: task.lastStatus !== 'STOPPED',
    pending: counting && (task.lastStatus === 'PROVISIONING' || task.lastStatus === 'PENDING'),
    healthy: running && !(ctx.lost?.(task.containerInstanceId) ?? false) && (!checked || task.healthStatus === 'HEALTHY' || inGrace),
    unhealthy: running && checked && task.healthStatus === 'UNHEALTHY' && !inGrace,
    ...(leaving === undefined ? {} : { leaving }),
  };
}

/**
 * REPLICA: a task must move off an instance that is not ACTIVE, is missing from the snapshot, or
 * is lost (`lostInstances`).
 */
export function replicaLeavingWhy(instances: readonly InstanceSnapshot[], lost: (instanceId: string) => boolean): (instanceId: string) => string | undefined {
  const byId = new Map(instances.map((i) => [i.id, i]));
  return (id) => {
    const instance = byId.get(id);
    if (!instance) return 'is no longer registered';
    if (instance.status !== 'ACTIVE') return `is ${instance.status}`;
    return lost(id) ? lostHostWhy(instance) : undefined;
  };
}

/** The ACTIVE instances whose agent has been disconnected for the lost-host timeout or longer. */
export function lostInstances(instances: readonly InstanceSnapshot[], now: Date, timeoutMs: number): (instanceId: string) => boolean {
  const ids = new Set(instances.filter((i) => i.status === 'ACTIVE' && isLostHost(i, now, timeoutMs)).map((i) => i.id));
  return (id) => ids.has(id);
}

/** How a lost instance is named in stop reasons and events. */
export function lostHostWhy(instance: InstanceSnapshot): string {
  return `is lost: its agent has been disconnected since ${instance.lastHeardAt!.toISOString()}`;
}

type Compare = (a: TaskView, b: TaskView) => number;

const age: Compare = (a, b) => a.task.createdAt.getTime() - b.task.createdAt.getTime() || (a.task.arn < b.task.arn ? -1 : a.task.arn > b.task.arn ? 1 : 0);
const flag = (f: (v: TaskView) => boolean): Compare => (a, b) => Number(f(b)) - Number(f(a));
const chain = (...cs: Compare[]): Compare => (a, b) => {
  for (const c of cs) {
    const r = c(a, b);
    if (r !== 0) return r;
  }
  return 0;
};

/**
 * Old tasks to retire: the ones that serve nothing first (pending, unhealthy, not yet healthy),
 * then those on leaving instances, then oldest first — simple and explainable, where ECS would
 * follow the placement strategy in reverse.
 */
export const retireOrder: Compare = chain(flag((v) => !v.healthy), flag((v) => v.leaving !== undefined), age);

/** Scale-in: pending first, then not yet healthy, then newest (the least proven go first). */
export const scaleInOrder: Compare = chain(flag((v) => v.pending), flag((v) => !v.healthy), (a, b) => age(b, a));

/** Replacements to stop: unhealthy first, then anything not healthy, then oldest. */
export const replaceOrder: Compare = chain(flag((v) => v.unhealthy), flag((v) => !v.healthy), age);
