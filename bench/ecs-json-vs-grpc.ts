// The ECS JSON endpoint (AWS JSON 1.1, every request signed with SigV4) against gRPC, on one
// control plane, side by side and interleaved: DescribeTasks of 100 tasks and RunTask (one task
// per call, placed on a fake host that runs nothing), each latency sequentially and throughput at
// concurrency 16.
//
//   node scripts/bench.mjs ecs-json-vs-grpc [describe-calls] [run-task-calls] [rounds]
//
// The figures are 2000 DescribeTasks and 1000 RunTask: the defaults, split over the rounds.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEcsClient, type EcsClient } from '@berth/api-client';
import { binPath, ecsJson, freePort, startProcess, type KeyPair } from '@berth/test-support';
import { openFakeHost } from './fake-host.js';
import { ms, percentile } from './stats.js';

const describeCalls = Number(process.argv[2] ?? 2000);
const runTaskCalls = Number(process.argv[3] ?? 1000);
const rounds = Number(process.argv[4] ?? 4);
const CONCURRENCY = 16;

type Call = () => Promise<void>;

async function sequential(call: Call, n: number, out: number[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call();
    out.push(performance.now() - t);
  }
}

async function concurrent(call: Call, n: number): Promise<number> {
  const t = performance.now();
  let left = n;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) await call();
    }),
  );
  return n / ((performance.now() - t) / 1000);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-bench-json-'));
  const [grpcPort, httpPort] = [await freePort(), await freePort()];
  const endpoint = `127.0.0.1:${grpcPort}`;
  const httpEndpoint = `127.0.0.1:${httpPort}`;
  const proc = startProcess(
    binPath('control-plane'),
    ['--listen', endpoint, '--http-listen', httpEndpoint, '--data-dir', join(dir, 'data'), '--call-burst', '1000000', '--call-rate', '1000000'],
    { env: { PATH: process.env.PATH, HOME: process.env.HOME } },
  );
  await proc.waitForOutput(/control plane ready/, 60_000);
  const written = await readFile(join(dir, 'data', 'admin-credentials'), 'utf8');
  const admin = { accessKeyId: /aws_access_key_id = (\S+)/.exec(written)![1]!, secretAccessKey: /aws_secret_access_key = (\S+)/.exec(written)![1]! };
  const bootstrap = createEcsClient(endpoint, { credentials: admin });
  // A key whose launch limit stays out of the way (ECS's default, 100 then 40/s, would measure the limiter).
  const made = await bootstrap.createAccessKey({ role: 'admin', runTaskBurst: 100_000, runTaskPerSecond: 100_000, description: 'benchmark' });
  const key: KeyPair = { accessKeyId: made.accessKey!.accessKeyId, secretAccessKey: made.accessKey!.secretAccessKey! };
  const grpc: EcsClient = createEcsClient(endpoint, { credentials: key });
  await bootstrap.createCluster({ clusterName: 'bench' });
  const host = await openFakeHost({ endpoint, credentials: admin }, bootstrap, { cluster: 'bench', cpu: 1_000_000, memory: 100_000_000 });
  await grpc.registerTaskDefinition({ family: 'bench', containerDefinitions: [{ name: 'c', image: 'berth/busybox:latest', memory: 6, cpu: 1 }] });
  const seeded: string[] = [];
  for (let i = 0; i < 10; i++) seeded.push(...(await grpc.runTask({ cluster: 'bench', taskDefinition: 'bench', count: 10 })).tasks!.map((t) => t.taskArn!));

  const json = async (operation: string, request: object) => {
    const answer = await ecsJson(httpEndpoint, key, operation, request);
    if (answer.status !== 200) throw new Error(`${operation}: ${answer.status} ${JSON.stringify(answer.json).slice(0, 200)}`);
    return answer.json;
  };
  const calls: Record<string, Record<'gRPC' | 'JSON + SigV4', Call>> = {
    'DescribeTasks (100 tasks)': {
      gRPC: async () => void (await grpc.describeTasks({ cluster: 'bench', tasks: seeded })),
      'JSON + SigV4': async () => void (await json('DescribeTasks', { cluster: 'bench', tasks: seeded })),
    },
    'RunTask (1 task)': {
      gRPC: async () => void (await grpc.runTask({ cluster: 'bench', taskDefinition: 'bench' })),
      'JSON + SigV4': async () => void (await json('RunTask', { cluster: 'bench', taskDefinition: 'bench' })),
    },
  };
  const counts: Record<string, number> = { 'DescribeTasks (100 tasks)': describeCalls, 'RunTask (1 task)': runTaskCalls };
  const latency: Record<string, number[]> = {};
  const rate: Record<string, number[]> = {};
  try {
    for (const edges of Object.values(calls)) for (const call of Object.values(edges)) await sequential(call, 20, []); // warm-up
    for (let r = 0; r < rounds; r++) {
      for (const [name, edges] of Object.entries(calls)) {
        const perRound = Math.ceil(counts[name]! / rounds / 2);
        for (const [edge, call] of Object.entries(edges)) {
          await sequential(call, perRound, (latency[`${name}|${edge}`] ??= []));
          (rate[`${name}|${edge}`] ??= []).push(await concurrent(call, perRound));
        }
      }
    }
  } finally {
    host.close();
    grpc.close();
    bootstrap.close();
    await proc.stop();
    await rm(dir, { recursive: true, force: true });
  }

  console.log(`${rounds} interleaved rounds; per operation and edge, half the calls sequential (latency), half at concurrency ${CONCURRENCY} (throughput)`);
  console.log('| operation | edge | calls | median | p99 | calls/s |');
  console.log('|---|---|---|---|---|---|');
  const result: Record<string, number> = {};
  for (const name of Object.keys(calls)) {
    const row = (edge: string) => {
      const sorted = [...latency[`${name}|${edge}`]!].sort((a, b) => a - b);
      const perSecond = rate[`${name}|${edge}`]!.reduce((a, b) => a + b, 0) / rounds;
      return { median: percentile(sorted, 50), p99: percentile(sorted, 99), perSecond, n: sorted.length * 2 };
    };
    const g = row('gRPC');
    const j = row('JSON + SigV4');
    for (const [edge, v] of [['gRPC', g], ['JSON + SigV4', j]] as const) console.log(`| ${name} | ${edge} | ${v.n} | ${ms(v.median)} | ${ms(v.p99)} | ${v.perSecond.toFixed(0)} |`);
    console.log(`| ${name} | ratio JSON / gRPC | | ${(j.median / g.median).toFixed(2)} | ${(j.p99 / g.p99).toFixed(2)} | ${(j.perSecond / g.perSecond).toFixed(2)} |`);
    result[`${name.split(' ')[0]}ThroughputRatio`] = Number((j.perSecond / g.perSecond).toFixed(2));
    result[`${name.split(' ')[0]}P99Ratio`] = Number((j.p99 / g.p99).toFixed(2));
  }
  console.log(JSON.stringify(result));
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
