import type { InstanceSnapshot } from '../placement/types.js';
import { retireOrder, scaleInOrder, type TaskView } from './classify.js';
import { Stops, settled, type RollContext, type RollResult } from './roll.js';
import { stopReasons } from './stop-reasons.js';

/** Where a daemon runs: ACTIVE, agent connected, and meeting the service's constraints. */
export function eligibleInstances(instances: readonly InstanceSnapshot[], eligible: (i: InstanceSnapshot) => boolean): InstanceSnapshot[] {
  return instances.filter((i) => i.status === 'ACTIVE' && i.agentConnected && eligible(i)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * DAEMON: a task must leave an instance that is not ACTIVE, is gone, or no longer meets the
 * constraints. An ACTIVE instance whose agent is disconnected keeps its task (it may be running
 * fine) but gets no new one.
 */
export function daemonLeavingWhy(instances: readonly InstanceSnapshot[], eligible: (i: InstanceSnapshot) => boolean): (instanceId: string) => string | undefined {
  const byId = new Map(instances.map((i) => [i.id, i]));
  return (id) => {
    const instance = byId.get(id);
    if (!instance) return 'is no longer registered';
    if (instance.status !== 'ACTIVE') return `is ${instance.status}`;
    return !instance.agentConnected || eligible(instance) ? undefined : "no longer meets the service's placement constraints";
  };
}

/**
 * One DAEMON pass. A daemon cannot move elsewhere, so a rollout replaces per instance: stop the
 * old task (within minimumHealthyPercent), and start the new one once the instance is empty —
 * "empty" meaning no task of the service that is not yet STOPPED, since the old one holds the
 * instance's ports until it has really gone. Tasks on leaving instances, UNHEALTHY tasks and a
 * second PRIMARY task on one instance are stopped outright.
 */
export function rollDaemon(ctx: RollContext, targets: readonly InstanceSnapshot[]): RollResult {
  const { views, upper, lower } = ctx;
  const stops = new Stops(lower);
  const live = views.filter((v) => v.counting);

  for (const v of live) {
    if (v.leaving !== undefined) stops.force(v, stopReasons.instanceLeaving(v.task.containerInstanceId, v.leaving));
    else if (v.unhealthy) stops.force(v, stopReasons.unhealthy);
  }
  const perInstance = new Map<string, TaskView[]>();
  for (const v of live) {
    if (!v.primary || stops.has(v)) continue;
    const list = perInstance.get(v.task.containerInstanceId) ?? [];
    list.push(v);
    perInstance.set(v.task.containerInstanceId, list);
  }
  for (const list of perInstance.values()) for (const v of list.sort(scaleInOrder).slice(0, list.length - 1)) stops.force(v, ctx.scalingReason);

  stops.openBudget(views);
  const old = live.filter((v) => !v.primary && !stops.has(v)).sort(retireOrder);
  const rolling = ctx.launchBlocked !== 'no-primary' && ctx.launchBlocked !== 'failed';
  if (rolling) for (const v of old) stops.tryStop(v, ctx.scalingReason);

  const occupied = new Set(views.filter((v) => v.present).map((v) => v.task.containerInstanceId));
  const empty = targets.filter((i) => !occupied.has(i.id)).map((i) => i.id);
  const room = upper - live.filter((v) => !stops.has(v)).length;
  const wantedIds = empty.slice(0, Math.max(0, room));
  const instanceIds = ctx.launchBlocked === undefined ? wantedIds : [];

  const oldLeft = old.some((v) => !stops.has(v));
  const workLeft = empty.length > 0 || (rolling && oldLeft);
  const stuck = workLeft && ctx.launchBlocked === undefined && instanceIds.length === 0 && stops.list.length === 0 && settled(views);
  return { starts: instanceIds.length, instanceIds, stops: stops.list, wanted: wantedIds.length, stuck };
}
