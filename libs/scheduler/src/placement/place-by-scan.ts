import { reserve, type Candidate } from './candidate.js';
import { placementFailure, startPlan } from './plan-start.js';
import type { Scorer } from './strategies/index.js';
import type { InstanceSnapshot, PlacementFailure, PlacementPlan, PlacementRequest } from './types.js';

/**
 * The reference placement: for each copy, one pass over every eligible candidate. It costs
 * O(instances) per copy; `place()` answers the same question from an index, and the property
 * tests hold each of its choices against this one. Kept for those tests and the benchmark.
 *
 * Ties on every score go to a seeded random draw per tied candidate (the lowest draw wins).
 */
export function placeByScan(request: PlacementRequest, instances: readonly InstanceSnapshot[]): PlacementPlan {
  const { candidates, scorers, eligible, fits, random } = startPlan(request, instances);
  const placements: string[] = [];
  const failures: PlacementFailure[] = [];
  const bestScores = new Float64Array(scorers.length);
  for (let copy = 0; copy < request.count; copy++) {
    const best = pickBest(eligible, fits, scorers, request, bestScores, random);
    if (best) {
      reserve(best, request);
      for (const s of scorers) s.placed(best);
      placements.push(best.instance.id);
    } else {
      failures.push(placementFailure(candidates, request));
    }
  }
  return { placements, failures };
}

/** One pass over the eligible candidates: lexicographic comparison with early exit, lazy random tie-break. */
function pickBest(
  eligible: readonly Candidate[],
  fits: (c: Candidate) => boolean,
  scorers: readonly Scorer[],
  request: PlacementRequest,
  bestScores: Float64Array,
  random: () => number,
): Candidate | undefined {
  let best: Candidate | undefined;
  let bestRandom = -1;
  for (const c of eligible) {
    if (!fits(c)) continue;
    if (!best) {
      best = c;
      bestRandom = -1;
      for (let k = 0; k < scorers.length; k++) bestScores[k] = scorers[k]!.score(c, request);
      continue;
    }
    let verdict = 0;
    let k = 0;
    for (; k < scorers.length; k++) {
      const score = scorers[k]!.score(c, request);
      if (score !== bestScores[k]) {
        verdict = score < bestScores[k]! ? -1 : 1;
        break;
      }
    }
    if (verdict === 0) {
      if (bestRandom < 0) bestRandom = random();
      const challenger = random();
      if (challenger >= bestRandom) continue;
      best = c;
      bestRandom = challenger;
    } else if (verdict < 0) {
      best = c;
      bestRandom = -1;
      for (let j = 0; j < scorers.length; j++) bestScores[j] = j < k ? bestScores[j]! : scorers[j]!.score(c, request);
    }
  }
  return best;
}
