import { describe, expect, it } from 'vitest';
import { AgentExit } from '../exit-codes.js';
import { cpuArchitecture, registrationAttributes } from './attributes.js';
import { registrationResources } from './resources.js';

const host = { cpuCount: 4, totalMemoryBytes: 8 * 1024 ** 3, arch: 'x64', hostname: 'h' };

describe('registrationResources', () => {
  it('computes CPU = cores × 1024 and MEMORY = total − reserved, ports deduplicated and sorted', () => {
    expect(registrationResources(host, { reservedMemoryMiB: 512, reservedPorts: [2376, 22, 22], reservedPortsUdp: [53] })).toEqual({
      cpu: 4096,
      memory: 8192 - 512,
      ports: [22, 2376],
      portsUdp: [53],
    });
  });

  it.each([8192, 9000])('refuses ECS_RESERVED_MEMORY=%d on an 8192 MiB host with exit 1', (reserved) => {
    const attempt = () => registrationResources(host, { reservedMemoryMiB: reserved, reservedPorts: [], reservedPortsUdp: [] });
    expect(attempt).toThrow(AgentExit);
    expect(attempt).toThrow(/ECS_RESERVED_MEMORY=\d+ MiB is not less than the host's 8192 MiB/);
  });
});

describe('registrationAttributes', () => {
  const base = { instanceAttributes: { stack: 'prod' }, availableLoggingDrivers: ['json-file', 'none'], disablePrivileged: false, disableDockerHealthCheck: false };

  it('adds the built-in attributes and the operator ones', () => {
    const names = registrationAttributes(base, host).map((a) => a.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'ecs.os-type',
        'ecs.cpu-architecture',
        'ecs.capability.container-health-check',
        'com.amazonaws.ecs.capability.privileged-container',
        'com.amazonaws.ecs.capability.logging-driver.json-file',
        'com.amazonaws.ecs.capability.logging-driver.none',
        'stack',
      ]),
    );
    expect(registrationAttributes(base, host).find((a) => a.name === 'ecs.cpu-architecture')?.value).toBe('x86_64');
  });

  it('leaves out capabilities the operator disabled', () => {
    const names = registrationAttributes({ ...base, disablePrivileged: true, disableDockerHealthCheck: true }, host).map((a) => a.name);
    expect(names).not.toContain('com.amazonaws.ecs.capability.privileged-container');
    expect(names).not.toContain('ecs.capability.container-health-check');
  });

  it.each([
    ['x64', 'x86_64'],
    ['arm64', 'arm64'],
    ['riscv64', 'riscv64'],
  ])('maps %s to %s', (arch, expected) => expect(cpuArchitecture(arch)).toBe(expected));
});
