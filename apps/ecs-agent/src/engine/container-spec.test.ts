import type { ContainerDefinition, LinuxParameters } from '@berth/domain';
import { describe, expect, it } from 'vitest';
import {
  buildCreateSpec,
  containerDockerName,
  dynamicPortKeys,
  PRIVILEGED_DISABLED_REASON,
  sanitizeName,
  taskScopedVolumeNames,
  volumesToCreate,
  type TaskContext,
} from './container-spec.js';
import type { ContainerCreateSpec } from './runtime.js';
import { containerDef } from './test-fixtures.js';

const TASK = 'arn:aws:ecs:local:000000000000:task/prod/0123456789abcdef0123456789abcdef';
const ctx: TaskContext = {
  taskArn: TASK,
  clusterArn: 'arn:aws:ecs:local:000000000000:cluster/prod',
  family: 'web',
  revision: 3,
  networkMode: 'bridge',
  volumes: [
    { name: 'logs', host: { sourcePath: '/var/log/web' } },
    { name: 'scratch' },
    { name: 'cache', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true, driver: 'local', driverOpts: {}, labels: {} } },
  ],
  bindHost: '127.0.0.1',
  dynamicPorts: new Map([['80/tcp', 41001]]),
  disablePrivileged: false,
  disableHealthCheck: false,
};

function spec(def: Partial<ContainerDefinition>, context: Partial<TaskContext> = {}): ContainerCreateSpec {
  const result = buildCreateSpec(containerDef({ name: 'app', ...def }), { ...ctx, ...context });
  if (!result.ok) throw new Error(result.reason);
  return result.spec;
}

describe('names', () => {
  it.each([
    ['web', 3, 'app', 'ecs-web-3-app-abc'],
    ['my.fam', 1, 'c_1', 'ecs-my.fam-1-c_1-abc'],
    ['we b', 1, 'ä', 'ecs-we-b-1---abc'],
  ])('%s:%s/%s → %s', (family, revision, name, expected) => {
    expect(containerDockerName(family, revision, name, 'abc')).toBe(expected);
  });
  it('never starts with a character Docker refuses', () => expect(sanitizeName('-x')).toBe('x-x'));
});

