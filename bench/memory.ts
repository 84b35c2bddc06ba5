/**
 * Resident memory of Berth's processes: the control plane idle on embedded PGlite and on
 * PostgreSQL, and a real agent on the local Docker daemon with 0 and with 20 tasks. Each figure is
 * the median of 5 samples of VmRSS, one a second, after the process settled. The last line is a
 * JSON summary.
 *
 *   node scripts/bench.mjs memory
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEcsClient, type EcsClient } from '@berth/api-client';
import { binPath, freePort, startProcess, startThrowawayPostgres, type RunningProcess } from '@berth/test-support';
import { sleep } from './harness.js';
import { percentile } from './stats.js';

const SETTLE_MS = 10_000;

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** Waits for the process to settle, then the median of 5 samples a second apart. */
async function settledRss(process: RunningProcess): Promise<number> {
  await sleep(SETTLE_MS);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(await rssMiB(process.child.pid!));
    await sleep(1000);
  }
  return Math.round(percentile([...samples].sort((a, b) => a - b), 50));
}

interface Plane {
  readonly process: RunningProcess;
  readonly endpoint: string;
  readonly client: EcsClient;
}

async function startPlane(dir: string, databaseUrl?: string): Promise<Plane> {
  const endpoint = `127.0.0.1:${await freePort()}`;
  const http = `127.0.0.1:${await freePort()}`;
  const args = ['--listen', endpoint, '--http-listen', http, '--data-dir', join(dir, 'data'), '--log-level', 'warn', ...(databaseUrl ? ['--database-url', databaseUrl] : [])];
  const process = startProcess(binPath('control-plane'), args, { env: { PATH: globalThis.process.env.PATH, HOME: globalThis.process.env.HOME } });
  for (let i = 0; !(await fetch(`http://${http}/readyz`).then((r) => r.ok, () => false)); i++) {
    if (i > 1200) throw new Error(`control plane not ready:\n${process.output()}`);
    await sleep(100);
  }
  const written = await readFile(join(dir, 'data', 'admin-credentials'), 'utf8');
  const client = createEcsClient(endpoint, {
    credentials: { accessKeyId: /aws_access_key_id = (\S+)/.exec(written)![1]!, secretAccessKey: /aws_secret_access_key = (\S+)/.exec(written)![1]! },
  });
  return { process, endpoint, client };
}

async function stopPlane(plane: Plane | undefined): Promise<void> {
  plane?.client.close();
  await plane?.process.stop(30_000);
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'berth-bench-memory-'));
  const postgres = await startThrowawayPostgres();
  let plane: Plane | undefined;
  let agent: RunningProcess | undefined;
  try {
    plane = await startPlane(join(dir, 'pg'), postgres.url);
    const onPostgres = await settledRss(plane.process);
    await stopPlane(plane);

    plane = await startPlane(join(dir, 'pglite'));
    const onPglite = await settledRss(plane.process);

    const token = (await plane.client.createJoinToken({ cluster: 'default' })).joinToken!.token;
    const config = join(dir, 'ecs.config');
    await writeFile(config, [`ECS_BACKEND_HOST=${plane.endpoint}`, `ECS_JOIN_TOKEN=${token}`, `ECS_DATADIR=${join(dir, 'agent')}`, 'ECS_IMAGE_PULL_BEHAVIOR=prefer-cached', 'ECS_LOGLEVEL=warn'].join('\n'));
    agent = startProcess(binPath('ecs-agent'), ['--config', config], { env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    for (let i = 0; (await plane.client.listContainerInstances({})).containerInstanceArns.length === 0; i++) {
      if (i > 300) throw new Error(`agent did not join:\n${agent.output()}`);
      await sleep(100);
    }
    const agentIdle = await settledRss(agent);

    await plane.client.registerTaskDefinition({
      family: 'bench-memory',
      containerDefinitions: [{ name: 'main', image: 'berth/busybox:latest', memoryReservation: 8, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'], stopTimeout: 2 }],
    });
    for (let i = 0; i < 2; i++) await plane.client.runTask({ taskDefinition: 'bench-memory', count: 10 });
    for (let i = 0; (await plane.client.describeClusters({ clusters: ['default'] })).clusters[0]!.runningTasksCount < 20; i++) {
      if (i > 600) throw new Error('20 tasks did not reach RUNNING');
      await sleep(200);
    }
    const agent20 = await settledRss(agent);
    const planeWithHost = await settledRss(plane.process);

    // Leave nothing behind: stop the tasks and let the agent see them stop.
    const { taskArns } = await plane.client.listTasks({ desiredStatus: 'RUNNING' });
    for (const task of taskArns) await plane.client.stopTask({ task });
    for (let i = 0; (await plane.client.describeClusters({ clusters: ['default'] })).clusters[0]!.runningTasksCount > 0 && i < 300; i++) await sleep(200);

    console.log('| process | RSS (MiB, median of 5) |');
    console.log('|---|---|');
    console.log(`| control plane idle, PostgreSQL | ${onPostgres} |`);
    console.log(`| control plane idle, embedded PGlite | ${onPglite} |`);
    console.log(`| control plane on PGlite, one host with 20 tasks | ${planeWithHost} |`);
    console.log(`| agent, 0 tasks | ${agentIdle} |`);
    console.log(`| agent, 20 tasks | ${agent20} |`);
    console.log(JSON.stringify({ controlPlaneIdlePostgresMiB: onPostgres, controlPlaneIdlePgliteMiB: onPglite, controlPlanePgliteOneHost20TasksMiB: planeWithHost, agentIdleMiB: agentIdle, agent20TasksMiB: agent20 }));
  } finally {
    await agent?.stop(30_000);
    await stopPlane(plane);
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
