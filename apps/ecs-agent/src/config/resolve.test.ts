import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { resolveAgentConfig } from './resolve.js';
import { expectConfigError, fromEnv } from './test-helpers.js';
import type { AgentConfig } from './types.js';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;

const DEFAULTS: AgentConfig = {
  cluster: 'default',
  clusterExplicit: false,
  backendHost: '127.0.0.1:7470',
  backendTls: false,
  reservedMemoryMiB: 0,
  reservedPorts: [22, 2375, 2376, 51678, 51679],
  reservedPortsUdp: [],
  instanceAttributes: {},
  containerInstanceTags: {},
  containerStopTimeoutMs: 30 * S,
  containerStartTimeoutMs: 3 * M,
  containerCreateTimeoutMs: 4 * M,
  imagePullBehavior: 'default',
  imagePullTimeoutMs: 2 * H,
  taskCleanupWaitMs: 3 * H,
  imageCleanupIntervalMs: 30 * M,
  imageMinimumCleanupAgeMs: 1 * H,
  numImagesDeletePerCycle: 5,
  disableImageCleanup: false,
  metricsIntervalMs: 10_000,
  disableMetrics: false,
  dataDir: '/data/',
  checkpoint: false,
  logLevel: 'info',
  availableLoggingDrivers: ['json-file', 'none'],
  disablePrivileged: false,
  disableDockerHealthCheck: false,
  dynamicHostPortRange: { start: 49153, end: 65535 },
  dockerHost: 'unix:///var/run/docker.sock',
  hostPortBindIp: '0.0.0.0',
  taskMetadataPort: 51679,
};

describe('resolveAgentConfig defaults', () => {
  it('uses every default with no files and no environment', () => {
    const resolved = resolveAgentConfig({ files: [], env: {} });
    expect(resolved.config).toEqual(DEFAULTS);
    expect(resolved.warnings).toEqual([]);
    expect(Object.values(resolved.sources).every((s) => s === 'default')).toBe(true);
  });

  it('treats absent files like no files', () => {
    const resolved = resolveAgentConfig({ files: [{ path: '/etc/ecs/ecs.config', text: undefined }], env: {} });
    expect(resolved.config).toEqual(DEFAULTS);
  });
});

