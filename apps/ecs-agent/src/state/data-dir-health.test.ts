import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '@berth/log';
import { DataDirHealth } from './data-dir-health.js';

const failure = (code: string) => Object.assign(new Error(code), { code });

function health() {
  const lines: string[] = [];
  const log = createLogger({ level: 'info', name: 'test', write: (line: string) => lines.push(line) });
  return { health: new DataDirHealth('/data', log, 1000), lines, messages: () => lines.map((l) => JSON.parse(l).msg as string) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('DataDirHealth', () => {
  it.each([
    ['ENOSPC', 'full'],
    ['EDQUOT', 'full'],
    ['EROFS', 'unwritable'],
    ['EACCES', 'unwritable'],
    ['ENOENT', 'unwritable'],
  ])('a write failing with %s makes the status %s, never an exception', async (code, status) => {
    const { health: h } = health();
    await expect(
      h.write('reports', () => {
        throw failure(code);
      }),
    ).resolves.toBeUndefined();
    expect(h.status).toBe(status);
    h.stop();
  });

  it('says so once, tries the latest write of each kind again on a timer, and recovers when writes work', async () => {
    vi.useFakeTimers();
    const { health: h, messages } = health();
    let full = true;
    const saved: string[] = [];
    const save = (what: string) => () => {
      if (full) throw failure('ENOSPC');
      saved.push(what);
    };
    await h.write('reports', save('reports v1'));
    await h.write('reports', save('reports v2'));
    await h.write('pulled images', save('images'));
    expect(messages()).toEqual(['cannot write ECS_DATADIR; containers keep running and state is kept in memory until it can be saved']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.status).toBe('full');
    full = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual(['reports v2', 'images']);
    expect(h.status).toBe('ok');
    expect(messages().at(-1)).toBe('ECS_DATADIR is writable again');
    await vi.advanceTimersByTimeAsync(5000);
    expect(saved).toHaveLength(2);
  });

  it('stays unhealthy while any kind of write still fails', async () => {
    const { health: h } = health();
    await h.write('reports', () => {
      throw failure('EROFS');
    });
    await h.write('pulled images', () => undefined);
    expect(h.status).toBe('unwritable');
    await h.write('reports', () => undefined);
    expect(h.status).toBe('ok');
    h.stop();
  });
});
