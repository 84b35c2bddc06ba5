import { reserve, toCandidate, type Candidate } from './candidate.js';
import { filterPipeline, type Rejection } from './filters/index.js';
import { seededRandom } from './random.js';
import { scorersFor } from './strategies/index.js';
import type { InstanceSnapshot, PlacementFailure, PlacementPlan, PlacementRequest, PlacementStrategy } from './types.js';

/** Used when a request names no strategy: spread across zones, then across instances. */
export const defaultStrategies: readonly PlacementStrategy[] = [
  { type: 'spread', field: 'attribute:ecs.availability-zone' },
  { type: 'spread', field: 'instanceId' },
];

interface NearMiss {
  readonly candidate: Candidate;
  readonly stage: number;
  readonly rejection: Rejection;
}

/**
 * Places `request.count` copies of a task onto a snapshot of instances. Pure: it decides, the
 * caller's applier re-checks against locked rows and commits (STYLE rule 2). Each copy goes through
 * the filter pipeline, then the strategies' scorers in order, then a seeded random tie-break. A
 * copy that fits nowhere becomes a failure naming the instance that came closest and what stopped it.
 */
export function place(request: PlacementRequest, instances: readonly InstanceSnapshot[]): PlacementPlan {
  const candidates = instances.map(toCandidate);
  const scorers = scorersFor(request.strategies.length > 0 ? request.strategies : defaultStrategies);
  const random = seededRandom(request.seed);
  const placements: string[] = [];
  const failures: PlacementFailure[] = [];

  for (let copy = 0; copy < request.count; copy++) {
    for (const s of scorers) s.begin?.(candidates, request);
    let best: Candidate | undefined;
    let bestKey: number[] = [];
    let closest: NearMiss | undefined;
    for (const candidate of candidates) {
      const miss = firstRejection(candidate, request);
      if (miss) {
        if (!closest || isCloser(miss, closest)) closest = { candidate, ...miss };
        continue;
      }
      const key = [...scorers.map((s) => s.score(candidate, request)), random()];
      if (!best || lessThan(key, bestKey)) {
        best = candidate;
        bestKey = key;
      }
    }
    if (best) {
      reserve(best, request);
      placements.push(best.instance.id);
    } else {
      failures.push(failureFrom(closest, candidates.length));
    }
  }
  return { placements, failures };
}

function firstRejection(candidate: Candidate, request: PlacementRequest): { stage: number; rejection: Rejection } | undefined {
  for (let stage = 0; stage < filterPipeline.length; stage++) {
    const rejection = filterPipeline[stage]!.check(candidate, request);
    if (rejection) return { stage, rejection };
  }
  return undefined;
}

function isCloser(a: { stage: number; rejection: Rejection }, b: NearMiss): boolean {
  return a.stage > b.stage || (a.stage === b.stage && a.rejection.shortfall < b.rejection.shortfall);
}

function lessThan(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]!;
  }
  return false;
}

function failureFrom(closest: NearMiss | undefined, considered: number): PlacementFailure {
  if (!closest) return { arn: '', reason: 'AGENT', detail: 'No container instance is available in the cluster.' };
  const { candidate, rejection } = closest;
  return {
    arn: candidate.instance.arn,
    reason: rejection.reason,
    detail: `No container instance met all of its requirements (${considered} considered). The closest matching (container-instance ${candidate.instance.id}) was turned down because ${rejection.detail}.`,
  };
}
