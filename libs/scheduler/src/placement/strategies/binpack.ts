import type { Scorer } from './scorer.js';

/** Least remaining CPU or memory after placement first, so tasks pack onto few instances. */
export function binpack(field: 'cpu' | 'memory'): Scorer {
  return { score: (c, r) => (field === 'cpu' ? c.cpu - r.cpu : c.memory - r.memory) };
}
