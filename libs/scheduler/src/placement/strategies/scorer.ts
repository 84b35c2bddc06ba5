import type { Candidate } from '../candidate.js';
import type { PlacementRequest } from '../types.js';

/**
 * A strategy as a scorer: lower scores win. Strategies apply in order, later ones breaking ties,
 * and a seeded random number breaks the last ties. A scorer prepares once per plan and is told
 * about each placement, so it can keep its own counts instead of recomputing them per candidate.
 */
export interface Scorer {
  prepare(candidates: readonly Candidate[], request: PlacementRequest): void;
  score(candidate: Candidate, request: PlacementRequest): number;
  placed(candidate: Candidate): void;
  /**
   * Set when the score is shared by a bucket of candidates (spread): the candidate's bucket, a
   * small integer. Placing on a candidate changes the score of every member of its bucket, which
   * the indexed placement applies to the whole bucket at once.
   */
  readonly bucketOf?: (candidate: Candidate) => number;
}
