import { EcsError } from '../errors.js';

/**
 * Capacity arithmetic shared by every policy kind, with Application Auto Scaling's rules: an
 * adjustment is a change, an exact count or a percentage of the current count, and whatever a
 * policy asks for is held inside the scalable target's [min, max].
 */

export const adjustmentTypes = ['ChangeInCapacity', 'ExactCapacity', 'PercentChangeInCapacity'] as const;
export type AdjustmentType = (typeof adjustmentTypes)[number];

export interface CapacityBounds {
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

/** ECS services scale between 0 and this many tasks (the desired count's own limit). */
export const MAX_SERVICE_CAPACITY = 5_000;

export const validationError = (message: string): EcsError => new EcsError('ValidationException', message);

/** The bounds RegisterScalableTarget and a scheduled action take, refused with the field named. */
export function checkCapacityBounds(bounds: { minCapacity?: number; maxCapacity?: number }, field = ''): void {
  for (const name of ['minCapacity', 'maxCapacity'] as const) {
    const value = bounds[name];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0 || value > MAX_SERVICE_CAPACITY) {
      throw validationError(`${field}${pascal(name)} must be a whole number from 0 to ${MAX_SERVICE_CAPACITY}; got ${value}.`);
    }
  }
  if (bounds.minCapacity !== undefined && bounds.maxCapacity !== undefined && bounds.minCapacity > bounds.maxCapacity) {
    throw validationError(`${field}MinCapacity (${bounds.minCapacity}) must not be greater than ${field}MaxCapacity (${bounds.maxCapacity}).`);
  }
}

export function clampCapacity(capacity: number, bounds: CapacityBounds): number {
  return Math.min(bounds.maxCapacity, Math.max(bounds.minCapacity, capacity));
}

/**
 * The capacity an adjustment asks for. A percentage is rounded as Application Auto Scaling rounds
 * it — towards zero, but never below one task either way — and then raised to
 * MinAdjustmentMagnitude when it is smaller. The answer is not clamped; callers clamp.
 */
export function adjustedCapacity(current: number, type: AdjustmentType, adjustment: number, minAdjustmentMagnitude?: number): number {
  switch (type) {
    case 'ExactCapacity':
      return adjustment;
    case 'ChangeInCapacity':
      return current + adjustment;
    case 'PercentChangeInCapacity': {
      const raw = (current * adjustment) / 100;
      let change = raw === 0 ? 0 : Math.sign(raw) * Math.max(1, Math.floor(Math.abs(raw)));
      if (change !== 0 && minAdjustmentMagnitude !== undefined && Math.abs(change) < minAdjustmentMagnitude) {
        change = Math.sign(change) * minAdjustmentMagnitude;
      }
      return current + change;
    }
  }
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * The bounds after a scheduled action or a RegisterScalableTarget update that gives one or both;
 * refused when they would cross. The desired count follows with `clampCapacity`.
 */
export function boundsAfter(bounds: CapacityBounds, change: { minCapacity?: number; maxCapacity?: number }, field = ''): CapacityBounds {
  const next = { minCapacity: change.minCapacity ?? bounds.minCapacity, maxCapacity: change.maxCapacity ?? bounds.maxCapacity };
  checkCapacityBounds(next, field);
  return next;
}
