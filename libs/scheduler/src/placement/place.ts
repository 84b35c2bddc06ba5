import { reserve, type Candidate } from './candidate.js';
import { placementFailure, startPlan } from './plan-start.js';
import { ScoreTree } from './score-tree.js';
import type { Scorer } from './strategies/index.js';
import type { InstanceSnapshot, PlacementFailure, PlacementPlan, PlacementRequest } from './types.js';

export { defaultStrategies } from './plan-start.js';

/**
 * Places `request.count` copies of a task onto a snapshot of instances. Pure: it decides, the
 * caller's applier re-checks against locked rows and commits (style rule 2).
 *
 * Each copy goes to a feasible instance (filters: status, agent, constraints, CPU, memory, ports —
 * see filters/) with the best scores, the strategies' scorers compared in order, and a seeded
 * random draw picks among the instances tied on every score. A copy that fits nowhere becomes a
 * failure naming the instance that came closest and why; so do the copies after it, since a
 * failure changes nothing.
 *
 * Indexed, not scanned: the eligible candidates sit in a ScoreTree keyed by their score vectors.
 * Placing a copy changes only the chosen candidate's own feasibility and scores, plus the score
 * its spread buckets share, which is one lazy range add per bucket because candidates are ordered
 * so that each bucket is a contiguous run. A copy costs O(scorers × log instances); the plan
 * starts with one O(instances log instances) pass. `placeByScan` is the reference it is tested against.
 */
export function place(request: PlacementRequest, instances: readonly InstanceSnapshot[]): PlacementPlan {
  const { candidates, scorers, eligible, fits, random } = startPlan(request, instances);
  const order = orderByBuckets(eligible, scorers);
  const positionOf = new Int32Array(candidates.length);
  order.forEach((c, position) => (positionOf[c.index] = position));
  const runs = bucketRuns(order, scorers);
  const width = Math.max(1, scorers.length); // no scorers (random): every feasible leaf scores 0
  const vector = new Float64Array(width);
  const scoresOf = (c: Candidate): Float64Array | undefined => {
    if (!fits(c)) return undefined;
    for (let j = 0; j < scorers.length; j++) vector[j] = scorers[j]!.score(c, request);
    return vector;
  };
  const leaves = new Float64Array(order.length * width);
  order.forEach((c, position) => {
    const scores = scoresOf(c);
    if (scores) leaves.set(scores, position * width);
    else leaves.fill(Infinity, position * width, (position + 1) * width);
  });
  const tree = new ScoreTree(order.length, width, leaves);

  const placements: string[] = [];
  const failures: PlacementFailure[] = [];
  const before = new Float64Array(scorers.length);
  for (let copy = 0; copy < request.count; copy++) {
    if (!tree.feasible) {
      const failure = placementFailure(candidates, request);
      for (; copy < request.count; copy++) failures.push(failure);
      break;
    }
    const ties = tree.ties;
    const best = order[tree.nthBest(ties > 1 ? Math.floor(random() * ties) : 0)]!;
    for (let j = 0; j < scorers.length; j++) before[j] = scorers[j]!.score(best, request);
    reserve(best, request);
    for (const s of scorers) s.placed(best);
    for (let j = 0; j < scorers.length; j++) {
      const bucketRunsOfBest = runs[j]?.[scorers[j]!.bucketOf!(best)];
      if (!bucketRunsOfBest) continue;
      const delta = scorers[j]!.score(best, request) - before[j]!;
      for (let r = 0; r < bucketRunsOfBest.length; r += 2) tree.add(bucketRunsOfBest[r]!, bucketRunsOfBest[r + 1]!, j, delta);
    }
    tree.set(positionOf[best.index]!, scoresOf(best));
    placements.push(best.instance.id);
  }
  return { placements, failures };
}

/**
 * The eligible candidates ordered by their spread buckets (in strategy order, then by index), so
 * each bucket of the first shared spread is one contiguous run and later ones a few. A spread whose
 * buckets each hold one candidate (instanceId, usually host) is left out: its runs are single
 * leaves anyway. Counting sorts, last key first (each is stable), so the order costs O(instances).
 */
function orderByBuckets(eligible: readonly Candidate[], scorers: readonly Scorer[]): readonly Candidate[] {
  let order = eligible;
  for (const scorer of [...scorers].reverse()) {
    const bucketOf = scorer.bucketOf;
    if (!bucketOf) continue;
    const sizes: number[] = [];
    for (const c of eligible) sizes[bucketOf(c)] = (sizes[bucketOf(c)] ?? 0) + 1;
    if (sizes.every((n) => n === undefined || n <= 1)) continue;
    const starts = new Int32Array(sizes.length);
    for (let b = 1; b < sizes.length; b++) starts[b] = starts[b - 1]! + (sizes[b - 1] ?? 0);
    const sorted = new Array<Candidate>(order.length);
    for (const c of order) sorted[starts[bucketOf(c)]!++] = c;
    order = sorted;
  }
  return order;
}

/** Per spread scorer, per bucket: its runs of positions in `order`, as flat [from, to) pairs. */
function bucketRuns(order: readonly Candidate[], scorers: readonly Scorer[]): (number[][] | undefined)[] {
  return scorers.map((s) => {
    if (!s.bucketOf) return undefined;
    const runs: number[][] = [];
    let previous = -1;
    order.forEach((c, position) => {
      const bucket = s.bucketOf!(c);
      const list = (runs[bucket] ??= []);
      if (bucket === previous) list[list.length - 1] = position + 1;
      else list.push(position, position + 1);
      previous = bucket;
    });
    return runs;
  });
}
