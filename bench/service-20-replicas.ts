/**
 * 20 replicas of the busybox task on one host, from "create" until all 20 run: Berth's
 * CreateService against Docker Swarm (`docker service create --replicas 20`) and against 20
 * `docker run -d` issued 8 at a time, on the same Docker daemon, interleaved round by round.
 *
 *   node scripts/bench.mjs service-20-replicas [rounds=3]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { startBenchBerth, run, sleep } from './harness.js';
import { ms, summary } from './stats.js';

const rounds = Number(process.argv[2] ?? 3);
const REPLICAS = 20;
const IMAGE = 'berth/busybox:latest';
const COMMAND = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];

async function removeLabelled(label: string): Promise<void> {
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=${label}`]);
  const ids = stdout.split('\n').filter(Boolean);
  if (ids.length > 0) await run('docker', ['rm', '-f', ...ids]);
}

async function parallelDockerRun(): Promise<number> {
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < REPLICAS) {
      next++;
      await run('docker', ['run', '-d', '--label', 'berth-bench-parallel=1', IMAGE, ...COMMAND]);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const elapsed = performance.now() - start;
  await removeLabelled('berth-bench-parallel=1');
  return elapsed;
}

async function swarm(): Promise<number> {
  const start = performance.now();
  await run('docker', ['service', 'create', '--detach', '--no-resolve-image', '--replicas', String(REPLICAS), '--name', 'berth-bench', '--stop-grace-period', '2s', IMAGE, ...COMMAND]);
  for (;;) {
    const { stdout } = await run('docker', ['service', 'ps', 'berth-bench', '--filter', 'desired-state=running', '--format', '{{.CurrentState}}']);
    if (stdout.split('\n').filter((l) => l.startsWith('Running')).length >= REPLICAS) break;
    await sleep(50);
  }
  const elapsed = performance.now() - start;
  await run('docker', ['service', 'rm', 'berth-bench']);
  for (let i = 0; i < 200; i++) {
    const { stdout } = await run('docker', ['ps', '-q', '--filter', 'label=com.docker.swarm.service.name=berth-bench']);
    if (stdout.trim() === '') break;
    await sleep(100);
  }
  return elapsed;
}

async function main() {
  const dir = await mkdtemp('/tmp/berth-bench-20-');
  await run('docker', ['swarm', 'leave', '--force']).catch(() => undefined);
  await run('docker', ['swarm', 'init', '--advertise-addr', '127.0.0.1']);
  const berth = await startBenchBerth();
  const samples = { berth: [] as number[], swarm: [] as number[], parallel: [] as number[] };
  try {
    await berth.client.registerTaskDefinition({ family: 'bench20', containerDefinitions: [{ name: 'main', image: IMAGE, memoryReservation: 8, command: COMMAND, stopTimeout: 2 }] });
    for (let round = 0; round < rounds; round++) {
      samples.parallel.push(await parallelDockerRun());
      await sleep(1000);
      samples.swarm.push(await swarm());
      await sleep(1000);

      const name = `bench-${round}`;
      const start = performance.now();
      await berth.client.createService({ serviceName: name, taskDefinition: 'bench20', desiredCount: REPLICAS });
      for (;;) {
        const s = (await berth.client.describeServices({ services: [name] })).services[0];
        if (s && s.runningCount >= REPLICAS) break;
        await sleep(20);
      }
      samples.berth.push(performance.now() - start);
      await berth.client.deleteService({ service: name, force: true });
      for (let i = 0; i < 300; i++) {
        if ((await berth.client.listTasks({})).taskArns.length === 0) break;
        await sleep(100);
      }
      await sleep(2000);
      console.error(`round ${round + 1}: docker run ×8 ${ms(samples.parallel.at(-1)!)}, swarm ${ms(samples.swarm.at(-1)!)}, berth ${ms(samples.berth.at(-1)!)}`);
    }
  } finally {
    await berth.close();
    await run('docker', ['service', 'rm', 'berth-bench']).catch(() => undefined);
    await run('docker', ['swarm', 'leave', '--force']).catch(() => undefined);
    await removeLabelled('berth-bench-parallel=1').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
  const p = summary(samples.parallel);
  const s = summary(samples.swarm);
  const b = summary(samples.berth);
  console.log(`20 replicas of busybox on one host until all run, ${rounds} interleaved rounds (median / max)`);
  console.log('| | median | max | vs parallel docker run |');
  console.log('|---|---|---|---|');
  console.log(`| 20 × docker run -d, 8 at a time | ${ms(p.median)} | ${ms(Math.max(...samples.parallel))} | 1.00 |`);
  console.log(`| Docker Swarm, service create --replicas 20 | ${ms(s.median)} | ${ms(Math.max(...samples.swarm))} | ${(s.median / p.median).toFixed(2)} |`);
  console.log(`| Berth CreateService desiredCount 20 | ${ms(b.median)} | ${ms(Math.max(...samples.berth))} | ${(b.median / p.median).toFixed(2)} |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
