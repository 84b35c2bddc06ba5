import { liveGroups, reserve, toCandidate, type Candidate } from './candidate.js';
import { filterPipeline, type Rejection } from './filters/index.js';
import { seededRandom } from './random.js';
import { scorersFor, type Scorer } from './strategies/index.js';
import type { InstanceSnapshot, MemberOfConstraint, PlacementFailure, PlacementPlan, PlacementRequest, PlacementStrategy } from './types.js';

/** Used when a request names no strategy: spread across zones, then across instances. */
export const defaultStrategies: readonly PlacementStrategy[] = [
  { type: 'spread', field: 'attribute:ecs.availability-zone' },
  { type: 'spread', field: 'instanceId' },
];

/**
 * Places `request.count` copies of a task onto a snapshot of instances. Pure: it decides, the
 * caller's applier re-checks against locked rows and commits (style rule 2).
 *
 * Each copy keeps the instances that pass the filters (status, agent, constraints, CPU, memory,
 * ports — see filters/), ranks them by the strategies' scorers in order, and breaks the last ties
 * with a seeded random number. Facts that cannot change during the plan (status, agent, memberOf
 * expressions that read no task data) are checked once; the rest per copy, without allocating.
 * A copy that fits nowhere becomes a failure naming the instance that came closest and why.
 */
export function place(request: PlacementRequest, instances: readonly InstanceSnapshot[]): PlacementPlan {
  const candidates = instances.map((instance, index) => toCandidate(instance, index));
  const scorers = scorersFor(request.strategies.length > 0 ? request.strategies : defaultStrategies);
  for (const s of scorers) s.prepare(candidates, request);
  const random = seededRandom(request.seed);
  const staticMemberOf = request.constraints.filter((c): c is MemberOfConstraint => c.type === 'memberOf' && !c.dynamic);
  const dynamicMemberOf = request.constraints.filter((c): c is MemberOfConstraint => c.type === 'memberOf' && c.dynamic);
  const distinct = request.constraints.some((c) => c.type === 'distinctInstance');
  const eligible = candidates.filter((c) => c.instance.status === 'ACTIVE' && c.instance.agentConnected && staticMemberOf.every((m) => m.matches(c.instance)));
  const needsPorts = request.ports.length > 0 || request.portsUdp.length > 0;

  const fits = (c: Candidate): boolean =>
    c.cpu >= request.cpu &&
    c.memory >= request.memory &&
    !(distinct && (c.groups.get(request.group) ?? 0) > 0) &&
    !(needsPorts && (request.ports.some((p) => c.ports.has(p)) || request.portsUdp.some((p) => c.portsUdp.has(p)))) &&
    dynamicMemberOf.every((m) => m.matches(c.instance, { taskGroups: liveGroups(c), placed: c.placed }));

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
      failures.push(failureFrom(closestMiss(candidates, request), candidates.length));
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

interface NearMiss {
  readonly candidate: Candidate;
  readonly stage: number;
  readonly rejection: Rejection;
}

/** Only on failure: every instance through the full pipeline, to name the one that came closest. */
function closestMiss(candidates: readonly Candidate[], request: PlacementRequest): NearMiss | undefined {
  let closest: NearMiss | undefined;
  for (const candidate of candidates) {
    for (let stage = 0; stage < filterPipeline.length; stage++) {
      const rejection = filterPipeline[stage]!.check(candidate, request);
      if (!rejection) continue;
      if (!closest || stage > closest.stage || (stage === closest.stage && rejection.shortfall < closest.rejection.shortfall)) {
        closest = { candidate, stage, rejection };
      }
      break;
    }
  }
  return closest;
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
