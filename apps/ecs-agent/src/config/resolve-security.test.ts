import { describe, expect, it } from 'vitest';
import { expectConfigError, fromEnv } from './test-helpers.js';

const TOKEN = `berth-join.${'a'.repeat(16)}.${'b'.repeat(43)}`;

describe('ECS_BACKEND_HOST scheme and TLS', () => {
  it.each<[Record<string, string>, { backendHost: string; backendTls: boolean }]>([
    [{}, { backendHost: '127.0.0.1:7470', backendTls: false }],
    [{ ECS_BACKEND_HOST: 'https://berth.internal:7470' }, { backendHost: 'berth.internal:7470', backendTls: true }],
    [{ ECS_BACKEND_HOST: 'HTTPS://berth.internal:7470/' }, { backendHost: 'berth.internal:7470', backendTls: true }],
    [{ ECS_BACKEND_HOST: 'http://127.0.0.1:7470' }, { backendHost: '127.0.0.1:7470', backendTls: false }],
    [{ ECS_BACKEND_HOST: '10.0.0.5:7470', ECS_BACKEND_CA_FILE: '/etc/ecs/ca.pem' }, { backendHost: '10.0.0.5:7470', backendTls: true }],
    [{ ECS_BACKEND_HOST: 'https://[::1]:7470', ECS_BACKEND_CA_FILE: '/etc/ecs/ca.pem' }, { backendHost: '[::1]:7470', backendTls: true }],
  ])('%j → %j', (env, expected) => {
    const { config } = fromEnv(env);
    expect({ backendHost: config.backendHost, backendTls: config.backendTls }).toEqual(expected);
  });

  it('warns when plain text would cross the network, and not on loopback or with TLS', () => {
    expect(fromEnv({ ECS_BACKEND_HOST: '10.0.0.5:7470' }).warnings.join('\n')).toMatch(/ECS_BACKEND_HOST=10\.0\.0\.5:7470 is not on this machine and TLS is off/);
    expect(fromEnv({ ECS_BACKEND_HOST: 'http://berth.internal:7470' }).warnings.join('\n')).toMatch(/plain text/);
    for (const host of ['127.0.0.1:7470', 'localhost:7470', 'https://10.0.0.5:7470']) {
      expect(fromEnv({ ECS_BACKEND_HOST: host }).warnings.join('\n'), host).not.toMatch(/plain text/);
    }
  });
});

describe('security settings refused, naming the key', () => {
  it.each<[Record<string, string>, string, RegExp]>([
    [{ ECS_JOIN_TOKEN: 'not-a-token' }, 'ECS_JOIN_TOKEN', /is not a join token/],
    [{ ECS_JOIN_TOKEN: TOKEN, ECS_JOIN_TOKEN_FILE: '/etc/ecs/join-token' }, 'ECS_JOIN_TOKEN_FILE', /both set/],
    [{ ECS_BACKEND_CLIENT_CERT_FILE: '/c.pem', ECS_BACKEND_CA_FILE: '/ca.pem' }, 'ECS_BACKEND_CLIENT_CERT_FILE', /needs ECS_BACKEND_CLIENT_KEY_FILE/],
    [{ ECS_BACKEND_CLIENT_KEY_FILE: '/k.pem', ECS_BACKEND_CA_FILE: '/ca.pem' }, 'ECS_BACKEND_CLIENT_KEY_FILE', /needs ECS_BACKEND_CLIENT_CERT_FILE/],
    [{ ECS_BACKEND_CLIENT_CERT_FILE: '/c.pem', ECS_BACKEND_CLIENT_KEY_FILE: '/k.pem' }, 'ECS_BACKEND_CLIENT_CERT_FILE', /only used with TLS/],
    [{ ECS_BACKEND_HOST: 'http://10.0.0.5:7470', ECS_BACKEND_CA_FILE: '/ca.pem' }, 'ECS_BACKEND_CA_FILE', /starts with http:\/\//],
  ])('%j', (env, key, problem) => {
    const error = expectConfigError(() => fromEnv(env));
    expect(error.key).toBe(key);
    expect(error.message).toMatch(problem);
  });

  it('never repeats a bad join token whole in the error', () => {
    const secretish = `berth-join.${'a'.repeat(16)}.${'s'.repeat(60)}!`;
    const error = expectConfigError(() => fromEnv({ ECS_JOIN_TOKEN: secretish }));
    expect(error.message).not.toContain('s'.repeat(20));
    expect(error.message).not.toContain('a'.repeat(16));
  });

  it('accepts a good join token', () => {
    expect(fromEnv({ ECS_JOIN_TOKEN: TOKEN }).config.joinToken).toBe(TOKEN);
  });
});
