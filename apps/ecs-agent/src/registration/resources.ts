import type { Resources } from '@berth/domain';
import { AgentExit, ExitCode } from '../exit-codes.js';

export interface HostFacts {
  readonly cpuCount: number;
  readonly totalMemoryBytes: number;
  readonly arch: string;
  readonly hostname: string;
}

/**
 * What the host offers to tasks, as ECS computes it: CPU = cores × 1024, MEMORY = total MiB minus
 * ECS_RESERVED_MEMORY, PORTS = the reserved ports (they are unavailable to tasks).
 */
export function registrationResources(
  host: HostFacts,
  config: { reservedMemoryMiB: number; reservedPorts: readonly number[]; reservedPortsUdp: readonly number[] },
): Resources {
  const totalMiB = Math.floor(host.totalMemoryBytes / (1024 * 1024));
  if (config.reservedMemoryMiB >= totalMiB) {
    throw new AgentExit(
      ExitCode.Error,
      `ECS_RESERVED_MEMORY=${config.reservedMemoryMiB} MiB is not less than the host's ${totalMiB} MiB of memory; lower it.`,
    );
  }
  return {
    cpu: host.cpuCount * 1024,
    memory: totalMiB - config.reservedMemoryMiB,
    ports: [...new Set(config.reservedPorts)].sort((a, b) => a - b),
    portsUdp: [...new Set(config.reservedPortsUdp)].sort((a, b) => a - b),
  };
}
