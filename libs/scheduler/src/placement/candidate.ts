import type { InstanceSnapshot } from './types.js';

/**
 * An instance during one planning pass: its snapshot plus what this plan has already put on it,
 * so later copies of the task see the earlier ones.
 */
export interface Candidate {
  readonly instance: InstanceSnapshot;
  cpu: number;
  memory: number;
  readonly ports: Set<number>;
  readonly portsUdp: Set<number>;
  /** Tasks per group on this instance, including this plan's. */
  readonly groups: Map<string, number>;
  total: number;
}

export function toCandidate(instance: InstanceSnapshot): Candidate {
  const groups = new Map<string, number>();
  for (const g of instance.taskGroups) groups.set(g, (groups.get(g) ?? 0) + 1);
  return {
    instance,
    cpu: instance.remainingCpu,
    memory: instance.remainingMemory,
    ports: new Set(instance.takenPorts),
    portsUdp: new Set(instance.takenPortsUdp),
    groups,
    total: instance.taskGroups.length,
  };
}

export function reserve(candidate: Candidate, task: { cpu: number; memory: number; ports: readonly number[]; portsUdp: readonly number[]; group: string }): void {
  candidate.cpu -= task.cpu;
  candidate.memory -= task.memory;
  task.ports.forEach((p) => candidate.ports.add(p));
  task.portsUdp.forEach((p) => candidate.portsUdp.add(p));
  candidate.groups.set(task.group, (candidate.groups.get(task.group) ?? 0) + 1);
  candidate.total += 1;
}
