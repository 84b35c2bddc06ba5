import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, runCommand } from '@berth/test-support';
import { berth, cleanEnv, removeDir, startAgent, startControlPlane, type ControlPlane } from './berth-fixture.js';

/** How the real ecs-agent starts, refuses and explains itself: exit codes 0 / 1 / 5 and their messages. */
describe('ecs-agent start-up', () => {
  let cp: ControlPlane;
  const dirs: string[] = [];

  beforeAll(async () => {
    cp = await startControlPlane();
  });
  afterAll(async () => {
    await cp?.process.stop();
    for (const dir of [...dirs, cp?.dir]) await removeDir(dir);
  });

  const runToExit = async (settings: Record<string, string>, name: string, options: { savedState?: object } = {}) => {
    const agent = await startAgent(cp, settings, name, options);
    dirs.push(agent.dir);
    const timer = setTimeout(() => agent.process.child.kill('SIGKILL'), 30_000);
    const code = await agent.process.exited;
    clearTimeout(timer);
    return { code, output: agent.process.output() };
  };

  it('joins "default" when ECS_CLUSTER is unset, creating the cluster', async () => {
    const agent = await startAgent(cp, {}, 'default');
    dirs.push(agent.dir);
    try {
      await agent.process.waitForOutput(/"msg":"session established"/, 60_000);
      const clusters = (await berth(cp, ['describe-clusters', '--clusters', 'default'])).json().clusters;
      expect(clusters[0]).toMatchObject({ clusterName: 'default', status: 'ACTIVE', registeredContainerInstancesCount: 1 });
    } finally {
      expect(await agent.process.stop()).toBe(0);
    }
  });

  it('exits 5 with a clear message when ECS_CLUSTER names a cluster that does not exist', async () => {
    const { code, output } = await runToExit({ ECS_CLUSTER: 'nope' }, 'nope');
    expect(code).toBe(5);
    expect(output).toMatch(/Cluster 'nope' not found/);
    const listed = (await berth(cp, ['list-clusters'])).json();
    expect(listed.clusterArns.some((arn: string) => arn.endsWith('/nope'))).toBe(false);
  });

  it('exits 5 on saved state for another cluster (Data mismatch)', async () => {
    const savedState = { version: 1, cluster: 'elsewhere', containerInstanceArn: `arn:aws:ecs:local:000000000000:container-instance/elsewhere/${'a'.repeat(32)}`, savedAt: '2026-01-01T00:00:00Z' };
    const { code, output } = await runToExit({ ECS_CLUSTER: 'default' }, 'mismatch', { savedState });
    expect(code).toBe(5);
    expect(output).toMatch(/Data mismatch; saved cluster 'elsewhere' does not match configured cluster 'default'/);
  });

  it('exits 1 on invalid JSON in ECS_INSTANCE_ATTRIBUTES', async () => {
    const { code, output } = await runToExit({ ECS_INSTANCE_ATTRIBUTES: '{"stack": blue}' }, 'badjson');
    expect(code).toBe(1);
    expect(output).toMatch(/ECS_INSTANCE_ATTRIBUTES/);
  });

  it('exits 1 when ECS_RESERVED_MEMORY is more than the host has', async () => {
    const tooMuch = Math.floor(totalmem() / 1024 / 1024) + 1;
    const { code, output } = await runToExit({ ECS_RESERVED_MEMORY: String(tooMuch) }, 'reserved');
    expect(code).toBe(1);
    expect(output).toMatch(/ECS_RESERVED_MEMORY/);
  });

  it('exits 1 with advice when Docker does not answer at DOCKER_HOST', async () => {
    const { code, output } = await runToExit({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' }, 'nodocker');
    expect(code).toBe(1);
    expect(output).toMatch(/Docker is not answering at unix:\/\/\/nonexistent\/docker.sock/);
  });

  it('--check-config prints the effective configuration, or the error with exit 1', async () => {
    const good = await startAgent(cp, { ECS_CLUSTER: 'x', ECS_CONTAINER_STOP_TIMEOUT: '500ms', ECS_ENABLE_NOTHING: 'x' }, 'check');
    dirs.push(good.dir);
    await good.process.stop();
    const ok = await runCommand(binPath('ecs-agent'), ['--config', good.configPath, '--check-config'], { env: cleanEnv() });
    expect(ok.code).toBe(0);
    const printed = JSON.parse(ok.stdout);
    expect(printed.config).toMatchObject({ cluster: 'x', clusterExplicit: true, containerStopTimeoutMs: 1000 });
    expect(ok.stderr).toMatch(/ECS_CONTAINER_STOP_TIMEOUT/);

    const bad = await runCommand(binPath('ecs-agent'), ['--config', good.configPath, '--check-config'], {
      env: cleanEnv({ ECS_INSTANCE_ATTRIBUTES: '[1,2]' }),
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/ECS_INSTANCE_ATTRIBUTES/);

    const missing = await runCommand(binPath('ecs-agent'), ['--config', '/nonexistent/ecs.config', '--check-config'], { env: cleanEnv() });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
  });

  it('--check-config prints all of a configuration larger than a pipe buffer (64 KiB) before exiting', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-check-'));
    dirs.push(dir);
    const ports = Array.from({ length: 30_000 }, (_, i) => 20_000 + i);
    const configPath = join(dir, 'ecs.config');
    await writeFile(configPath, `ECS_CLUSTER=big\nECS_RESERVED_PORTS=${JSON.stringify(ports)}\n${'not a setting\n'.repeat(500)}`);
    const run = await runCommand(binPath('ecs-agent'), ['--config', configPath, '--check-config'], { env: cleanEnv() });
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(64 * 1024);
    expect(JSON.parse(run.stdout).config.reservedPorts).toEqual(ports);
    expect(run.stderr).toMatch(/400 more lines that are not KEY=VALUE were ignored/);
  });
});