describe('good values', () => {
  it.each<[string, string, Partial<AgentConfig>]>([
    ['ECS_CLUSTER', 'prod-cluster_1', { cluster: 'prod-cluster_1', clusterExplicit: true }],
    ['ECS_CLUSTER', 'default', { cluster: 'default', clusterExplicit: true }],
    ['ECS_BACKEND_HOST', 'https://berth.internal:443', { backendHost: 'berth.internal:443', backendTls: true }],
    ['ECS_BACKEND_HOST', 'https://10.0.0.5:1', { backendHost: '10.0.0.5:1', backendTls: true }],
    ['ECS_BACKEND_HOST', '[::1]:7470', { backendHost: '[::1]:7470' }],
    ['ECS_RESERVED_MEMORY', '256', { reservedMemoryMiB: 256 }],
    ['ECS_RESERVED_MEMORY', '0', { reservedMemoryMiB: 0 }],
    ['ECS_RESERVED_PORTS', '[22, 8080]', { reservedPorts: [22, 8080] }],
    ['ECS_RESERVED_PORTS', '[]', { reservedPorts: [] }],
    ['ECS_RESERVED_PORTS_UDP', '[53, 161]', { reservedPortsUdp: [53, 161] }],
    ['ECS_INSTANCE_ATTRIBUTES', '{"stack":"prod","zone/a":"us-east-1a"}', { instanceAttributes: { stack: 'prod', 'zone/a': 'us-east-1a' } }],
    ['ECS_INSTANCE_ATTRIBUTES', '{"path":"C:\\\\data @v1.2/x_y-z"}', { instanceAttributes: { path: 'C:\\data @v1.2/x_y-z' } }],
    ['ECS_CONTAINER_INSTANCE_TAGS', '{"team":"infra","empty":""}', { containerInstanceTags: { team: 'infra', empty: '' } }],
    ['ECS_CONTAINER_STOP_TIMEOUT', '2m', { containerStopTimeoutMs: 2 * M }],
    ['ECS_CONTAINER_STOP_TIMEOUT', '1s', { containerStopTimeoutMs: 1 * S }],
    ['ECS_CONTAINER_STOP_TIMEOUT', '0', { containerStopTimeoutMs: 30 * S }],
    ['ECS_CONTAINER_STOP_TIMEOUT', '0s', { containerStopTimeoutMs: 30 * S }],
    ['ECS_CONTAINER_START_TIMEOUT', '5m', { containerStartTimeoutMs: 5 * M }],
    ['ECS_CONTAINER_START_TIMEOUT', '45s', { containerStartTimeoutMs: 45 * S }],
    ['ECS_CONTAINER_CREATE_TIMEOUT', '1m30s', { containerCreateTimeoutMs: 90 * S }],
    ['ECS_IMAGE_PULL_BEHAVIOR', 'always', { imagePullBehavior: 'always' }],
    ['ECS_IMAGE_PULL_BEHAVIOR', 'once', { imagePullBehavior: 'once' }],
    ['ECS_IMAGE_PULL_BEHAVIOR', 'prefer-cached', { imagePullBehavior: 'prefer-cached' }],
    ['ECS_IMAGE_PULL_BEHAVIOR', 'default', { imagePullBehavior: 'default' }],
    ['ECS_IMAGE_PULL_BEHAVIOR', 'ALWAYS', { imagePullBehavior: 'always' }],
    ['ECS_IMAGE_PULL_TIMEOUT', '15m', { imagePullTimeoutMs: 15 * M }],
    ['ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION', '10m', { taskCleanupWaitMs: 10 * M }],
    ['ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION', '1s', { taskCleanupWaitMs: 1 * S }],
    ['ECS_IMAGE_CLEANUP_INTERVAL', '10m', { imageCleanupIntervalMs: 10 * M }],
    ['ECS_IMAGE_MINIMUM_CLEANUP_AGE', '30m', { imageMinimumCleanupAgeMs: 30 * M }],
    ['ECS_IMAGE_MINIMUM_CLEANUP_AGE', '0', { imageMinimumCleanupAgeMs: 0 }],
    ['ECS_NUM_IMAGES_DELETE_PER_CYCLE', '1', { numImagesDeletePerCycle: 1 }],
    ['ECS_NUM_IMAGES_DELETE_PER_CYCLE', '20', { numImagesDeletePerCycle: 20 }],
    ['ECS_DISABLE_IMAGE_CLEANUP', 'true', { disableImageCleanup: true }],
    ['ECS_DISABLE_IMAGE_CLEANUP', 'False', { disableImageCleanup: false }],
    ['ECS_DISABLE_METRICS', 'true', { disableMetrics: true }],
    ['ECS_POLLING_METRICS_WAIT_DURATION', '2s', { metricsIntervalMs: 2000 }],
    ['ECS_DATADIR', '/var/lib/berth', { dataDir: '/var/lib/berth', checkpoint: true }],
    ['ECS_DATADIR', '/data/', { dataDir: '/data/', checkpoint: true }],
    ['ECS_LOGLEVEL', 'debug', { logLevel: 'debug' }],
    ['ECS_LOGLEVEL', 'warn', { logLevel: 'warn' }],
    ['ECS_LOGLEVEL', 'error', { logLevel: 'error' }],
    ['ECS_LOGLEVEL', 'crit', { logLevel: 'crit' }],
    ['ECS_LOGLEVEL', 'none', { logLevel: 'none' }],
    ['ECS_LOGLEVEL', 'DEBUG', { logLevel: 'debug' }],
    ['ECS_AVAILABLE_LOGGING_DRIVERS', '["json-file","awslogs","fluentd"]', { availableLoggingDrivers: ['json-file', 'awslogs', 'fluentd'] }],
    ['ECS_AVAILABLE_LOGGING_DRIVERS', '["local","local"]', { availableLoggingDrivers: ['local'] }],
    ['ECS_AVAILABLE_LOGGING_DRIVERS', '[]', { availableLoggingDrivers: [] }],
    ['ECS_DISABLE_PRIVILEGED', '1', { disablePrivileged: true }],
    ['ECS_DISABLE_DOCKER_HEALTH_CHECK', 'T', { disableDockerHealthCheck: true }],
    ['ECS_DYNAMIC_HOST_PORT_RANGE', '40000-50000', { dynamicHostPortRange: { start: 40000, end: 50000 } }],
    ['DOCKER_HOST', 'tcp://127.0.0.1:2375', { dockerHost: 'tcp://127.0.0.1:2375' }],
  ])('%s=%s', (key, value, expected) => {
    const resolved = fromEnv({ [key]: value });
    expect(resolved.config).toEqual({ ...DEFAULTS, ...expected });
    expect(resolved.warnings).toEqual([]);
    expect(resolved.sources[key]).toBe('environment');
  });
});

