// What authentication and TLS cost a call: DescribeClusters latency and throughput, and the round
// trip of an agent's heartbeat on its session, against the same control plane served in plain
// text and over TLS, and (when given) a build from before authentication existed, side by side and
// interleaved in one run.
//
//   node scripts/bench.mjs api-call-cost [calls-per-round] [rounds] [baseline-repo]
//
// baseline-repo: a checkout of an earlier build (its bin/control-plane is started the same way).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEcsClient, silenceIpServerNameWarning, type EcsClient } from '@berth/api-client';
import { binPath, freePort, makeTestPki, startProcess, type RunningProcess } from '@berth/test-support';
import { openFakeHost } from './fake-host.js';
import { ms, summary } from './stats.js';

const callsPerRound = Number(process.argv[2] ?? 500);
const rounds = Number(process.argv[3] ?? 4);
const baselineRepo = process.argv[4];
const CONCURRENCY = 16;

interface Server {
  readonly name: string;
  readonly endpoint: string;
  readonly tls?: { ca: Buffer };
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
  readonly process: RunningProcess;
  readonly dir: string;
}

async function startServer(name: string, bin: string, extraArgs: string[] = [], tls?: { ca: Buffer }): Promise<Server> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-bench-api-'));
  const endpoint = `127.0.0.1:${await freePort()}`;
  const proc = startProcess(bin, ['--listen', endpoint, '--http-listen', `127.0.0.1:${await freePort()}`, '--data-dir', join(dir, 'data'), ...extraArgs], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  await proc.waitForOutput(/control plane ready/, 60_000);
  const written = await readFile(join(dir, 'data', 'admin-credentials'), 'utf8').catch(() => undefined);
  const credentials = written
    ? { accessKeyId: /aws_access_key_id = (\S+)/.exec(written)![1]!, secretAccessKey: /aws_secret_access_key = (\S+)/.exec(written)![1]! }
    : undefined;
  return { name, endpoint, ...(tls ? { tls } : {}), ...(credentials ? { credentials } : {}), process: proc, dir };
}

const clientOf = (s: Server): EcsClient => createEcsClient(s.endpoint, { ...(s.credentials ? { credentials: s.credentials } : {}), ...(s.tls ? { tls: s.tls } : {}) });

async function sequential(client: EcsClient, n: number, out: number[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await client.describeClusters({ clusters: ['bench'] });
    out.push(performance.now() - t);
  }
}

async function throughput(client: EcsClient, n: number): Promise<number> {
  const t = performance.now();
  let left = n;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) await client.describeClusters({ clusters: ['bench'] });
    }),
  );
  return (n / (performance.now() - t)) * 1000;
}

/** A new channel per call: connection set-up (TCP, and the TLS handshake) included. */
async function fresh(server: Server, n: number, out: number[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const client = clientOf(server);
    await client.describeClusters({ clusters: ['bench'] });
    out.push(performance.now() - t);
    client.close();
  }
}

async function main(): Promise<void> {
  silenceIpServerNameWarning();
  const pki = await makeTestPki();
  const ca = await readFile(pki.caFile);
  const servers: Server[] = [];
  if (baselineRepo) servers.push(await startServer('before authentication (plain)', join(baselineRepo, 'bin', 'control-plane')));
  // Limits high enough that the rate limiter measures its own cost but never refuses.
  const unthrottled = ['--call-burst', '1000000', '--call-rate', '1000000'];
  servers.push(await startServer('plain text', binPath('control-plane'), unthrottled));
  servers.push(await startServer('TLS', binPath('control-plane'), [...unthrottled, '--tls-cert', pki.certFile, '--tls-key', pki.keyFile], { ca }));
  const clients = servers.map(clientOf);
  const latency = servers.map(() => [] as number[]);
  const perSecond = servers.map(() => [] as number[]);
  const setUp = servers.map(() => [] as number[]);
  const heartbeats = servers.map(() => [] as number[]);
  try {
    // The same cluster everywhere (a build without a default cluster would answer MISSING, cheaper).
    for (const client of clients) await client.createCluster({ clusterName: 'bench' });
    for (const client of clients) await sequential(client, 50, []); // warm-up
    const sessions = await Promise.all(servers.map((s, i) => openFakeHost(s, clients[i]!, { cluster: 'bench', cpu: 2048, memory: 4096 })));
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < servers.length; i++) {
        await sequential(clients[i]!, callsPerRound, latency[i]!);
        perSecond[i]!.push(await throughput(clients[i]!, callsPerRound * 4));
        await fresh(servers[i]!, 25, setUp[i]!);
        for (let h = 0; h < callsPerRound; h++) {
          const t = performance.now();
          await sessions[i]!.heartbeat();
          heartbeats[i]!.push(performance.now() - t);
        }
      }
    }
    for (const session of sessions) session.close();
  } finally {
    for (const client of clients) client.close();
    for (const s of servers) {
      await s.process.stop();
      await rm(s.dir, { recursive: true, force: true });
    }
    await rm(pki.dir, { recursive: true, force: true });
  }

  console.log(
    `DescribeClusters, ${rounds} interleaved rounds of ${callsPerRound} sequential calls, ${callsPerRound * 4} calls at concurrency ${CONCURRENCY}, 25 on a new channel each; ${callsPerRound} heartbeats per round on an open session`,
  );
  console.log('| | median | p95 | calls/s (concurrency 16) | new channel + call, median | heartbeat → ack, median |');
  console.log('|---|---|---|---|---|---|');
  const rows = servers.map((s, i) => ({ s, l: summary(latency[i]!), t: summary(perSecond[i]!).median, f: summary(setUp[i]!).median, h: summary(heartbeats[i]!).median }));
  for (const { s, l, t, f, h } of rows) console.log(`| ${s.name} | ${ms(l.median)} | ${ms(l.p95)} | ${t.toFixed(0)} | ${ms(f)} | ${ms(h)} |`);
  const ratio = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
    console.log(
      `| ratio ${a.s.name} / ${b.s.name} | ${(a.l.median / b.l.median).toFixed(2)} | ${(a.l.p95 / b.l.p95).toFixed(2)} | ${(a.t / b.t).toFixed(2)} | ${(a.f / b.f).toFixed(2)} | ${(a.h / b.h).toFixed(2)} |`,
    );
  const [plain, tls] = rows.slice(-2) as [(typeof rows)[number], (typeof rows)[number]];
  if (baselineRepo) ratio(plain, rows[0]!);
  ratio(tls, plain);
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
