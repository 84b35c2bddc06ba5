import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { ContainerCreateSpec, LogChunk } from '../engine/runtime.js';
import { frame, LogDemuxer } from './demux.js';
import { createOptions, eventOf, inspectionOf, registryOf } from './docker-mapping.js';
import { dockerError } from './docker-runtime.js';

describe('createOptions', () => {
  it('maps a spec onto the Docker Engine API', () => {
    const options = createOptions({
      name: 'ecs-web-1-app-x',
      image: 'img',
      labels: { a: 'b' },
      env: ['A=1'],
      cmd: ['sh'],
      exposedPorts: [{ containerPort: 80, protocol: 'tcp' }, { containerPort: 53, protocol: 'udp' }],
      portBindings: [
        { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 41000 },
        { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 5353 },
      ],
      networkMode: 'bridge',
      binds: ['/h:/c:ro'],
      links: ['other:db'],
      volumesFrom: ['data:ro'],
      ulimits: [{ name: 'nofile', soft: 1, hard: 2 }],
      privileged: false,
      readonlyRootfs: true,
      cpuShares: 256,
      memoryBytes: 1024,
      healthcheck: { test: ['CMD-SHELL', 'true'], intervalNs: 1e9, timeoutNs: 2e9, retries: 3, startPeriodNs: 0 },
      logConfig: { type: 'json-file', config: { 'max-size': '1m' } },
    });
    expect(options).toEqual({
      name: 'ecs-web-1-app-x',
      Image: 'img',
      Labels: { a: 'b' },
      Env: ['A=1'],
      Cmd: ['sh'],
      ExposedPorts: { '80/tcp': {}, '53/udp': {} },
      Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 1e9, Timeout: 2e9, Retries: 3, StartPeriod: 0 },
      HostConfig: {
        NetworkMode: 'bridge',
        PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '41000' }], '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }] },
        Binds: ['/h:/c:ro'],
        Links: ['other:db'],
        VolumesFrom: ['data:ro'],
        Ulimits: [{ Name: 'nofile', Soft: 1, Hard: 2 }],
        Privileged: false,
        ReadonlyRootfs: true,
        CpuShares: 256,
        Memory: 1024,
        LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } },
      },
    });
  });

  const minimal: ContainerCreateSpec = {
    name: 'n',
    image: 'img',
    labels: {},
    env: [],
    exposedPorts: [],
    portBindings: [],
    networkMode: 'bridge',
    binds: [],
    links: [],
    volumesFrom: [],
    ulimits: [],
    privileged: false,
    readonlyRootfs: false,
    cpuShares: 2,
  };

  it('maps linuxParameters, sysctls and namespace modes onto HostConfig', () => {
    const { HostConfig } = createOptions({
      ...minimal,
      capAdd: ['SYS_PTRACE'],
      capDrop: ['NET_RAW'],
      init: true,
      shmSizeBytes: 1 << 26,
      tmpfs: { '/run': 'noexec,size=16m' },
      devices: [{ hostPath: '/dev/fuse', containerPath: '/dev/fuse', permissions: 'rw' }],
      memoryBytes: 1 << 27,
      memorySwapBytes: 3 << 26,
      memorySwappiness: 10,
      sysctls: { 'net.core.somaxconn': '1024' },
      pidMode: 'host',
      ipcMode: 'none',
    });
    expect(HostConfig).toMatchObject({
      CapAdd: ['SYS_PTRACE'],
      CapDrop: ['NET_RAW'],
      Init: true,
      ShmSize: 1 << 26,
      Tmpfs: { '/run': 'noexec,size=16m' },
      Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rw' }],
      Memory: 1 << 27,
      MemorySwap: 3 << 26,
      MemorySwappiness: 10,
      Sysctls: { 'net.core.somaxconn': '1024' },
      PidMode: 'host',
      IpcMode: 'none',
    });
  });

  it('leaves Docker’s defaults alone when nothing Linux-specific is asked for', () => {
    const { HostConfig } = createOptions({ ...minimal, capAdd: [], capDrop: [], tmpfs: {}, devices: [], sysctls: {} });
    for (const key of ['CapAdd', 'CapDrop', 'Init', 'ShmSize', 'Tmpfs', 'Devices', 'MemorySwap', 'MemorySwappiness', 'Sysctls', 'PidMode', 'IpcMode']) {
      expect(HostConfig).not.toHaveProperty(key);
    }
  });
});

