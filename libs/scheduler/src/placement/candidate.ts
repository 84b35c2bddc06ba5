import type { InstanceSnapshot } from './types.js';

/**
 * An instance during one planning pass: its snapshot plus what this plan has already put on it,
 * so later copies of the task see the earlier ones.
 */
export interface Candidate {
  readonly index: number;
  readonly instance: InstanceSnapshot;
  cpu: number;
  memory: number;
  readonly ports: Set<number>;
  readonly portsUdp: Set<number>;
  /** Tasks per group on this instance, including this plan's. */
  readonly groups: Map<string, number>;
  /** Tasks this plan placed here. */
  placed: number;
}

export function toCandidate(instance: InstanceSnapshot, index = 0): Candidate {
  const groups = new Map<string, number>();
  for (const g of instance.taskGroups) groups.set(g, (groups.get(g) ?? 0) + 1);
  return {
    index,
    instance,
    cpu: instance.remainingCpu,
    memory: instance.remainingMemory,
    ports: new Set(instance.takenPorts),
    portsUdp: new Set(instance.takenPortsUdp),
    groups,
    placed: 0,
  };
}

export function reserve(candidate: Candidate, task: { cpu: number; memory: number; ports: readonly number[]; portsUdp: readonly number[]; group: string }): void {
  candidate.cpu -= task.cpu;
  candidate.memory -= task.memory;
  task.ports.forEach((p) => candidate.ports.add(p));
  task.portsUdp.forEach((p) => candidate.portsUdp.add(p));
  candidate.groups.set(task.group, (candidate.groups.get(task.group) ?? 0) + 1);
  candidate.placed += 1;
}

/** The groups on a candidate as a list (one entry per task), for dynamic memberOf expressions. */
export function liveGroups(candidate: Candidate): string[] {
  const list: string[] = [];
  for (const [group, n] of candidate.groups) for (let i = 0; i < n; i++) list.push(group);
  return list;
}
