import { describe, expect, it } from 'vitest';
import { resolveAgentConfig } from './resolve.js';
import { expectConfigError, fromEnv } from './test-helpers.js';
import { configToJson } from './to-json.js';

const PASSWORD = 'hunter2-do-not-print';
const docker = JSON.stringify({ '127.0.0.1:5000': { username: 'ci', password: PASSWORD } });
const dockercfg = JSON.stringify({ 'https://index.docker.io/v1/': { auth: btoa(`hub:${PASSWORD}`), email: 'ci@example.com' } });

describe('ECS_ENGINE_AUTH_TYPE / ECS_ENGINE_AUTH_DATA', () => {
  it('reads the docker format', () => {
    const { config } = fromEnv({ ECS_ENGINE_AUTH_TYPE: 'docker', ECS_ENGINE_AUTH_DATA: docker });
    expect(config.engineAuth).toEqual(new Map([['127.0.0.1:5000', { username: 'ci', password: PASSWORD }]]));
  });

  it('reads the dockercfg format from ecs.config, where the JSON holds "=" signs', () => {
    const text = `ECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA=${dockercfg}\n`;
    const { config } = resolveAgentConfig({ files: [{ path: '/etc/ecs/ecs.config', text }], env: {} });
    expect(config.engineAuth?.get('docker.io')).toEqual({ username: 'hub', password: PASSWORD });
  });

  it('is absent when neither key is set', () => expect(fromEnv({}).config.engineAuth).toBeUndefined());

  it.each<[Record<string, string>, string, RegExp]>([
    [{ ECS_ENGINE_AUTH_TYPE: 'docker' }, 'ECS_ENGINE_AUTH_TYPE', /needs ECS_ENGINE_AUTH_DATA too/],
    [{ ECS_ENGINE_AUTH_DATA: docker }, 'ECS_ENGINE_AUTH_DATA', /needs ECS_ENGINE_AUTH_TYPE too \(docker or dockercfg\)/],
    [{ ECS_ENGINE_AUTH_TYPE: 'basic', ECS_ENGINE_AUTH_DATA: docker }, 'ECS_ENGINE_AUTH_TYPE', /must be docker or dockercfg/],
    [{ ECS_ENGINE_AUTH_TYPE: 'docker', ECS_ENGINE_AUTH_DATA: `{"r.io":{"password":"${PASSWORD}"` }, 'ECS_ENGINE_AUTH_DATA', /is not JSON/],
    [{ ECS_ENGINE_AUTH_TYPE: 'docker', ECS_ENGINE_AUTH_DATA: `{"r.io":{"password":"${PASSWORD}"}}` }, 'ECS_ENGINE_AUTH_DATA', /entry "r.io" needs a non-empty "username"/],
    [{ ECS_ENGINE_AUTH_TYPE: 'dockercfg', ECS_ENGINE_AUTH_DATA: docker }, 'ECS_ENGINE_AUTH_DATA', /needs an "auth" string .*ECS_ENGINE_AUTH_TYPE=dockercfg/],
  ])('refuses %j, naming the key and never the data', (env, key, problem) => {
    const error = expectConfigError(() => fromEnv(env));
    expect(error.key).toBe(key);
    expect(error.message).toMatch(problem);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('--check-config names the registries, never the passwords', () => {
    const json = configToJson(fromEnv({ ECS_ENGINE_AUTH_TYPE: 'docker', ECS_ENGINE_AUTH_DATA: docker }));
    expect(JSON.parse(json).config.engineAuth).toBe('(set for 127.0.0.1:5000; not shown)');
    expect(json).not.toContain(PASSWORD);
    expect(json).not.toContain('"ci"');
  });
});
