import type { PlacementStrategy } from '../types.js';
import { binpack } from './binpack.js';
import type { Scorer } from './scorer.js';
import { spreadByAttribute, spreadByHost, spreadByInstance } from './spread.js';

export type { Scorer } from './scorer.js';

/** Strategies → fresh scorers (they keep per-plan state); `random` adds nothing: the tie-breaker is random. */
export function scorersFor(strategies: readonly PlacementStrategy[]): Scorer[] {
  return strategies.flatMap((s): Scorer[] => {
    switch (s.type) {
      case 'random':
        return [];
      case 'binpack':
        return [binpack(s.field)];
      case 'spread':
        if (s.field === 'instanceId') return [spreadByInstance()];
        if (s.field === 'host') return [spreadByHost()];
        return [spreadByAttribute(s.field.slice('attribute:'.length))];
    }
  });
}
