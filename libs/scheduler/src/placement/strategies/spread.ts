import { groupCount, type Candidate } from '../candidate.js';
import type { Scorer } from './scorer.js';

/**
 * Fewest tasks of the group in the candidate's bucket first, where a bucket is every instance
 * sharing a key (the instance itself, its host name, or an attribute's value; instances without
 * the attribute share one bucket). Bucket counts cover all instances, not only feasible ones, as
 * ECS does, and are kept up to date as the plan places tasks.
 */
export function spreadByKey(keyOf: (c: Candidate) => string): Scorer {
  let bucketOf = new Int32Array(0);
  let counts: number[] = [];
  return {
    prepare(candidates, request) {
      const index = new Map<string, number>();
      bucketOf = new Int32Array(candidates.length);
      counts = [];
      for (const c of candidates) {
        const key = keyOf(c);
        let bucket = index.get(key);
        if (bucket === undefined) {
          bucket = counts.length;
          index.set(key, bucket);
          counts.push(0);
        }
        bucketOf[c.index] = bucket;
        counts[bucket]! += groupCount(c, request.group);
      }
    },
    score: (c) => counts[bucketOf[c.index]!]!,
    placed(c) {
      counts[bucketOf[c.index]!]! += 1;
    },
    bucketOf: (c) => bucketOf[c.index]!,
  };
}

export const spreadByInstance = (): Scorer => spreadByKey((c) => c.instance.id);
export const spreadByHost = (): Scorer => spreadByKey((c) => c.instance.hostname);
export const spreadByAttribute = (name: string): Scorer => spreadByKey((c) => c.instance.attributes[name] ?? '\u0000none');
