import { describe, expect, it } from 'vitest';
import { dockerOptionsFrom } from './connect.js';

describe('dockerOptionsFrom', () => {
  it.each([
    ['unix:///var/run/docker.sock', { socketPath: '/var/run/docker.sock' }],
    ['/run/podman.sock', { socketPath: '/run/podman.sock' }],
    ['tcp://127.0.0.1:2375', { host: '127.0.0.1', port: 2375, protocol: 'http' }],
    ['tcp://[::1]:2375', { host: '::1', port: 2375, protocol: 'http' }],
  ])('%s', (text, expected) => expect(dockerOptionsFrom(text)).toEqual(expected));

  it.each(['npipe:////./pipe/docker', 'tcp://host', 'docker.sock'])('refuses %s', (text) => expect(() => dockerOptionsFrom(text)).toThrow(/DOCKER_HOST/));
});
