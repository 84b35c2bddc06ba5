import { describe, expect, it } from 'vitest';
import type { Leadership } from '@berth/state-store';
import { createLogger } from '@berth/log';
import { ClusterLeads } from './cluster-leads.js';

/** A leadership where `others` are held by another replica, and the store's cluster list can be taken away. */
function fixture(others: Set<string>) {
  const held = new Set<string>();
  const leadership: Leadership = {
    refresh: async () => undefined,
    lead: async (key) => {
      if (others.has(key)) return false;
      held.add(key);
      return true;
    },
    release: async (key) => {
      held.delete(key);
    },
    held: () => [...held].sort(),
    onLost: () => undefined,
    close: async () => undefined,
  };
  const state = { names: ['a', 'b', 'c'] as string[] | undefined, now: 0 };
  const store = {
    read: {
      listClusterNames: async () => {
        if (!state.names) throw new Error('store away');
        return state.names;
      },
    },
  };
  const lines: string[] = [];
  const log = createLogger({ level: 'info', name: 'test', write: (line: string) => lines.push(line) });
  const leads = new ClusterLeads(store as never, leadership, log, () => state.now);
  return { leads, held, state, lines };
}

describe('ClusterLeads', () => {
  it('leads the clusters nobody else leads, and takes one over when its leader lets go', async () => {
    const others = new Set(['cluster:b']);
    const { leads, state, lines } = fixture(others);
    expect([...(await leads.current())]).toEqual(['a', 'c']);
    others.clear();
    state.now += 1000;
    expect([...(await leads.current())]).toEqual(['a', 'b', 'c']);
    expect(lines.filter((l) => l.includes('"msg":"leading cluster"')).map((l) => JSON.parse(l).cluster)).toEqual(['a', 'c', 'b']);
  });

  it('reuses an answer for a moment, so loops side by side ask once', async () => {
    const others = new Set<string>();
    const { leads, state } = fixture(others);
    const first = await leads.current();
    state.names = ['a'];
    state.now += 100;
    expect(await leads.current()).toBe(first);
    state.now += 200;
    expect([...(await leads.current())]).toEqual(['a']);
  });

  it('gives up a deleted cluster, and keeps what it holds while the store is away', async () => {
    const { leads, held, state, lines } = fixture(new Set());
    await leads.current();
    state.names = ['a', 'b'];
    state.now += 1000;
    expect([...(await leads.current())]).toEqual(['a', 'b']);
    expect(held.has('cluster:c')).toBe(false);
    expect(lines.some((l) => l.includes('"msg":"no longer leading cluster"') && l.includes('"cluster":"c"'))).toBe(true);
    state.names = undefined;
    state.now += 1000;
    expect([...(await leads.current())]).toEqual(['a', 'b']);
  });
});
