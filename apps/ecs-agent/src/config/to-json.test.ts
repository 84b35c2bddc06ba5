import { describe, expect, it } from 'vitest';
import { resolveAgentConfig } from './resolve.js';
import { configToJson } from './to-json.js';

describe('configToJson', () => {
  const resolved = resolveAgentConfig({
    files: [{ path: '/etc/ecs/ecs.config', text: 'ECS_CLUSTER=prod\nECS_RESERVED_MEMORY=oops\n' }],
    env: {
      ECS_INSTANCE_ATTRIBUTES: '{"zone":"b","app":"web"}',
      ECS_CONTAINER_STOP_TIMEOUT: '1m30s',
      ECS_IMAGE_MINIMUM_CLEANUP_AGE: '1500us',
    },
    ipLocalPortRange: '32768\t60999\n',
  });

  it('is valid JSON whose config round-trips', () => {
    const text = configToJson(resolved);
    const doc = JSON.parse(text) as { config: unknown; sources: unknown; warnings: unknown };
    expect(doc.config).toEqual(resolved.config);
    expect(doc.sources).toEqual(resolved.sources);
    expect(doc.warnings).toEqual(resolved.warnings);
  });

  it('shows durations as Go-style strings', () => {
    const doc = JSON.parse(configToJson(resolved)) as { durations: Record<string, string> };
    expect(doc.durations).toEqual({
      containerStopTimeout: '1m30s',
      containerStartTimeout: '3m0s',
      containerCreateTimeout: '4m0s',
      imagePullTimeout: '2h0m0s',
      taskCleanupWait: '3h0m0s',
      imageCleanupInterval: '30m0s',
      imageMinimumCleanupAge: '1.5ms',
      metricsInterval: '10s',
    });
  });

  it('is stable: sorted maps, same output for equal input, 2-space indent, trailing newline', () => {
    const text = configToJson(resolved);
    expect(text).toBe(configToJson(resolved));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "config": {\n    "cluster": "prod",');
    expect(text.indexOf('"app"')).toBeLessThan(text.indexOf('"zone"'));
    const doc = JSON.parse(text) as { sources: Record<string, string> };
    const keys = Object.keys(doc.sources);
    expect(keys).toEqual([...keys].sort());
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['config', 'durations', 'sources', 'warnings']);
  });

  it('works for the all-defaults config', () => {
    const doc = JSON.parse(configToJson(resolveAgentConfig({ files: [], env: {} }))) as {
      config: { cluster: string };
      warnings: unknown[];
    };
    expect(doc.config.cluster).toBe('default');
    expect(doc.warnings).toEqual([]);
  });
});
