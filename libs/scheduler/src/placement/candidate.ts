import type { InstanceSnapshot } from './types.js';

/**
 * An instance during one planning pass: its snapshot plus what this plan has already put on it,
 * so later copies of the task see the earlier ones. Cheap to make: it shares the snapshot's port
 * sets and task groups until the plan changes them here (placement makes one per instance per plan).
 */
export interface Candidate {
  readonly index: number;
  readonly instance: InstanceSnapshot;
  cpu: number;
  memory: number;
  /** Taken host ports: the snapshot's own set until this plan takes one here (copy on write). */
  ports: ReadonlySet<number>;
  portsUdp: ReadonlySet<number>;
  /** Tasks this plan placed here, per group; undefined until the first. */
  added: Map<string, number> | undefined;
  /** Tasks this plan placed here. */
  placed: number;
}

export function toCandidate(instance: InstanceSnapshot, index = 0): Candidate {
  return {
    index,
    instance,
    cpu: instance.remainingCpu,
    memory: instance.remainingMemory,
    ports: instance.takenPorts,
    portsUdp: instance.takenPortsUdp,
    added: undefined,
    placed: 0,
  };
}

const NO_GROUPS: ReadonlyMap<string, number> = new Map();
const snapshotGroups = new WeakMap<InstanceSnapshot, ReadonlyMap<string, number>>();

/** Tasks per group in the snapshot, counted once per snapshot (placement asks many times). */
function groupsOf(instance: InstanceSnapshot): ReadonlyMap<string, number> {
  if (instance.taskGroups.length === 0) return NO_GROUPS;
  let groups = snapshotGroups.get(instance);
  if (!groups) {
    const counted = new Map<string, number>();
    for (const g of instance.taskGroups) counted.set(g, (counted.get(g) ?? 0) + 1);
    snapshotGroups.set(instance, (groups = counted));
  }
  return groups;
}

/** Tasks of `group` on the candidate, the snapshot's and this plan's. */
export function groupCount(candidate: Candidate, group: string): number {
  return (groupsOf(candidate.instance).get(group) ?? 0) + (candidate.added?.get(group) ?? 0);
}

export function reserve(candidate: Candidate, task: { cpu: number; memory: number; ports: readonly number[]; portsUdp: readonly number[]; group: string }): void {
  candidate.cpu -= task.cpu;
  candidate.memory -= task.memory;
  if (task.ports.length > 0) candidate.ports = new Set([...candidate.ports, ...task.ports]);
  if (task.portsUdp.length > 0) candidate.portsUdp = new Set([...candidate.portsUdp, ...task.portsUdp]);
  candidate.added ??= new Map();
  candidate.added.set(task.group, (candidate.added.get(task.group) ?? 0) + 1);
  candidate.placed += 1;
}

/** The groups on a candidate as a list (one entry per task), for dynamic memberOf expressions. */
export function liveGroups(candidate: Candidate): string[] {
  const list = [...candidate.instance.taskGroups];
  for (const [group, n] of candidate.added ?? []) for (let i = 0; i < n; i++) list.push(group);
  return list;
}
