import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveAgentConfig } from './resolve.js';

describe('deploy/ecs.config.example', () => {
  it('resolves without a warning, over TLS with a join token file', () => {
    const path = fileURLToPath(new URL('../../../../deploy/ecs.config.example', import.meta.url));
    const { config, warnings } = resolveAgentConfig({ files: [{ path, text: readFileSync(path, 'utf8') }], env: {} });
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({ cluster: 'production', backendTls: true, joinTokenFile: '/etc/ecs/join-token', backendCaFile: '/etc/ecs/berth-ca.pem' });
  });
});
