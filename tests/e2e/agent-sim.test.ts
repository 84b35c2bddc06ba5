import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EcsClient } from '@berth/api-client';
import { binPath, eventually, runCommand, startProcess, type RunningProcess } from '@berth/test-support';
import { cleanEnv, ecsClient, joinToken, removeDir, startControlPlane, type ControlPlane } from './berth-fixture.js';

const HOSTS = 30;

/**
 * The agent simulator against the real control plane (the short version of `npm run
 * bench:cluster`): its hosts register through the agent's own code with their zones, hold
 * sessions, run a service's tasks through the task engine and report them RUNNING.
 */
describe('agent-sim', () => {
  let cp: ControlPlane;
  let client: EcsClient;
  let sim: RunningProcess;
  let dir: string;

  beforeAll(async () => {
    cp = await startControlPlane();
    client = await ecsClient(cp);
    dir = await mkdtemp(join(tmpdir(), 'berth-e2e-sim-'));
    const config = join(dir, 'ecs.config');
    await writeFile(config, `ECS_BACKEND_HOST=${cp.endpoint}\nECS_JOIN_TOKEN=${await joinToken(cp, 'default')}\nECS_LOGLEVEL=warn\n`);
    sim = startProcess(binPath('agent-sim'), ['--config', config, '--hosts', String(HOSTS), '--zones', 'a,b,c', '--status-every', '1', '--start-ms', '50,120'], {
      env: cleanEnv(),
    });
  });

  afterAll(async () => {
    client?.close();
    await sim?.stop();
    await cp?.process.stop();
    if (dir) await removeDir(dir);
  });

  it('registers every host with its zone and resources, and holds their sessions', async () => {
    await eventually(async () => ((await client.listContainerInstances({ maxResults: 100 })).containerInstanceArns.length === HOSTS ? true : undefined), 30_000, 'all hosts registered');
    const arns = (await client.listContainerInstances({ maxResults: 100 })).containerInstanceArns;
    const { containerInstances } = await client.describeContainerInstances({ containerInstances: arns });
    const zones = containerInstances.map((i) => i.attributes.find((a) => a.name === 'ecs.availability-zone')?.value);
    expect(zones.filter((z) => z === 'a')).toHaveLength(10);
    expect(new Set(zones)).toEqual(new Set(['a', 'b', 'c']));
    expect(containerInstances.every((i) => i.registeredResources.find((r) => r.name === 'CPU')?.integerValue === 4096)).toBe(true);
    expect(containerInstances.every((i) => i.versionInfo?.dockerVersion === 'simulated')).toBe(true);
    await eventually(async () => (containerInstances.length === HOSTS && (await sessions()) === HOSTS ? true : undefined), 20_000, 'every session held');
  });

  it('runs a service spread over the zones to RUNNING, and replaces a stopped task', async () => {
    await client.registerTaskDefinition({ family: 'sim', containerDefinitions: [{ name: 'main', image: 'berth/busybox:latest', cpu: 64, memory: 64, command: ['sleep', '3600'] }] });
    await client.createService({
      serviceName: 'sim',
      taskDefinition: 'sim',
      desiredCount: 90,
      placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'spread', field: 'instanceId' }],
    });
    await eventually(async () => ((await client.describeServices({ services: ['sim'] })).services[0]?.runningCount === 90 ? true : undefined), 60_000, '90 tasks RUNNING');
    const running = await allTaskArns();
    expect(running).toHaveLength(90);
    // Three tasks per host: the two spreads put them evenly.
    const { tasks } = await client.describeTasks({ tasks: running.slice(0, 100) });
    const perHost = new Map<string, number>();
    for (const t of tasks) perHost.set(t.containerInstanceArn, (perHost.get(t.containerInstanceArn) ?? 0) + 1);
    expect([...perHost.values()].every((n) => n === 3)).toBe(true);

    await client.stopTask({ task: running[0]!, reason: 'replace me' });
    await eventually(
      async () => {
        const now = await allTaskArns();
        return now.length === 90 && !now.includes(running[0]!) && (await client.describeServices({ services: ['sim'] })).services[0]?.runningCount === 90 ? true : undefined;
      },
      30_000,
      'the stopped task replaced',
    );
    const status = sim.output().trim().split('\n').filter((l) => l.startsWith('{"time"')).at(-1);
    expect(JSON.parse(status!)).toMatchObject({ hosts: HOSTS, alive: HOSTS, failed: 0 });
  });

  it('stops on SIGTERM with exit 0; its hosts then show disconnected', async () => {
    expect(await sim.stop(20_000)).toBe(0);
    await eventually(async () => ((await sessions()) === 0 ? true : undefined), 20_000, 'sessions closed');
  });

  it('refuses bad flags and an ECS_DATADIR it cannot use, naming them', async () => {
    const bad = await runCommand(binPath('agent-sim'), ['--hosts', 'lots'], { env: cleanEnv() });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--hosts must be a whole number');
    const datadir = await runCommand(binPath('agent-sim'), ['--hosts', '1'], { env: cleanEnv({ ECS_DATADIR: dir, ECS_BACKEND_HOST: cp.endpoint }) });
    expect(datadir.code).toBe(1);
    expect(datadir.stderr).toContain('ECS_DATADIR is set');
  });

  const sessions = async () => {
    const text = await (await fetch(`http://${cp.httpEndpoint}/metrics`)).text();
    return Number(/^berth_agent_sessions (\d+)/m.exec(text)?.[1]);
  };
  const allTaskArns = async () => (await client.listTasks({ serviceName: 'sim', desiredStatus: 'RUNNING', maxResults: 100 })).taskArns;
});