describe('bad values warn and fall back', () => {
  it.each<[string, string, Partial<AgentConfig>, string]>([
    ['ECS_RESERVED_MEMORY', 'lots', { reservedMemoryMiB: 0 }, 'using 0 instead'],
    ['ECS_RESERVED_MEMORY', '-1', { reservedMemoryMiB: 0 }, 'using 0 instead'],
    ['ECS_RESERVED_MEMORY', '1.5', { reservedMemoryMiB: 0 }, 'using 0 instead'],
    ['ECS_RESERVED_PORTS', '22,80', { reservedPorts: DEFAULTS.reservedPorts }, '[22,2375,2376,51678,51679]'],
    ['ECS_RESERVED_PORTS', '[0]', { reservedPorts: DEFAULTS.reservedPorts }, '[22,2375,2376,51678,51679]'],
    ['ECS_RESERVED_PORTS', '[70000]', { reservedPorts: DEFAULTS.reservedPorts }, '[22,2375,2376,51678,51679]'],
    ['ECS_RESERVED_PORTS_UDP', '[53', { reservedPortsUdp: [] }, 'the default []'],
    ['ECS_RESERVED_PORTS_UDP', '["53"]', { reservedPortsUdp: [] }, 'the default []'],
    ['ECS_CONTAINER_STOP_TIMEOUT', '30', { containerStopTimeoutMs: 30 * S }, 'the default 30s'],
    ['ECS_CONTAINER_STOP_TIMEOUT', 'soon', { containerStopTimeoutMs: 30 * S }, 'the default 30s'],
    ['ECS_CONTAINER_STOP_TIMEOUT', '500ms', { containerStopTimeoutMs: 1 * S }, 'the minimum 1s'],
    ['ECS_CONTAINER_STOP_TIMEOUT', '-5s', { containerStopTimeoutMs: 1 * S }, 'the minimum 1s'],
    ['ECS_CONTAINER_START_TIMEOUT', '10s', { containerStartTimeoutMs: 45 * S }, 'the minimum 45s'],
    ['ECS_CONTAINER_START_TIMEOUT', '3', { containerStartTimeoutMs: 3 * M }, 'the default 3m0s'],
    ['ECS_CONTAINER_CREATE_TIMEOUT', '59s', { containerCreateTimeoutMs: 1 * M }, 'the minimum 1m0s'],
    ['ECS_CONTAINER_CREATE_TIMEOUT', '4 m', { containerCreateTimeoutMs: 4 * M }, 'the default 4m0s'],
    ['ECS_IMAGE_PULL_BEHAVIOR', 'sometimes', { imagePullBehavior: 'default' }, '"default"'],
    ['ECS_IMAGE_PULL_TIMEOUT', '2 hours', { imagePullTimeoutMs: 2 * H }, 'the default 2h0m0s'],
    ['ECS_IMAGE_PULL_TIMEOUT', '0s', { imagePullTimeoutMs: 2 * H }, 'the default 2h0m0s'],
    ['ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION', '500ms', { taskCleanupWaitMs: 3 * H }, 'the default 3h0m0s'],
    ['ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION', '0', { taskCleanupWaitMs: 3 * H }, 'the default 3h0m0s'],
    ['ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION', 'x', { taskCleanupWaitMs: 3 * H }, 'the default 3h0m0s'],
    ['ECS_IMAGE_CLEANUP_INTERVAL', '5m', { imageCleanupIntervalMs: 30 * M }, 'the default 30m0s'],
    ['ECS_IMAGE_CLEANUP_INTERVAL', '1d', { imageCleanupIntervalMs: 30 * M }, 'the default 30m0s'],
    ['ECS_IMAGE_MINIMUM_CLEANUP_AGE', '-1h', { imageMinimumCleanupAgeMs: 1 * H }, 'the default 1h0m0s'],
    ['ECS_IMAGE_MINIMUM_CLEANUP_AGE', '60', { imageMinimumCleanupAgeMs: 1 * H }, 'the default 1h0m0s'],
    ['ECS_NUM_IMAGES_DELETE_PER_CYCLE', '0', { numImagesDeletePerCycle: 5 }, 'the default 5'],
    ['ECS_NUM_IMAGES_DELETE_PER_CYCLE', '-2', { numImagesDeletePerCycle: 5 }, 'the default 5'],
    ['ECS_NUM_IMAGES_DELETE_PER_CYCLE', 'many', { numImagesDeletePerCycle: 5 }, 'the default 5'],
    ['ECS_DISABLE_IMAGE_CLEANUP', 'yes', { disableImageCleanup: false }, 'the default false'],
    ['ECS_DISABLE_PRIVILEGED', 'on', { disablePrivileged: false }, 'the default false'],
    ['ECS_DISABLE_DOCKER_HEALTH_CHECK', 'tRuE', { disableDockerHealthCheck: false }, 'the default false'],
    ['ECS_LOGLEVEL', 'verbose', { logLevel: 'info' }, '"info"'],
    ['ECS_AVAILABLE_LOGGING_DRIVERS', 'json-file,awslogs', { availableLoggingDrivers: ['json-file', 'none'] }, '["json-file","none"]'],
    ['ECS_AVAILABLE_LOGGING_DRIVERS', '[1,2]', { availableLoggingDrivers: ['json-file', 'none'] }, '["json-file","none"]'],
    ['ECS_DYNAMIC_HOST_PORT_RANGE', '50000-40000', { dynamicHostPortRange: { start: 49153, end: 65535 } }, '49153-65535'],
    ['ECS_DYNAMIC_HOST_PORT_RANGE', '0-100', { dynamicHostPortRange: { start: 49153, end: 65535 } }, '49153-65535'],
    ['ECS_DYNAMIC_HOST_PORT_RANGE', '40000', { dynamicHostPortRange: { start: 49153, end: 65535 } }, '49153-65535'],
  ])('%s=%s', (key, value, expected, instead) => {
    const resolved = fromEnv({ [key]: value });
    expect(resolved.config).toEqual({ ...DEFAULTS, ...expected });
    expect(resolved.warnings).toHaveLength(1);
    const warning = resolved.warnings[0] ?? '';
    expect(warning).toContain(key);
    expect(warning).toContain(JSON.stringify(value));
    expect(warning).toContain('(from environment)');
    expect(warning).toContain(instead);
    expect(warning).toMatch(/^[A-Z].* instead\.$/);
  });
});

