import type { TaskDefinition } from '@berth/domain';
import type { StoreAccess } from '@berth/state-store';
import { describe, expect, it } from 'vitest';
import { TaskDefinitionCache } from './definition-cache.js';

/** A store that knows revisions 1–9 of family "web" and counts its reads. */
function countingStore() {
  const reads: string[] = [];
  const store = {
    read: {
      findTaskDefinition: async (family: string, revision?: number) => {
        reads.push(`${family}:${revision}`);
        return family === 'web' && revision! < 10 ? ({ family, revision } as unknown as TaskDefinition) : undefined;
      },
    },
  } as unknown as StoreAccess;
  return { store, reads };
}

describe('TaskDefinitionCache', () => {
  it('reads a revision once, keeps the most recently used, and never caches a miss', async () => {
    const { store, reads } = countingStore();
    const cache = new TaskDefinitionCache(2);
    expect((await cache.get(store, 'web', 1))?.revision).toBe(1);
    await cache.get(store, 'web', 1);
    await cache.get(store, 'web', 2);
    await cache.get(store, 'web', 1); // 1 is now the most recent
    await cache.get(store, 'web', 3); // evicts 2
    await cache.get(store, 'web', 1);
    await cache.get(store, 'web', 2);
    expect(await cache.get(store, 'api', 1)).toBeUndefined();
    expect(await cache.get(store, 'api', 1)).toBeUndefined();
    expect(reads).toEqual(['web:1', 'web:2', 'web:3', 'web:2', 'api:1', 'api:1']);
  });
});
