import type { Scorer } from './scorer.js';

/** Least remaining CPU or memory after placement first, so tasks pack onto few instances. */
export function binpack(field: 'cpu' | 'memory'): Scorer {
  return {
    prepare: () => undefined,
    score: field === 'cpu' ? (c, r) => c.cpu - r.cpu : (c, r) => c.memory - r.memory,
    placed: () => undefined,
  };
}
