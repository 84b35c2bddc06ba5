import { describe, expect, it } from 'vitest';
import { engineAuthFor, parseEngineAuth, registryHostOfKey, type EngineAuthType } from './engine-auth.js';

const b64 = (text: string) => btoa(text);

describe('registryHostOfKey', () => {
  it.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['http://127.0.0.1:5000/', '127.0.0.1:5000'],
    ['Registry.Example.com', 'registry.example.com'],
    ['registry.example.com/v2/', 'registry.example.com'],
  ])('%s → %s', (key, host) => expect(registryHostOfKey(key)).toBe(host));
});

describe('parseEngineAuth', () => {
  it.each<[string, EngineAuthType, unknown, Record<string, { username: string; password: string }>]>([
    ['docker', 'docker', { 'my.registry.example.com': { username: 'u', password: 'p', email: 'e@x' } }, { 'my.registry.example.com': { username: 'u', password: 'p' } }],
    ['docker, Docker Hub by its v1 URL', 'docker', { 'https://index.docker.io/v1/': { username: 'hub', password: 'pw' } }, { 'docker.io': { username: 'hub', password: 'pw' } }],
    ['dockercfg', 'dockercfg', { '127.0.0.1:5000': { auth: b64('alice:s3cr:et'), email: 'a@x' } }, { '127.0.0.1:5000': { username: 'alice', password: 's3cr:et' } }],
    ['dockercfg as config.json with auths', 'dockercfg', { auths: { 'https://index.docker.io/v1/': { auth: b64('bob:pw') } } }, { 'docker.io': { username: 'bob', password: 'pw' } }],
  ])('reads %s', (_name, type, data, expected) => {
    const parsed = parseEngineAuth(type, JSON.stringify(data));
    expect(parsed).toEqual({ ok: new Map(Object.entries(expected)) });
  });

  it.each<[string, EngineAuthType, string, string]>([
    ['not JSON', 'docker', '{user', 'is not JSON'],
    ['an array', 'docker', '[]', 'must be a JSON object of registry → credentials'],
    ['no registry', 'dockercfg', '{}', 'names no registry'],
    ['an empty key', 'docker', '{"": {"username": "u", "password": "p"}}', 'has an entry without a registry name'],
    ['an entry not an object', 'docker', '{"r.io": "u:p"}', 'entry "r.io" must be an object'],
    ['docker without username', 'docker', '{"r.io": {"password": "p"}}', 'entry "r.io" needs a non-empty "username"'],
    ['docker without password', 'docker', '{"r.io": {"username": "u"}}', 'entry "r.io" needs a "password" string'],
    ['dockercfg without auth', 'dockercfg', '{"r.io": {"username": "u", "password": "p"}}', 'entry "r.io" needs an "auth" string (base64 of user:password)'],
    ['dockercfg auth not base64', 'dockercfg', '{"r.io": {"auth": "not base64!"}}', 'entry "r.io" has an "auth" that is not base64 of user:password'],
    ['dockercfg auth without a colon', 'dockercfg', `{"r.io": {"auth": "${b64('justuser')}"}}`, 'entry "r.io" has an "auth" that is not base64 of user:password'],
  ])('refuses %s without showing the data', (_name, type, data, problem) => {
    const parsed = parseEngineAuth(type, data);
    expect(parsed).toEqual({ problem });
  });
});

describe('engineAuthFor', () => {
  const parsed = parseEngineAuth('docker', JSON.stringify({ 'https://index.docker.io/v1/': { username: 'hub', password: 'a' }, '127.0.0.1:5000': { username: 'local', password: 'b' } }));
  const auth = 'ok' in parsed ? parsed.ok : undefined;
  it.each([
    ['busybox', 'hub'],
    ['library/busybox:1.36', 'hub'],
    ['docker.io/library/busybox', 'hub'],
    ['index.docker.io/library/busybox', 'hub'],
    ['127.0.0.1:5000/app:1', 'local'],
    ['127.0.0.1:5001/app:1', undefined],
    ['ghcr.io/x/y', undefined],
  ])('%s → %s', (image, username) => expect(engineAuthFor(auth, image)?.username).toBe(username));
  it('nothing without ECS_ENGINE_AUTH_DATA', () => expect(engineAuthFor(undefined, 'busybox')).toBeUndefined());
});
