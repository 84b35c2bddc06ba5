/**
 * Resources an instance registers and what tasks reserve from them. CPU in units (1024 = one core),
 * memory in MiB, ports as numbers.
 */
export interface Resources {
  readonly cpu: number;
  readonly memory: number;
  readonly ports: readonly number[];
  readonly portsUdp: readonly number[];
}

export const noResources: Resources = { cpu: 0, memory: 0, ports: [], portsUdp: [] };

/** What is left after `reserved` is taken from `registered`; ports are unioned (taken). */
export function remaining(registered: Resources, reserved: readonly Resources[]): Resources {
  let cpu = registered.cpu;
  let memory = registered.memory;
  const ports = new Set(registered.ports);
  const portsUdp = new Set(registered.portsUdp);
  for (const r of reserved) {
    cpu -= r.cpu;
    memory -= r.memory;
    r.ports.forEach((p) => ports.add(p));
    r.portsUdp.forEach((p) => portsUdp.add(p));
  }
  return { cpu, memory, ports: [...ports].sort((a, b) => a - b), portsUdp: [...portsUdp].sort((a, b) => a - b) };
}

export function isValidPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}
