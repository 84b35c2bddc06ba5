import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { resolveAgentConfig } from './resolve.js';

const keys = fc.constantFrom(
  'ECS_CLUSTER', 'ECS_BACKEND_HOST', 'ECS_DATADIR', 'ECS_RESERVED_MEMORY', 'ECS_RESERVED_PORTS', 'ECS_RESERVED_PORTS_UDP', 'ECS_INSTANCE_ATTRIBUTES',
  'ECS_CONTAINER_INSTANCE_TAGS', 'ECS_CONTAINER_STOP_TIMEOUT', 'ECS_CONTAINER_START_TIMEOUT', 'ECS_IMAGE_PULL_BEHAVIOR', 'ECS_LOGLEVEL',
  'ECS_AVAILABLE_LOGGING_DRIVERS', 'ECS_DYNAMIC_HOST_PORT_RANGE', 'ECS_HOST_PORT_BIND_IP', 'ECS_JOIN_TOKEN', 'ECS_JOIN_TOKEN_FILE',
  'ECS_BACKEND_CA_FILE', 'ECS_BACKEND_CLIENT_CERT_FILE', 'ECS_BACKEND_CLIENT_KEY_FILE', 'ECS_DISABLE_PRIVILEGED', 'ECS_NUM_IMAGES_DELETE_PER_CYCLE', 'DOCKER_HOST',
);
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom('https://', 'http://x:0', '[::1]:7470', '0', '-1', '1e309', '9'.repeat(400), 'true', '{"a":', '["json-file"]', '49153-65535'),
);
const line = fc.oneof(fc.tuple(keys, value).map(([k, v]) => `${k}=${v}`), fc.string({ maxLength: 60 }), fc.constantFrom('#', '=', '==', ' = ', '\r', '\u0000'));
const file = fc.array(line, { maxLength: 20 }).map((lines) => lines.join('\n'));

describe('ecs.config on hostile input', () => {
  it('resolves to a configuration or a ConfigError naming a key, for any file and environment', () => {
    fc.assert(
      fc.property(file, fc.dictionary(keys, value, { maxKeys: 4 }), (text, env) => {
        try {
          const { warnings } = resolveAgentConfig({ files: [{ path: '/etc/ecs/ecs.config', text }], env });
          expect(warnings.length).toBeLessThan(200);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as ConfigError).key.length).toBeGreaterThan(0);
          expect((error as ConfigError).message.length).toBeLessThan(2000);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never repeats a join token in an error or a warning', () => {
    const secret = 'S'.repeat(43);
    fc.assert(
      fc.property(file, (text) => {
        const env = { ECS_JOIN_TOKEN: `berth-join.0123456789abcdef.${secret}` };
        try {
          const { warnings } = resolveAgentConfig({ files: [{ path: '/etc/ecs/ecs.config', text }], env });
          expect(warnings.join('\n')).not.toContain(secret);
        } catch (error) {
          expect((error as Error).message).not.toContain(secret);
        }
      }),
      { numRuns: 300 },
    );
  });
});
