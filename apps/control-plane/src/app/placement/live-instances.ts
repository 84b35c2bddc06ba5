import type { ContainerInstance } from '@berth/domain';
import { instanceSnapshot, taskGroupsByInstance, withLastHeard, type InstanceSnapshot } from '@berth/scheduler';
import type { StoreReads } from '@berth/state-store';

type Reads = Pick<StoreReads, 'listInstanceVersions' | 'findContainerInstancesByIds' | 'activeTaskGroupsOnInstances'>;

/** A cached instance: its row as of `instance.version` and what placement sees of it. */
interface Held {
  readonly instance: ContainerInstance;
  readonly snapshot: InstanceSnapshot;
}

/**
 * The live instances of each cluster and their placement snapshots, kept between launches. Each
 * read lists every live instance's version (a few bytes a row) and fetches — row, attributes and
 * the groups of its tasks — only those whose version moved since the copy was taken: after a
 * launch, the handful it placed on, where a full read is every instance with its every attribute
 * and task group. What a read returns is what a full read would, because an instance's version
 * moves with everything placement reads of it: its row, its attributes, and the set of tasks
 * holding resources on it (each such change recomputes its reservations, which bumps the
 * version). The heartbeat moves without it and comes with the versions. So each replica keeps its
 * own copy without hearing of another's writes.
 */
export class LiveInstanceCache {
  private readonly clusters = new Map<string, Map<string, Held>>();
  /** The read under way per cluster: reads of one cluster run one after another (see `list`). */
  private readonly reading = new Map<string, Promise<unknown>>();

  /**
   * One read at a time per cluster, each starting after it was asked for: launches arriving
   * together on a cold cache fetch the cluster once, not once each, and the later ones fetch only
   * what moved after the first.
   */
  list(read: Reads, clusterName: string): Promise<{ instances: ContainerInstance[]; snapshots: InstanceSnapshot[] }> {
    const before = this.reading.get(clusterName) ?? Promise.resolve();
    const mine = before.then(
      () => this.refresh(read, clusterName),
      () => this.refresh(read, clusterName),
    );
    this.reading.set(clusterName, mine);
    void mine.then(
      () => this.reading.get(clusterName) === mine && this.reading.delete(clusterName),
      () => this.reading.get(clusterName) === mine && this.reading.delete(clusterName),
    );
    return mine;
  }

  private async refresh(read: Reads, clusterName: string): Promise<{ instances: ContainerInstance[]; snapshots: InstanceSnapshot[] }> {
    const versions = await read.listInstanceVersions(clusterName);
    let held = this.clusters.get(clusterName);
    if (!held) this.clusters.set(clusterName, (held = new Map()));
    const stale = versions.filter((v) => held.get(v.id)?.instance.version !== v.version).map((v) => v.id);
    if (stale.length > 0) {
      const fetched = await read.findContainerInstancesByIds(stale);
      const groups = taskGroupsByInstance(await read.activeTaskGroupsOnInstances(fetched.map((i) => i.id)));
      for (const instance of fetched) held.set(instance.id, { instance, snapshot: instanceSnapshot(instance, groups.get(instance.id) ?? []) });
    }
    if (held.size > versions.length) {
      const live = new Set(versions.map((v) => v.id));
      for (const id of held.keys()) if (!live.has(id)) held.delete(id);
    }
    const instances: ContainerInstance[] = [];
    const snapshots: InstanceSnapshot[] = [];
    for (const { id, lastHeartbeatAt } of versions) {
      const entry = held.get(id);
      if (!entry) continue;
      instances.push({ ...entry.instance, lastHeartbeatAt });
      snapshots.push(withLastHeard(entry.snapshot, lastHeartbeatAt));
    }
    return { instances, snapshots };
  }
}
