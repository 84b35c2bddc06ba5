import type { TaskDefinition } from '@berth/domain';
import type { StoreAccess } from '@berth/state-store';

/** Revisions kept; a desired set names one per task family on the host, so this covers busy clusters. */
export const DEFINITION_CACHE_SIZE = 2_000;

/**
 * Task definition revisions as desired sets need them. A revision's containers never change once
 * registered (only its status does, which a running task ignores), so a cached copy is never stale
 * on any replica; it saves a read on every push of a desired set. Least recently used goes first.
 */
export class TaskDefinitionCache {
  private readonly revisions = new Map<string, TaskDefinition>();

  constructor(private readonly size = DEFINITION_CACHE_SIZE) {}

  async get(store: StoreAccess, family: string, revision: number): Promise<TaskDefinition | undefined> {
    const key = `${family}:${revision}`;
    const cached = this.revisions.get(key);
    if (cached) {
      this.revisions.delete(key);
      this.revisions.set(key, cached);
      return cached;
    }
    const found = await store.read.findTaskDefinition(family, revision);
    if (!found) return undefined;
    this.revisions.set(key, found);
    if (this.revisions.size > this.size) this.revisions.delete(this.revisions.keys().next().value!);
    return found;
  }
}
