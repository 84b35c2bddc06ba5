import type { Candidate } from '../candidate.js';
import type { Scorer } from './scorer.js';

/** Fewest tasks of the group on the instance first. */
export const spreadByInstance: Scorer = { score: (c, r) => c.groups.get(r.group) ?? 0 };

/**
 * Fewest tasks of the group in the candidate's bucket first, where a bucket is every instance
 * sharing a key (the host name, or an attribute's value; instances without the attribute share
 * one bucket). Bucket counts cover all instances, not only feasible ones, as ECS does.
 */
export function spreadByKey(keyOf: (c: Candidate) => string): Scorer {
  let counts = new Map<string, number>();
  return {
    begin(candidates, request) {
      counts = new Map();
      for (const c of candidates) {
        const key = keyOf(c);
        counts.set(key, (counts.get(key) ?? 0) + (c.groups.get(request.group) ?? 0));
      }
    },
    score: (c) => counts.get(keyOf(c)) ?? 0,
  };
}

export const spreadByHost = spreadByKey((c) => c.instance.hostname);
export const spreadByAttribute = (name: string) => spreadByKey((c) => c.instance.attributes[name] ?? '\u0000none');
