import type { Candidate } from '../candidate.js';
import type { FailureReason, PlacementRequest } from '../types.js';

/** Why a filter turned an instance down; `shortfall` (0–1) ranks near misses among equals. */
export interface Rejection {
  readonly reason: FailureReason;
  readonly detail: string;
  readonly shortfall: number;
}

/** One feasibility check. Filters run in order; an instance must pass all of them. */
export interface Filter {
  readonly name: string;
  check(candidate: Candidate, request: PlacementRequest): Rejection | undefined;
}