describe('buildCreateSpec', () => {
  const MiB = 1024 * 1024;
  const linux: LinuxParameters = { capabilities: { add: [], drop: [] }, initProcessEnabled: false, tmpfs: [], devices: [] };
  const cases: [string, Partial<ContainerDefinition>, Partial<TaskContext>, Partial<ContainerCreateSpec>][] = [
    ['the deterministic name', {}, {}, { name: 'ecs-web-3-app-0123456789abcdef0123456789abcdef' }],
    ['environment as NAME=value', { environment: [{ name: 'A', value: '1=2' }] }, {}, { env: ['A=1=2'] }],
    ['the metadata URLs after the definition\'s own variables', { environment: [{ name: 'A', value: '1' }] }, { metadataEnv: ['ECS_CONTAINER_METADATA_URI_V4=http://gw/v4/t'] }, { env: ['A=1', 'ECS_CONTAINER_METADATA_URI_V4=http://gw/v4/t'] }],
    ['no metadata URLs with networkMode none (nothing reaches the endpoint)', {}, { networkMode: 'none', metadataEnv: ['ECS_CONTAINER_METADATA_URI_V4=http://gw/v4/t'] }, { env: [] }],
    ['command and entryPoint', { command: ['sh', '-c', 'echo hi'], entryPoint: ['/bin/env'] }, {}, { cmd: ['sh', '-c', 'echo hi'], entrypoint: ['/bin/env'] }],
    ['workingDirectory, user and hostname', { workingDirectory: '/w', user: 'nobody', hostname: 'h1' }, {}, { workingDir: '/w', user: 'nobody', hostname: 'h1' }],
    ['no hostname with host networking', { hostname: 'h1', portMappings: [] }, { networkMode: 'host' }, { hostname: undefined }],
    ['cpu 0 as 2 shares (Docker would make 0 a full core)', { cpu: 0 }, {}, { cpuShares: 2 }],
    ['cpu units as shares', { cpu: 512 }, {}, { cpuShares: 512 }],
    ['memory hard and soft limits in bytes', { memory: 128, memoryReservation: 64 }, {}, { memoryBytes: 128 * MiB, memoryReservationBytes: 64 * MiB }],
    ['ulimits', { ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }] }, {}, { ulimits: [{ name: 'nofile', soft: 1024, hard: 4096 }] }],
    ['privileged and read-only root', { privileged: true, readonlyRootFilesystem: true }, {}, { privileged: true, readonlyRootfs: true }],
    [
      'static and dynamic port bindings on the bind host',
      { portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }, { containerPort: 53, hostPort: 5353, protocol: 'udp' }] },
      {},
      {
        exposedPorts: [{ containerPort: 80, protocol: 'tcp' }, { containerPort: 53, protocol: 'udp' }],
        portBindings: [
          { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 41001 },
          { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 5353 },
        ],
      },
    ],
    ['no bindings with host networking', { portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }] }, { networkMode: 'host' }, { portBindings: [], networkMode: 'host' }],
    ['no ports at all with networkMode none', { portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }] }, { networkMode: 'none' }, { exposedPorts: [], portBindings: [] }],
    [
      'host, task-scoped and shared volumes',
      {
        mountPoints: [
          { sourceVolume: 'logs', containerPath: '/logs', readOnly: true },
          { sourceVolume: 'scratch', containerPath: '/scratch', readOnly: false },
          { sourceVolume: 'cache', containerPath: '/cache', readOnly: false },
        ],
      },
      {},
      { binds: ['/var/log/web:/logs:ro', 'ecs-0123456789abcdef0123456789abcdef-scratch:/scratch', 'cache:/cache'] },
    ],
    ['links to the other containers of the task', { links: ['db', 'cache:redis'] }, {}, {
      links: ['ecs-web-3-db-0123456789abcdef0123456789abcdef:db', 'ecs-web-3-cache-0123456789abcdef0123456789abcdef:redis'],
    }],
    ['volumesFrom, read-only when asked', { volumesFrom: [{ sourceContainer: 'data', readOnly: true }] }, {}, {
      volumesFrom: ['ecs-web-3-data-0123456789abcdef0123456789abcdef:ro'],
    }],
    [
      'health check durations in nanoseconds',
      { healthCheck: { command: ['CMD-SHELL', 'wget -q localhost'], intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 10 } },
      {},
      { healthcheck: { test: ['CMD-SHELL', 'wget -q localhost'], intervalNs: 30e9, timeoutNs: 5e9, retries: 3, startPeriodNs: 10e9 } },
    ],
    [
      'a bare health command through the shell',
      { healthCheck: { command: ['true'], intervalSeconds: 5, timeoutSeconds: 2, retries: 1, startPeriodSeconds: 0 } },
      {},
      { healthcheck: { test: ['CMD-SHELL', 'true'], intervalNs: 5e9, timeoutNs: 2e9, retries: 1, startPeriodNs: 0 } },
    ],
    [
      'no health check when ECS_DISABLE_DOCKER_HEALTH_CHECK',
      { healthCheck: { command: ['CMD', 'true'], intervalSeconds: 5, timeoutSeconds: 2, retries: 1, startPeriodSeconds: 0 } },
      { disableHealthCheck: true },
      { healthcheck: undefined },
    ],
    ['log configuration', { logConfiguration: { logDriver: 'json-file', options: { 'max-size': '10m' } } }, {}, { logConfig: { type: 'json-file', config: { 'max-size': '10m' } } }],
    ['no log configuration for awsfirelens (Docker has no such driver)', { logConfiguration: { logDriver: 'awsfirelens', options: { Name: 'stdout' } } }, {}, { logConfig: undefined }],
    ['no linux settings when linuxParameters is absent', {}, {}, { capAdd: undefined, init: undefined, tmpfs: undefined, devices: undefined, memorySwapBytes: undefined }],
    [
      'capabilities, init and /dev/shm size',
      { linuxParameters: { ...linux, capabilities: { add: ['SYS_PTRACE'], drop: ['NET_RAW'] }, initProcessEnabled: true, sharedMemorySize: 64 } },
      {},
      { capAdd: ['SYS_PTRACE'], capDrop: ['NET_RAW'], init: true, shmSizeBytes: 64 * MiB },
    ],
    [
      'tmpfs with its options and size in MiB',
      { linuxParameters: { ...linux, tmpfs: [{ containerPath: '/run', size: 16, mountOptions: ['noexec', 'nosuid'] }] } },
      {},
      { tmpfs: { '/run': 'noexec,nosuid,size=16m' } },
    ],
    [
      'devices, the container path defaulting to the host path and no permissions meaning all',
      {
        linuxParameters: {
          ...linux,
          devices: [
            { hostPath: '/dev/fuse', permissions: [] },
            { hostPath: '/dev/null', containerPath: '/dev/nil', permissions: ['read', 'mknod'] },
          ],
        },
      },
      {},
      {
        devices: [
          { hostPath: '/dev/fuse', containerPath: '/dev/fuse', permissions: 'rwm' },
          { hostPath: '/dev/null', containerPath: '/dev/nil', permissions: 'rm' },
        ],
      },
    ],
    ['swap as memory plus maxSwap, and swappiness', { memory: 128, linuxParameters: { ...linux, maxSwap: 64, swappiness: 10 } }, {}, { memorySwapBytes: 192 * MiB, memorySwappiness: 10 }],
    ['no swap limit without a memory limit', { memory: undefined, memoryReservation: 64, linuxParameters: { ...linux, maxSwap: 64 } }, {}, { memorySwapBytes: undefined }],
    ['systemControls as sysctls', { systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }] }, {}, { sysctls: { 'net.core.somaxconn': '1024' } }],
    ['no sysctls for an empty list', { systemControls: [] }, {}, { sysctls: undefined }],
    ['pidMode host and ipcMode none', {}, { pidMode: 'host', ipcMode: 'none' }, { pidMode: 'host', ipcMode: 'none' }],
    ['pidMode and ipcMode task left to Docker (per container)', {}, { pidMode: 'task', ipcMode: 'task' }, { pidMode: undefined, ipcMode: undefined }],
  ];
  it.each(cases)('maps %s', (_name, def, context, expected) => {
    const s = spec(def, context);
    for (const [key, value] of Object.entries(expected)) {
      if (value === undefined) expect(s).not.toHaveProperty(key);
      else expect(s).toHaveProperty(key, value);
    }
  });

  it('labels the container for recovery, agent labels winning over dockerLabels', () => {
    expect(spec({ dockerLabels: { team: 'a', 'com.amazonaws.ecs.cluster': 'spoofed' } }).labels).toEqual({
      team: 'a',
      'com.amazonaws.ecs.task-arn': TASK,
      'com.amazonaws.ecs.container-name': 'app',
      'com.amazonaws.ecs.task-definition-family': 'web',
      'com.amazonaws.ecs.task-definition-version': '3',
      'com.amazonaws.ecs.cluster': 'prod',
    });
  });

  it('keeps the image defaults when command and entryPoint are empty', () => {
    const s = spec({});
    expect(s).not.toHaveProperty('cmd');
    expect(s).not.toHaveProperty('entrypoint');
  });

  it('refuses privileged containers when ECS_DISABLE_PRIVILEGED', () => {
    expect(buildCreateSpec(containerDef({ name: 'app', privileged: true }), { ...ctx, disablePrivileged: true })).toEqual({
      ok: false,
      reason: PRIVILEGED_DISABLED_REASON,
    });
  });

  it('refuses a dynamic mapping no port was allocated for', () => {
    const result = buildCreateSpec(containerDef({ name: 'app', portMappings: [{ containerPort: 81, hostPort: 0, protocol: 'tcp' }] }), ctx);
    expect(result.ok).toBe(false);
  });
});

describe('task volumes and dynamic ports', () => {
  it('creates task-scoped and autoprovisioned shared volumes, removes only task-scoped ones', () => {
    expect(volumesToCreate(TASK, ctx.volumes).map((v) => v.name)).toEqual(['ecs-0123456789abcdef0123456789abcdef-scratch', 'cache']);
    expect(volumesToCreate(TASK, ctx.volumes)[0]!.labels).toEqual({ 'com.amazonaws.ecs.task-arn': TASK });
    expect(taskScopedVolumeNames(TASK, ctx.volumes)).toEqual(['ecs-0123456789abcdef0123456789abcdef-scratch']);
  });

  it('asks for host ports only for hostPort 0 in bridge mode', () => {
    const def = containerDef({ name: 'a', portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }, { containerPort: 81, hostPort: 8081, protocol: 'tcp' }] });
    expect(dynamicPortKeys(def, 'bridge')).toEqual(['80/tcp']);
    expect(dynamicPortKeys(def, 'host')).toEqual([]);
  });
});
