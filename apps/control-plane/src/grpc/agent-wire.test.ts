import { describe, expect, it } from 'vitest';
import { agentAttributesFromWire, resourcesFromWire } from './agent-wire.js';

const r = (name: string, integerValue = 0, stringSetValue: string[] = []) => ({ name, type: '', doubleValue: 0, longValue: '0', integerValue, stringSetValue });
const a = (name: string, value = '') => ({ name, value, targetType: '', targetId: '' });

describe('registration input', () => {
  it('turns reported resources into domain resources', () => {
    expect(resourcesFromWire([r('CPU', 2048), r('MEMORY', 4096), r('PORTS', 0, ['22', '2375']), r('PORTS_UDP')])).toEqual({ cpu: 2048, memory: 4096, ports: [22, 2375], portsUdp: [] });
  });

  it.each([
    [[r('MEMORY', 1)], /CPU must be a positive integer/],
    [[r('CPU', 1), r('MEMORY', 0)], /MEMORY must be a positive integer/],
    [[r('CPU', 1), r('MEMORY', 1), r('PORTS', 0, ['0'])], /invalid port '0'/],
    [[r('CPU', 1), r('MEMORY', 1), r('PORTS', 0, ['22x'])], /invalid port '22x'/],
    [[r('CPU', 1), r('MEMORY', 1), r('DISK', 1)], /unknown resource 'DISK'/],
  ])('refuses %j', (list, message) => expect(() => resourcesFromWire(list)).toThrow(message));

  it('allows built-in attributes beyond the custom limit but not 11 custom ones', () => {
    const builtIn = Array.from({ length: 15 }, (_, i) => a(`ecs.capability.x${i}`));
    const custom = Array.from({ length: 10 }, (_, i) => a(`c${i}`, 'v'));
    expect(agentAttributesFromWire([...builtIn, ...custom])).toHaveLength(25);
    expect(() => agentAttributesFromWire([...custom, a('c10', 'v')])).toThrow(/at most 10 custom attributes/);
  });
});
