import { groupCount, liveGroups, toCandidate, type Candidate } from './candidate.js';
import { filterPipeline, type Rejection } from './filters/index.js';
import { seededRandom } from './random.js';
import { scorersFor, type Scorer } from './strategies/index.js';
import type { InstanceSnapshot, MemberOfConstraint, PlacementFailure, PlacementRequest, PlacementStrategy } from './types.js';

/** Used when a request names no strategy: spread across zones, then across instances. */
export const defaultStrategies: readonly PlacementStrategy[] = [
  { type: 'spread', field: 'attribute:ecs.availability-zone' },
  { type: 'spread', field: 'instanceId' },
];

/** What every way of planning starts from: candidates, prepared scorers, the seeded random numbers. */
export interface PlanStart {
  readonly candidates: readonly Candidate[];
  readonly scorers: readonly Scorer[];
  /** Candidates that pass the checks that cannot change during the plan (status, agent, static memberOf). */
  readonly eligible: readonly Candidate[];
  /** The checks that can change, and only for the candidate a copy was just placed on. */
  readonly fits: (candidate: Candidate) => boolean;
  readonly random: () => number;
}

export function startPlan(request: PlacementRequest, instances: readonly InstanceSnapshot[]): PlanStart {
  const candidates = instances.map((instance, index) => toCandidate(instance, index));
  const scorers = scorersFor(request.strategies.length > 0 ? request.strategies : defaultStrategies);
  for (const s of scorers) s.prepare(candidates, request);
  const staticMemberOf = request.constraints.filter((c): c is MemberOfConstraint => c.type === 'memberOf' && !c.dynamic);
  const dynamicMemberOf = request.constraints.filter((c): c is MemberOfConstraint => c.type === 'memberOf' && c.dynamic);
  const distinct = request.constraints.some((c) => c.type === 'distinctInstance');
  const eligible = candidates.filter((c) => c.instance.status === 'ACTIVE' && c.instance.agentConnected && staticMemberOf.every((m) => m.matches(c.instance)));
  const needsPorts = request.ports.length > 0 || request.portsUdp.length > 0;
  const fits = (c: Candidate): boolean =>
    c.cpu >= request.cpu &&
    c.memory >= request.memory &&
    !(distinct && groupCount(c, request.group) > 0) &&
    !(needsPorts && (request.ports.some((p) => c.ports.has(p)) || request.portsUdp.some((p) => c.portsUdp.has(p)))) &&
    dynamicMemberOf.every((m) => m.matches(c.instance, { taskGroups: liveGroups(c), placed: c.placed }));
  return { candidates, scorers, eligible, fits, random: seededRandom(request.seed) };
}

interface NearMiss {
  readonly candidate: Candidate;
  readonly stage: number;
  readonly rejection: Rejection;
}

/** Only on failure: every instance through the full pipeline, to name the one that came closest. */
export function placementFailure(candidates: readonly Candidate[], request: PlacementRequest): PlacementFailure {
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
  if (!closest) return { arn: '', reason: 'AGENT', detail: 'No container instance is available in the cluster.' };
  const { candidate, rejection } = closest;
  return {
    arn: candidate.instance.arn,
    reason: rejection.reason,
    detail: `No container instance met all of its requirements (${candidates.length} considered). The closest matching (container-instance ${candidate.instance.id}) was turned down because ${rejection.detail}.`,
  };
}
