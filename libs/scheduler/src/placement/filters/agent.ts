import type { Filter } from './filter.js';

/** A host whose agent is not connected cannot be told to start anything. */
export const agentFilter: Filter = {
  name: 'agent',
  check: (c) => (c.instance.agentConnected ? undefined : { reason: 'AGENT', detail: 'its agent is not connected', shortfall: 1 }),
};
