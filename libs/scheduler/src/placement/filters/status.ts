import type { Filter } from './filter.js';

/** Only ACTIVE instances take new tasks; DRAINING ones are being emptied. */
export const statusFilter: Filter = {
  name: 'status',
  check: (c) =>
    c.instance.status === 'ACTIVE' ? undefined : { reason: 'DRAINING', detail: `it is ${c.instance.status}`, shortfall: 1 },
};
