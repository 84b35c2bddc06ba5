import { describe, expect, it } from 'vitest';
import { AGENT_LIMITS, agentAttributesFromWire, agentText, capabilitiesFromWire, logDataFromWire, resourcesFromWire, stateReportFromWire } from './agent-wire.js';

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

describe('hello capabilities', () => {
  it('keeps the ones this control plane knows and ignores a newer agent\'s others', () => {
    expect([...capabilitiesFromWire(['log-window', 'teleport', 'desired-parts'])].sort()).toEqual(['desired-parts', 'log-window']);
    expect(capabilitiesFromWire([]).size).toBe(0);
  });

  it.each([
    ['33 of them', Array.from({ length: 33 }, (_, i) => `c${i}`), /hello.capabilities has 33 items; at most 32/],
    ['a long one', ['x'.repeat(65)], /hello.capabilities\[\] is longer than 64 characters/],
    ['a NUL', ['log\u0000window'], /hello.capabilities\[\] contains a NUL/],
  ])('refuses %s', (_what, list, message) => {
    expect(() => capabilitiesFromWire(list)).toThrow(message);
  });
});

describe('agent input bounds', () => {
  const report = (over: object = {}, container: object = {}) => ({
    sequence: '1',
    tasks: [
      {
        taskArn: 'arn:aws:ecs:local:000000000000:task/c/' + 'a'.repeat(32),
        status: 'RUNNING',
        reason: '',
        stopCode: '',
        containers: [{ containerName: 'web', status: 'RUNNING', runtimeId: 'r', imageDigest: '', reason: '', networkBindings: [], healthStatus: '', ...container }],
        pullStartedAt: null,
        pullStoppedAt: null,
        executionStoppedAt: null,
        startedAt: null,
        ...over,
      },
    ],
  });
  const refused = (value: object) => () => stateReportFromWire(value as Parameters<typeof stateReportFromWire>[0]);

  it('accepts a well-formed report', () => {
    expect(stateReportFromWire(report() as Parameters<typeof stateReportFromWire>[0]).tasks).toHaveLength(1);
  });

  it.each([
    ['a runtime id too long', report({}, { runtimeId: 'r'.repeat(129) }), /runtimeId is longer than 128/],
    ['a digest too long', report({}, { imageDigest: 'd'.repeat(257) }), /imageDigest is longer than 256/],
    ['a NUL in a container name', report({}, { containerName: 'we\u0000b' }), /containerName contains a NUL/],
    ['text decoded from invalid UTF-8', report({}, { reason: 'bad \uFFFD bytes' }), /reason is not valid UTF-8/],
    ['too many bindings', report({}, { networkBindings: Array.from({ length: 101 }, () => ({ bindIP: '0.0.0.0', containerPort: 80, hostPort: 80, protocol: 'tcp' })) }), /at most 100/],
    ['a port out of range', report({}, { networkBindings: [{ bindIP: '0.0.0.0', containerPort: 70000, hostPort: 80, protocol: 'tcp' }] }), /invalid port/],
    ['an unknown protocol', report({}, { networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 80, protocol: 'sctp' }] }), /protocol must be tcp or udp/],
    ['more containers than a task can have', report({ containers: Array.from({ length: 11 }, (_, i) => ({ containerName: `c${i}`, status: 'RUNNING', runtimeId: '', imageDigest: '', reason: '', networkBindings: [], healthStatus: '' })) }), /at most 10/],
    ['a task ARN too long', report({ taskArn: 'x'.repeat(513) }), /taskArn is longer than 512/],
    ['a status quoted at length', report({ status: 'X'.repeat(10_000) }), /^stateReport\.tasks\[0\]\.status 'X{32}' is not one of/],
  ])('refuses %s', (_name, value, message) => {
    expect(refused(value)).toThrow(message);
  });

  it('refuses an oversized hostname and log frame', () => {
    expect(() => agentText('h'.repeat(256), 'hostname', AGENT_LIMITS.hostname)).toThrow(/hostname is longer than 255/);
    expect(() => logDataFromWire({ requestId: 'r', stream: 'stdout', data: Buffer.alloc(AGENT_LIMITS.logFrameBytes + 1), end: false, error: '' })).toThrow(/larger than 1048576 bytes/);
  });
});
