import { groupCount, liveGroups } from '../candidate.js';
import type { Filter } from './filter.js';

/** Binding constraints: distinctInstance (one task of the group per instance) and memberOf. */
export const constraintsFilter: Filter = {
  name: 'constraints',
  check: (c, r) => {
    for (const constraint of r.constraints) {
      if (constraint.type === 'distinctInstance' && groupCount(c, r.group) > 0) {
        return { reason: 'ATTRIBUTE', detail: `distinctInstance: it already runs a task of group ${r.group}`, shortfall: 1 };
      }
      if (constraint.type === 'memberOf' && !constraint.matches(c.instance, constraint.dynamic ? { taskGroups: liveGroups(c), placed: c.placed } : undefined)) {
        return { reason: 'ATTRIBUTE', detail: `it does not match memberOf(${constraint.expression})`, shortfall: 1 };
      }
    }
    return undefined;
  },
};
