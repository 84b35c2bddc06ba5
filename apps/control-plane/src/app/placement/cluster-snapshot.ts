import type { ContainerInstance } from '@berth/domain';
import { instanceSnapshot, taskGroupsByInstance, type InstanceSnapshot } from '@berth/scheduler';
import type { StoreReads } from '@berth/state-store';

const PAGE = 1000;

/** Every live (ACTIVE or DRAINING) instance of a cluster — or the INACTIVE ones — and what placement sees of each. */
export async function clusterSnapshot(
  read: Pick<StoreReads, 'listContainerInstances' | 'activeTaskGroupsOnInstances'>,
  clusterName: string,
  status?: 'INACTIVE',
): Promise<{ instances: ContainerInstance[]; snapshots: InstanceSnapshot[] }> {
  const instances: ContainerInstance[] = [];
  for (let afterId: string | undefined; ; ) {
    const page = await read.listContainerInstances({ clusterName, limit: PAGE, afterId, ...(status ? { status } : {}) });
    instances.push(...page);
    if (page.length < PAGE) break;
    afterId = page[page.length - 1]!.id;
  }
  const groups = taskGroupsByInstance(await read.activeTaskGroupsOnInstances(instances.map((i) => i.id)));
  return { instances, snapshots: instances.map((i) => instanceSnapshot(i, groups.get(i.id) ?? [])) };
}
