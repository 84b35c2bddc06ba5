import type { ContainerInstance } from '@berth/domain';
import type { InstanceSnapshot } from '@berth/scheduler';
import { activeTasksOnInstances, listContainerInstances } from '@berth/state-store';
import type { ApiContext } from '../context.js';

/** ContainerInstance (+ the groups of its tasks) → what placement sees. */
export function snapshotOf(instance: ContainerInstance, taskGroups: readonly string[]): InstanceSnapshot {
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
  };
}

/** Every live (ACTIVE or DRAINING) instance of a cluster — or the INACTIVE ones — with its tasks' groups. */
export async function clusterSnapshot(
  ctx: Pick<ApiContext, 'db'>,
  clusterName: string,
  status?: 'INACTIVE',
): Promise<{ instances: ContainerInstance[]; snapshots: InstanceSnapshot[] }> {
  const instances: ContainerInstance[] = [];
  for (let afterId: string | undefined; ; ) {
    const page = await listContainerInstances(ctx.db, { clusterName, limit: 1000, afterId, ...(status ? { status } : {}) });
    instances.push(...page);
    if (page.length < 1000) break;
    afterId = page[page.length - 1]!.id;
  }
  const tasks = await activeTasksOnInstances(
    ctx.db,
    instances.map((i) => i.id),
  );
  const groups = new Map<string, string[]>();
  for (const t of tasks) groups.set(t.containerInstanceId, [...(groups.get(t.containerInstanceId) ?? []), t.group]);
  return { instances, snapshots: instances.map((i) => snapshotOf(i, groups.get(i.id) ?? [])) };
}
