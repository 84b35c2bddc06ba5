import { reserve, toCandidate, type Candidate } from './candidate.js';
import { filterPipeline } from './filters/index.js';
import type { InstanceSnapshot, PlacementFailure, PlacementRequest } from './types.js';

export type RecheckOutcome = { readonly instanceId: string; readonly ok: true } | { readonly instanceId: string; readonly ok: false; readonly failure: PlacementFailure };

/**
 * The applier's check (style rule 2): replays a plan's placements against fresh snapshots of the
 * locked instances, with the same filters placement used, and says which still fit. Anything that
 * changed since the plan was made (another RunTask, a drain, a lost agent) turns into a failure.
 */
export function recheckPlacements(request: PlacementRequest, fresh: readonly InstanceSnapshot[], placements: readonly string[]): RecheckOutcome[] {
  const candidates = new Map<string, Candidate>(fresh.map((i) => [i.id, toCandidate(i)]));
  return placements.map((instanceId): RecheckOutcome => {
    const candidate = candidates.get(instanceId);
    if (!candidate) {
      return { instanceId, ok: false, failure: { arn: '', reason: 'AGENT', detail: `container instance ${instanceId} is gone.` } };
    }
    for (const filter of filterPipeline) {
      const rejection = filter.check(candidate, request);
      if (rejection) {
        return {
          instanceId,
          ok: false,
          failure: { arn: candidate.instance.arn, reason: rejection.reason, detail: `Changed while placing: ${rejection.detail}.` },
        };
      }
    }
    reserve(candidate, request);
    return { instanceId, ok: true };
  });
}
