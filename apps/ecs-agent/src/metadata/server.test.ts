import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeOf } from './server.js';
import { MetadataTokens } from './tokens.js';

describe('routeOf', () => {
  it.each([
    ['/v4/tok', { version: 'v4', token: 'tok', document: 'container' }],
    ['/v4/tok/', { version: 'v4', token: 'tok', document: 'container' }],
    ['/v4/tok/task', { version: 'v4', token: 'tok', document: 'task' }],
    ['/v4/tok/stats', { version: 'v4', token: 'tok', document: 'stats' }],
    ['/v4/tok/task/stats', { version: 'v4', token: 'tok', document: 'task-stats' }],
    ['/v3/a-b_C/task?x=1', { version: 'v3', token: 'a-b_C', document: 'task' }],
  ])('%s', (path, route) => {
    expect(routeOf(path)).toEqual(route);
  });

  it.each([['/'], ['/v4'], ['/v4/'], ['/v2/tok'], ['/v4/tok/other'], ['/v4/tok/stats/task'], ['/v4/../etc/passwd'], ['/v4/tok%2Fx']])('%s is no route', (path) => {
    expect(routeOf(path)).toBeUndefined();
  });
});

describe('MetadataTokens', () => {
  const key = Buffer.alloc(32, 7);
  const tokens = new MetadataTokens(key);
  const arn = 'arn:aws:ecs:local:000000000000:task/default/0123';

  it('gives each container of each task its own URL-safe token, the same for the same key', () => {
    const all = [tokens.tokenOf(arn, 'web'), tokens.tokenOf(arn, 'sidecar'), tokens.tokenOf(`${arn}4`, 'web')];
    expect(new Set(all).size).toBe(3);
    for (const t of all) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new MetadataTokens(Buffer.from(key)).tokenOf(arn, 'web')).toBe(all[0]);
    expect(new MetadataTokens(Buffer.alloc(32, 8)).tokenOf(arn, 'web')).not.toBe(all[0]);
  });

  it('matches only the token of that very container', () => {
    const t = tokens.tokenOf(arn, 'web');
    expect(tokens.matches(t, arn, 'web')).toBe(true);
    expect(tokens.matches(t, arn, 'sidecar')).toBe(false);
    expect(tokens.matches(t.slice(1), arn, 'web')).toBe(false);
    expect(tokens.matches('', arn, 'web')).toBe(false);
  });
});

describe('MetadataTokens.load', () => {
  it('keeps its key in the data directory, readable by root only, so tokens survive a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-metadata-'));
    const first = MetadataTokens.load(dir).tokenOf('arn', 'web');
    expect(statSync(join(dir, 'metadata-key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'metadata-key'))).toHaveLength(32);
    expect(MetadataTokens.load(dir).tokenOf('arn', 'web')).toBe(first);
  });

  it('without a data directory (ECS_CHECKPOINT=false) takes a fresh key each start', () => {
    expect(MetadataTokens.load(undefined).tokenOf('arn', 'web')).not.toBe(MetadataTokens.load(undefined).tokenOf('arn', 'web'));
  });
});
