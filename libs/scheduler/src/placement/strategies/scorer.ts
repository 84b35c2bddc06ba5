import type { Candidate } from '../candidate.js';
import type { PlacementRequest } from '../types.js';

/**
 * A strategy as a scorer: lower scores win. Strategies apply in order, later ones breaking ties,
 * and a seeded random number breaks the last ties. `begin` runs once per placed task so scorers
 * that look across instances (spread by host or attribute) can precompute.
 */
export interface Scorer {
  begin?(candidates: readonly Candidate[], request: PlacementRequest): void;
  score(candidate: Candidate, request: PlacementRequest): number;
}
