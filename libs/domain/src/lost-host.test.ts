import { describe, expect, it } from 'vitest';
import { DEFAULT_LOST_HOST_TIMEOUT_MS, isLostHost, lostHostTimeoutMs, parseLostHostTimeout } from './lost-host.js';

describe('the lost-host timeout', () => {
  it.each<[string, number | undefined]>([
    ['5m', 300_000],
    ['10s', 10_000],
    ['168h', 168 * 3600_000],
    ['9s', undefined],
    ['169h', undefined],
    ['soon', undefined],
    ['', undefined],
  ])('parses %j', (value, ms) => {
    expect(parseLostHostTimeout(value)).toBe(ms);
  });

  it('is five minutes unless the cluster sets berthLostHostTimeout', () => {
    expect(lostHostTimeoutMs([])).toBe(DEFAULT_LOST_HOST_TIMEOUT_MS);
    expect(lostHostTimeoutMs([{ name: 'containerInsights', value: 'enabled' }, { name: 'berthLostHostTimeout', value: '30s' }])).toBe(30_000);
  });

  const now = new Date('2026-12-01T00:10:00Z');
  it.each<[string, { agentConnected: boolean; lastHeardAt?: Date }, boolean]>([
    ['connected', { agentConnected: true, lastHeardAt: new Date('2026-12-01T00:00:00Z') }, false],
    ['disconnected for less than the timeout', { agentConnected: false, lastHeardAt: new Date('2026-12-01T00:09:00Z') }, false],
    ['disconnected for the timeout exactly', { agentConnected: false, lastHeardAt: new Date('2026-12-01T00:05:00Z') }, true],
    ['never heard from', { agentConnected: false }, false],
  ])('an instance %s is lost: %s', (_name, instance, lost) => {
    expect(isLostHost(instance, now, 300_000)).toBe(lost);
  });
});
