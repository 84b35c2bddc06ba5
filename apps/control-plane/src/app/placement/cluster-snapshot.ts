import type { ContainerInstance } from '@berth/domain';
import { instanceSnapshot, taskGroupsByInstance, type InstanceSnapshot } from '@berth/scheduler';
import type { AppContext } from '../context.js';

const PAGE = 1000;

/**
 * Every live (ACTIVE or DRAINING) instance of a cluster — or the INACTIVE ones — and what placement
 * sees of each (with the groups of the tasks holding resources there, counted by the database).
 * Live instances come through the replica's cache (see LiveInstanceCache).
 */
export async function clusterSnapshot(
  app: Pick<AppContext, 'store' | 'liveInstances'>,
  clusterName: string,
  status?: 'INACTIVE',
): Promise<{ instances: ContainerInstance[]; snapshots: InstanceSnapshot[] }> {
  const read = app.store.read;
  if (status === 'INACTIVE') {
    const instances: ContainerInstance[] = [];
    for (let afterId: string | undefined; ; ) {
      const page = await read.listContainerInstances({ clusterName, limit: PAGE, afterId, status });
      instances.push(...page);
      if (page.length < PAGE) break;
      afterId = page[page.length - 1]!.id;
    }
    const groups = taskGroupsByInstance(await read.activeTaskGroupsOnInstances(instances.map((i) => i.id)));
    return { instances, snapshots: instances.map((i) => instanceSnapshot(i, groups.get(i.id) ?? [])) };
  }
  return app.liveInstances.list(read, clusterName);
}
