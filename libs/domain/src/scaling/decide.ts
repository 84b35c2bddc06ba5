import { clampCapacity, type CapacityBounds } from './capacity.js';

/**
 * Several policies on one service: scale out if any policy asks for more, scale in only if every
 * policy asks for less, and the largest capacity asked for wins either way (so the policy that
 * needs the most tasks is never starved). No scale-in while a deployment is in progress; the
 * target's bounds hold over everything.
 */

export interface SuspendedState {
  readonly dynamicScalingInSuspended: boolean;
  readonly dynamicScalingOutSuspended: boolean;
  readonly scheduledScalingSuspended: boolean;
}

export const NOT_SUSPENDED: SuspendedState = { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false };

/** What one policy asks for after its own rules (data, stabilisation, cooldown); undefined is no opinion. */
export interface PolicyAsk {
  readonly policyName: string;
  readonly capacity: number | undefined;
  /** Why, in words for the scaling activity's Cause. */
  readonly cause: string;
}

export interface ScalingSituation {
  readonly current: number;
  readonly bounds: CapacityBounds;
  readonly asks: readonly PolicyAsk[];
  readonly deploymentInProgress: boolean;
  readonly suspended: SuspendedState;
}

export type ScalingDecision =
  | { readonly action: 'none'; readonly reason: string }
  | { readonly action: 'scale-out' | 'scale-in'; readonly capacity: number; readonly policyName?: string; readonly cause: string };

export function decideCapacity(situation: ScalingSituation): ScalingDecision {
  const { current, bounds, suspended } = situation;
  const held = clampCapacity(current, bounds);
  if (held !== current) {
    return { action: held > current ? 'scale-out' : 'scale-in', capacity: held, cause: `the desired count ${current} is outside the scalable target's bounds [${bounds.minCapacity}, ${bounds.maxCapacity}]` };
  }
  const asks = situation.asks.map((ask) => (ask.capacity === undefined ? ask : { ...ask, capacity: clampCapacity(ask.capacity, bounds) }));
  const outs = asks.filter((ask): ask is PolicyAsk & { capacity: number } => ask.capacity !== undefined && ask.capacity > current);
  if (outs.length > 0) {
    if (suspended.dynamicScalingOutSuspended) return { action: 'none', reason: 'dynamic scale-out is suspended' };
    return chosen('scale-out', outs);
  }
  if (asks.length === 0) return { action: 'none', reason: 'no scaling policy' };
  const ins = asks.filter((ask): ask is PolicyAsk & { capacity: number } => ask.capacity !== undefined && ask.capacity < current);
  if (ins.length < asks.length) return { action: 'none', reason: 'not every policy asks to scale in' };
  if (situation.deploymentInProgress) return { action: 'none', reason: 'a deployment is in progress' };
  if (suspended.dynamicScalingInSuspended) return { action: 'none', reason: 'dynamic scale-in is suspended' };
  return chosen('scale-in', ins);
}

function chosen(action: 'scale-out' | 'scale-in', asks: readonly (PolicyAsk & { capacity: number })[]): ScalingDecision {
  const winner = asks.reduce((best, ask) => (ask.capacity > best.capacity ? ask : best));
  return { action, capacity: winner.capacity, policyName: winner.policyName, cause: winner.cause };
}

/** A scaling activity's Description, in Application Auto Scaling's words. */
export function activityDescription(capacity: number): string {
  return `Setting desired count to ${capacity}.`;
}
