import { replaceOrder, retireOrder, scaleInOrder, type TaskView } from './classify.js';
import { Stops, settled, type RollContext, type RollResult } from './roll.js';
import { stopReasons } from './stop-reasons.js';

/**
 * One REPLICA pass, in the order the rules bind:
 *
 * 1. forced stops — PENDING tasks on leaving instances, and PRIMARY tasks beyond desiredCount
 *    (scale-in), which minimumHealthyPercent does not guard;
 * 2. starts — PRIMARY tasks missing from desiredCount, as many as maximumPercent leaves room for,
 *    counted *before* this pass's rollout stops (those tasks are still running until the agent
 *    acts, so "stop 2 old, then start 2 new" takes two passes);
 * 3. replacements — UNHEALTHY PRIMARY tasks and those on leaving instances: stopped once a
 *    replacement is healthy, or at once when maximumPercent left no room to start one first;
 * 4. rollout — old tasks, while the healthy count stays ≥ lower.
 */
export function rollReplica(ctx: RollContext): RollResult {
  const { views, desired, upper, lower } = ctx;
  const stops = new Stops(lower);
  const live = views.filter((v) => v.counting);

  for (const v of live) if (v.pending && v.leaving !== undefined) stops.force(v, stopReasons.instanceLeaving(v.task.containerInstanceId, v.leaving));

  const isRetiring = (v: TaskView) => v.unhealthy || v.leaving !== undefined;
  const good = live.filter((v) => v.primary && !stops.has(v) && !isRetiring(v)).sort(scaleInOrder);
  for (const v of good.slice(0, Math.max(0, good.length - desired))) stops.force(v, ctx.scalingReason);
  const kept = good.slice(Math.max(0, good.length - desired));

  const room = upper - live.filter((v) => !stops.has(v)).length;
  const wanted = Math.max(0, Math.min(desired - kept.length, room));
  const starts = ctx.launchBlocked === undefined ? wanted : 0;
  const noRoomFor = ctx.launchBlocked === undefined ? desired - kept.length - starts : 0;

  stops.openBudget(views);
  const retiring = live.filter((v) => v.primary && !stops.has(v) && isRetiring(v)).sort(replaceOrder);
  const replaced = Math.max(0, kept.filter((v) => v.healthy).length - (desired - retiring.length));
  let quota = replaced + noRoomFor;
  for (const v of retiring) {
    if (quota <= 0) break;
    const reason = v.unhealthy ? stopReasons.unhealthy : stopReasons.instanceLeaving(v.task.containerInstanceId, v.leaving ?? '');
    if (stops.tryStop(v, reason)) quota--;
  }

  const old = live.filter((v) => !v.primary && !stops.has(v)).sort(retireOrder);
  const rolling = ctx.launchBlocked !== 'no-primary' && ctx.launchBlocked !== 'failed';
  if (rolling) for (const v of old) stops.tryStop(v, ctx.scalingReason);

  const workLeft = desired > kept.length || retiring.length > 0 || (rolling && old.length > 0);
  const stuck = workLeft && ctx.launchBlocked === undefined && starts === 0 && stops.list.length === 0 && settled(views);
  return { starts, stops: stops.list, wanted, stuck };
}
