import { stopReleasesAtOnce, type ContainerInstance, type Task } from '@berth/domain';
import type { InstanceSnapshot } from './types.js';

/** ContainerInstance (+ the groups of the tasks on it, one entry per task) → what placement sees. */
export function instanceSnapshot(instance: ContainerInstance, taskGroups: readonly string[]): InstanceSnapshot {
  const attributes: Record<string, string | undefined> = {};
  for (const a of [...instance.agentAttributes, ...instance.customAttributes]) attributes[a.name] = a.value;
  return {
    id: instance.id,
    arn: instance.arn,
    hostname: instance.hostname,
    status: instance.status,
    agentConnected: instance.agentConnected,
    remainingCpu: instance.registeredResources.cpu - instance.reservedResources.cpu,
    remainingMemory: instance.registeredResources.memory - instance.reservedResources.memory,
    takenPorts: new Set([...instance.registeredResources.ports, ...instance.reservedResources.ports]),
    takenPortsUdp: new Set([...instance.registeredResources.portsUdp, ...instance.reservedResources.portsUdp]),
    attributes,
    taskGroups,
    agentVersion: instance.agentVersion,
    registeredAt: instance.registeredAt,
    runningTasksCount: instance.runningTasksCount,
    lastHeardAt: instance.lastHeartbeatAt ?? instance.registeredAt,
  };
}

/**
 * A snapshot with when its agent was last heard replaced: the one thing placement reads that moves
 * without the instance's version (a heartbeat is not a change), so a snapshot cached by version is
 * brought up to date.
 */
export function withLastHeard(snapshot: InstanceSnapshot, lastHeartbeatAt: Date | null): InstanceSnapshot {
  return { ...snapshot, lastHeardAt: lastHeartbeatAt ?? snapshot.registeredAt };
}

/** The groups of the tasks on each instance, from the tasks that still hold resources there. */
export function taskGroupsByInstance(tasks: readonly (Pick<Task, 'containerInstanceId' | 'group'> & { readonly count?: number })[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const t of tasks) {
    let list = groups.get(t.containerInstanceId);
    if (!list) groups.set(t.containerInstanceId, (list = []));
    for (let n = t.count ?? 1; n > 0; n--) list.push(t.group);
  }
  return groups;
}

/**
 * The snapshot as it will be once `stopped` tasks are stopped: those that stop at once (never
 * started, see `stopReleasesAtOnce`) give their CPU, memory, ports and group entry back. Tasks
 * already running keep their resources until their agent reports them STOPPED.
 */
export function afterStops(instances: readonly InstanceSnapshot[], stopped: readonly Task[]): InstanceSnapshot[] {
  const freed = new Map<string, Task[]>();
  for (const t of stopped) {
    if (!stopReleasesAtOnce(t)) continue;
    freed.set(t.containerInstanceId, [...(freed.get(t.containerInstanceId) ?? []), t]);
  }
  if (freed.size === 0) return [...instances];
  return instances.map((instance) => {
    const tasks = freed.get(instance.id);
    if (!tasks) return instance;
    const takenPorts = new Set(instance.takenPorts);
    const takenPortsUdp = new Set(instance.takenPortsUdp);
    const taskGroups = [...instance.taskGroups];
    let cpu = 0;
    let memory = 0;
    for (const t of tasks) {
      cpu += t.cpu;
      memory += t.memory;
      for (const p of t.reservedPorts) takenPorts.delete(p);
      for (const p of t.reservedPortsUdp) takenPortsUdp.delete(p);
      const i = taskGroups.indexOf(t.group);
      if (i >= 0) taskGroups.splice(i, 1);
    }
    return { ...instance, remainingCpu: instance.remainingCpu + cpu, remainingMemory: instance.remainingMemory + memory, takenPorts, takenPortsUdp, taskGroups };
  });
}