describe('inspectionOf', () => {
  const info = (state: Partial<Docker.ContainerInspectInfo['State']>, ports: Record<string, { HostIp: string; HostPort: string }[] | null> = {}) =>
    ({
      Id: 'abc',
      Image: 'sha256:1',
      State: { Running: false, ExitCode: 0, StartedAt: '0001-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z', Error: '', ...state },
      NetworkSettings: { Ports: ports },
    }) as unknown as Docker.ContainerInspectInfo;

  it('treats Docker zero times as never', () => {
    const seen = inspectionOf(info({}));
    expect(seen.startedAt).toBeUndefined();
    expect(seen.health).toBe('NONE');
  });

  it('reads exit code, times, health and published ports', () => {
    const seen = inspectionOf(
      info(
        { Running: true, StartedAt: '2024-01-01T00:00:00.5Z', Health: { Status: 'healthy', FailingStreak: 0, Log: [] } },
        { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '41000' }], '81/tcp': null },
      ),
    );
    expect(seen).toMatchObject({ running: true, health: 'HEALTHY', imageId: 'sha256:1', ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 41000 }] });
    expect(seen.startedAt?.toISOString()).toBe('2024-01-01T00:00:00.500Z');
  });
});

describe('eventOf', () => {
  const labels = { 'com.amazonaws.ecs.task-arn': 't' };
  it.each([
    [{ Type: 'container', Action: 'die', Actor: { ID: 'c', Attributes: { ...labels, exitCode: '137' } } }, { action: 'die', exitCode: 137 }],
    [{ Type: 'container', Action: 'health_status: unhealthy', Actor: { ID: 'c', Attributes: labels } }, { action: 'health_status', health: 'UNHEALTHY' }],
    [{ Type: 'container', Action: 'health_status: healthy', Actor: { ID: 'c', Attributes: labels } }, { action: 'health_status', health: 'HEALTHY' }],
    [{ Type: 'container', Action: 'exec_start: sh', Actor: { ID: 'c', Attributes: labels } }, { action: 'other' }],
  ])('%o → %o', (message, expected) => {
    expect(eventOf(message)).toMatchObject({ containerId: 'c', labels: expect.objectContaining(labels), ...expected });
  });
  it('ignores non-container events', () => expect(eventOf({ Type: 'network', Action: 'connect', Actor: { ID: 'n' } })).toBeUndefined());
});

describe('dockerError', () => {
  it('keeps Docker’s own message', () => {
    expect(dockerError(Object.assign(new Error('(HTTP code 500) server error - x'), { statusCode: 500, json: { message: 'port is already allocated' } })).message).toBe(
      'port is already allocated',
    );
    expect(dockerError(Object.assign(new Error('(HTTP code 500) server error - Get "https://x/v2/": no such host '), { statusCode: 500 })).message).toBe(
      'Get "https://x/v2/": no such host',
    );
  });
});

describe('LogDemuxer', () => {
  it('splits frames across arbitrary chunk boundaries', async () => {
    const bytes = Buffer.concat([frame('stdout', 'hello\n'), frame('stderr', 'oops\n'), frame('stdout', '')]);
    const demux = new LogDemuxer();
    for (let i = 0; i < bytes.length; i += 3) demux.write(bytes.subarray(i, i + 3));
    demux.end();
    const chunks: LogChunk[] = [];
    for await (const c of demux) chunks.push(c as LogChunk);
    expect(chunks.map((c) => [c.stream, c.data.toString()])).toEqual([
      ['stdout', 'hello\n'],
      ['stderr', 'oops\n'],
      ['stdout', ''],
    ]);
  });
});

describe('registryOf', () => {
  it.each([
    ['busybox', 'https://index.docker.io/v1/'],
    ['library/busybox:1.36', 'https://index.docker.io/v1/'],
    ['team/app', 'https://index.docker.io/v1/'],
    ['127.0.0.1:5000/app:1', '127.0.0.1:5000'],
    ['localhost/app', 'localhost'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:abc', '123456789012.dkr.ecr.us-east-1.amazonaws.com'],
  ])('%s → %s', (image, registry) => expect(registryOf(image)).toBe(registry));
});
