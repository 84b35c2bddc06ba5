import type { Filter } from './filter.js';

export const cpuFilter: Filter = {
  name: 'cpu',
  check: (c, r) =>
    c.cpu >= r.cpu
      ? undefined
      : { reason: 'RESOURCE:CPU', detail: `it has ${c.cpu} CPU units free of ${r.cpu} needed`, shortfall: (r.cpu - c.cpu) / r.cpu },
};

export const memoryFilter: Filter = {
  name: 'memory',
  check: (c, r) =>
    c.memory >= r.memory
      ? undefined
      : {
          reason: 'RESOURCE:MEMORY',
          detail: `it has insufficient memory available (${c.memory} MiB free of ${r.memory} MiB needed)`,
          shortfall: (r.memory - c.memory) / r.memory,
        },
};

/** Static host ports: taken ones include the agent's reserved ports and other tasks' mappings. */
export const portsFilter: Filter = {
  name: 'ports',
  check: (c, r) => {
    const taken = [...r.ports.filter((p) => c.ports.has(p)).map((p) => `${p}/tcp`), ...r.portsUdp.filter((p) => c.portsUdp.has(p)).map((p) => `${p}/udp`)];
    return taken.length === 0
      ? undefined
      : { reason: 'RESOURCE:PORTS', detail: `port ${taken.join(', ')} is already in use`, shortfall: taken.length / (r.ports.length + r.portsUdp.length) };
  },
};
