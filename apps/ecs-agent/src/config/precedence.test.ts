import { describe, expect, it } from 'vitest';
import { defaultConfigPaths } from './paths.js';
import { resolveAgentConfig } from './resolve.js';
import type { ConfigSource } from './types.js';

const VAR_LIB = '/var/lib/ecs/ecs.config';
const ETC = '/etc/ecs/ecs.config';

function files(varLib: string | undefined, etc: string | undefined): ConfigSource[] {
  return [
    { path: VAR_LIB, text: varLib },
    { path: ETC, text: etc },
  ];
}

describe('defaultConfigPaths', () => {
  it.each<[string | undefined, string[]]>([
    [undefined, [VAR_LIB, ETC]],
    ['', [VAR_LIB, ETC]],
    ['/tmp/test.config', ['/tmp/test.config']],
  ])('override %j → %j', (override, expected) => {
    expect(defaultConfigPaths(override)).toEqual(expected);
  });
});

describe('precedence: /var/lib file, then /etc file, then environment', () => {
  it.each<[string, string | undefined, string | undefined, Record<string, string>, string, string]>([
    ['only /var/lib', 'ECS_CLUSTER=a', undefined, {}, 'a', VAR_LIB],
    ['only /etc', undefined, 'ECS_CLUSTER=b', {}, 'b', ETC],
    ['/etc beats /var/lib', 'ECS_CLUSTER=a', 'ECS_CLUSTER=b', {}, 'b', ETC],
    ['env beats both', 'ECS_CLUSTER=a', 'ECS_CLUSTER=b', { ECS_CLUSTER: 'c' }, 'c', 'environment'],
    ['empty env value is unset', 'ECS_CLUSTER=a', 'ECS_CLUSTER=b', { ECS_CLUSTER: '' }, 'b', ETC],
    ['whitespace env value is unset', 'ECS_CLUSTER=a', undefined, { ECS_CLUSTER: '  ' }, 'a', VAR_LIB],
    ['empty /etc value does not hide /var/lib', 'ECS_CLUSTER=a', 'ECS_CLUSTER=', {}, 'a', VAR_LIB],
    ['nothing set', undefined, undefined, {}, 'default', 'default'],
    ['only empty values', 'ECS_CLUSTER=', undefined, { ECS_CLUSTER: '' }, 'default', 'default'],
  ])('%s', (_name, varLib, etc, env, cluster, source) => {
    const resolved = resolveAgentConfig({ files: files(varLib, etc), env });
    expect(resolved.config.cluster).toBe(cluster);
    expect(resolved.config.clusterExplicit).toBe(source !== 'default');
    expect(resolved.sources['ECS_CLUSTER']).toBe(source);
  });

  it('merges different keys from every layer and records each source', () => {
    const resolved = resolveAgentConfig({
      files: files('ECS_CLUSTER=a\nECS_RESERVED_MEMORY=128\r\n', 'ECS_LOGLEVEL=debug\nECS_RESERVED_MEMORY=256\n'),
      env: { DOCKER_HOST: 'tcp://docker:2375', ECS_DATADIR: '/srv/ecs' },
    });
    expect(resolved.config).toMatchObject({
      cluster: 'a',
      reservedMemoryMiB: 256,
      logLevel: 'debug',
      dockerHost: 'tcp://docker:2375',
      dataDir: '/srv/ecs',
      checkpoint: true,
    });
    expect(resolved.sources).toMatchObject({
      ECS_CLUSTER: VAR_LIB,
      ECS_RESERVED_MEMORY: ETC,
      ECS_LOGLEVEL: ETC,
      DOCKER_HOST: 'environment',
      ECS_DATADIR: 'environment',
      ECS_BACKEND_HOST: 'default',
    });
    expect(resolved.warnings).toEqual([]);
  });

  it('reads only ECS_* and DOCKER_HOST from the environment', () => {
    const resolved = resolveAgentConfig({
      files: [],
      env: { CLUSTER: 'x', HOME: '/root', PATH: '/bin', ECS_UNKNOWN_KEY: 'y', ECS_LOGLEVEL: 'warn', DOCKER_TLS_VERIFY: '1' },
    });
    expect(resolved.config.cluster).toBe('default');
    expect(resolved.config.logLevel).toBe('warn');
    expect(Object.keys(resolved.sources)).not.toContain('HOME');
    expect(resolved.warnings).toEqual([]);
  });

  it('reads DOCKER_HOST from a file too', () => {
    const resolved = resolveAgentConfig({ files: files(undefined, 'DOCKER_HOST=unix:///run/podman.sock'), env: {} });
    expect(resolved.config.dockerHost).toBe('unix:///run/podman.sock');
  });

  it('includes file parse warnings with path and line, and keeps going', () => {
    const resolved = resolveAgentConfig({
      files: files('# comment\r\nECS_CLUSTER=a\r\nnot a setting\r\n', 'ECS_LOGLEVEL debug\n'),
      env: {},
    });
    expect(resolved.config.cluster).toBe('a');
    expect(resolved.config.logLevel).toBe('info');
    expect(resolved.warnings).toHaveLength(2);
    expect(resolved.warnings[0]).toContain(`${VAR_LIB}:3`);
    expect(resolved.warnings[1]).toContain(`${ETC}:1`);
  });

  it('names the file in a warning for a bad value read from it', () => {
    const resolved = resolveAgentConfig({ files: files(undefined, 'ECS_CONTAINER_STOP_TIMEOUT=30\n'), env: {} });
    expect(resolved.config.containerStopTimeoutMs).toBe(30_000);
    expect(resolved.warnings).toEqual([
      `ECS_CONTAINER_STOP_TIMEOUT="30" (from ${ETC}) is not a valid Go duration (for example 30s, 5m or 1h30m); using the default 30s instead.`,
    ]);
  });

  it('a good env value replaces a bad file value without warning', () => {
    const resolved = resolveAgentConfig({
      files: files('ECS_INSTANCE_ATTRIBUTES={broken', undefined),
      env: { ECS_INSTANCE_ATTRIBUTES: '{"stack":"prod"}' },
    });
    expect(resolved.config.instanceAttributes).toEqual({ stack: 'prod' });
    expect(resolved.warnings).toEqual([]);
  });

  it('keeps quotes literally, so a quoted cluster name is rejected', () => {
    expect(() => resolveAgentConfig({ files: files(undefined, 'ECS_CLUSTER="prod"'), env: {} })).toThrow(/ECS_CLUSTER/);
  });

  it('does not mutate its input', () => {
    const env = Object.freeze({ ECS_CLUSTER: 'a' });
    const input = Object.freeze({ files: Object.freeze(files('ECS_LOGLEVEL=debug', undefined)), env });
    expect(() => resolveAgentConfig(input)).not.toThrow();
  });
});