describe('fatal values throw ConfigError', () => {
  const tooMany = JSON.stringify(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, 'v'])));
  const tooManyTags = JSON.stringify(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'v'])));
  it.each<[string, string, string]>([
    ['ECS_CLUSTER', 'my cluster', 'my cluster'],
    ['ECS_CLUSTER', 'arn:aws:ecs:us-east-1:1:cluster/x', 'arn:aws'],
    ['ECS_CLUSTER', 'x'.repeat(256), 'x'.repeat(256)],
    ['ECS_BACKEND_HOST', 'berth.internal', 'berth.internal'],
    ['ECS_BACKEND_HOST', 'berth.internal:0', ':0'],
    ['ECS_BACKEND_HOST', 'berth.internal:65536', ':65536'],
    ['ECS_BACKEND_HOST', 'ftp://berth.internal:80', 'ftp://'],
    ['ECS_BACKEND_HOST', 'https://berth.internal', 'https://berth.internal'],
    ['ECS_BACKEND_HOST', ':7470', ':7470'],
    ['ECS_INSTANCE_ATTRIBUTES', '{"stack":', '{\\"stack\\":'],
    ['ECS_INSTANCE_ATTRIBUTES', 'stack=prod', 'stack=prod'],
    ['ECS_INSTANCE_ATTRIBUTES', '["a"]', '["a"]'.replace(/"/g, '\\"')],
    ['ECS_INSTANCE_ATTRIBUTES', '{"n":1}', 'JSON object'],
    ['ECS_INSTANCE_ATTRIBUTES', tooMany, 'more than the ECS limit of 10'],
    ['ECS_INSTANCE_ATTRIBUTES', '{"bad name":"v"}', '"bad name"'],
    ['ECS_INSTANCE_ATTRIBUTES', `{"${'n'.repeat(129)}":"v"}`, 'n'.repeat(129)],
    ['ECS_INSTANCE_ATTRIBUTES', '{"empty":""}', 'attribute "empty"'],
    ['ECS_INSTANCE_ATTRIBUTES', `{"long":"${'v'.repeat(129)}"}`, 'attribute "long"'],
    ['ECS_INSTANCE_ATTRIBUTES', '{"sp":" lead"}', 'attribute "sp"'],
    ['ECS_INSTANCE_ATTRIBUTES', '{"ch":"a+b"}', 'attribute "ch"'],
    ['ECS_CONTAINER_INSTANCE_TAGS', '{"team":', 'JSON object'],
    ['ECS_CONTAINER_INSTANCE_TAGS', '{"team":["a"]}', 'JSON object'],
    ['ECS_CONTAINER_INSTANCE_TAGS', tooManyTags, 'more than the ECS limit of 50'],
    ['ECS_CONTAINER_INSTANCE_TAGS', '{"":"v"}', 'tag key ""'],
    ['ECS_CONTAINER_INSTANCE_TAGS', `{"k":"${'v'.repeat(257)}"}`, 'tag "k"'],
    ['ECS_AVAILABLE_LOGGING_DRIVERS', '["json-file","loki"]', '"loki"'],
  ])('%s=%s', (key, value, mention) => {
    const err = expectConfigError(() => fromEnv({ [key]: value }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ConfigError');
    expect(err.key).toBe(key);
    expect(err.message).toContain(key);
    expect(err.message).toContain(mention);
  });

  it('names the file the fatal value came from', () => {
    const err = expectConfigError(() =>
      resolveAgentConfig({ files: [{ path: '/etc/ecs/ecs.config', text: 'ECS_INSTANCE_ATTRIBUTES={oops}\n' }], env: {} }),
    );
    expect(err.key).toBe('ECS_INSTANCE_ATTRIBUTES');
    expect(err.message).toContain('{oops}');
    expect(err.message).toContain('/etc/ecs/ecs.config');
  });
});

describe('dynamic host port range default', () => {
  it.each<[string | undefined, { start: number; end: number }]>([
    ['32768\t60999\n', { start: 32768, end: 60999 }],
    ['1024 65000', { start: 1024, end: 65000 }],
    [undefined, { start: 49153, end: 65535 }],
    ['', { start: 49153, end: 65535 }],
    ['garbage', { start: 49153, end: 65535 }],
    ['60999\t32768', { start: 49153, end: 65535 }],
  ])('ip_local_port_range %j → %j', (text, range) => {
    const resolved = resolveAgentConfig({ files: [], env: {}, ipLocalPortRange: text });
    expect(resolved.config.dynamicHostPortRange).toEqual(range);
    expect(resolved.warnings).toEqual([]);
    expect(resolved.sources['ECS_DYNAMIC_HOST_PORT_RANGE']).toBe('default');
  });

  it('an explicit range wins over the kernel range', () => {
    const resolved = resolveAgentConfig({
      files: [],
      env: { ECS_DYNAMIC_HOST_PORT_RANGE: '20000-30000' },
      ipLocalPortRange: '32768\t60999\n',
    });
    expect(resolved.config.dynamicHostPortRange).toEqual({ start: 20000, end: 30000 });
  });

  it('a bad explicit range falls back to the kernel range and says so', () => {
    const resolved = resolveAgentConfig({
      files: [],
      env: { ECS_DYNAMIC_HOST_PORT_RANGE: 'wide' },
      ipLocalPortRange: '32768\t60999\n',
    });
    expect(resolved.config.dynamicHostPortRange).toEqual({ start: 32768, end: 60999 });
    expect(resolved.warnings).toEqual([
      'ECS_DYNAMIC_HOST_PORT_RANGE="wide" (from environment) is not a port range "start-end" with 1 <= start <= end <= 65535; using the kernel ephemeral port range 32768-60999 instead.',
    ]);
  });
});

describe('ECS_HOST_PORT_BIND_IP (ours)', () => {
  it.each([['127.0.0.1'], ['::1'], ['10.0.0.5']])('accepts %s', (ip) => {
    expect(resolveAgentConfig({ files: [], env: { ECS_HOST_PORT_BIND_IP: ip } }).config.hostPortBindIp).toBe(ip);
  });
  it('rejects a host name or garbage as fatal, naming the key', () => {
    expect(() => resolveAgentConfig({ files: [], env: { ECS_HOST_PORT_BIND_IP: 'localhost' } })).toThrow(/ECS_HOST_PORT_BIND_IP/);
  });
});

describe('ECS_TASK_METADATA_PORT (ours)', () => {
  it.each([['0', 0], ['51679', 51679], ['8080', 8080], ['65535', 65535]])('takes %s', (value, port) => {
    expect(resolveAgentConfig({ files: [], env: { ECS_TASK_METADATA_PORT: value } }).config.taskMetadataPort).toBe(port);
  });
  it.each([['-1'], ['65536'], ['http'], ['80.5']])('refuses %s as fatal, naming the key', (value) => {
    expect(() => resolveAgentConfig({ files: [], env: { ECS_TASK_METADATA_PORT: value } })).toThrow(/ECS_TASK_METADATA_PORT.*port number 0-65535/);
  });
});

describe('an ecs.config of 200,000 garbled lines', () => {
  it('resolves (no stack overflow) with the good settings and a bounded list of warnings', () => {
    const text = ['ECS_CLUSTER=prod', ...Array.from({ length: 200_000 }, (_, i) => `junk ${i}`)].join('\n');
    const resolved = resolveAgentConfig({ files: [{ path: '/etc/ecs/ecs.config', text }, { path: '/var/lib/ecs/ecs.config', text }], env: {} });
    expect(resolved.config.cluster).toBe('prod');
    expect(resolved.warnings.length).toBeLessThanOrEqual(2 * 101 + 10);
    expect(resolved.warnings).toContain('/etc/ecs/ecs.config: 199900 more lines that are not KEY=VALUE were ignored.');
  });
});
