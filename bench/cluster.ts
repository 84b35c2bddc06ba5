/**
 * A cluster at scale on one machine: the control plane on real PostgreSQL, N simulated hosts
 * (bin/agent-sim: the real agent code with a simulated container runtime), and T tasks launched
 * through RunTask bursts (10 per call, as ECS caps) or through services. Reports launch and RUNNING
 * throughput, placement→RUNNING percentiles, public API latency under that load, heartbeats and
 * sessions, control-plane CPU and RSS, and the database's size. The last line is a JSON summary.
 *
 *   npm run bench:cluster -- --hosts 500 --tasks 10000                 # about a minute
 *   npm run bench:cluster -- --hosts 5000 --tasks 100000 --via services --services 100
 *   npm run bench:cluster -- --hosts 500 --tasks 5000 --churn 60       # then replace tasks for 60 s
 *   npm run bench:cluster -- --hosts 500 --tasks 10000 --via services --steady 60 [--no-metrics]   # then hold them: CPU, metrics samples, service_metrics growth
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createEcsClient, type EcsClient } from '@berth/api-client';
import { fromTimestamp } from '@berth/proto';
import { binPath, freePort, startProcess, startThrowawayPostgres, type RunningProcess } from '@berth/test-support';
import { sleep } from './harness.js';
import { percentile } from './stats.js';

const { values } = parseArgs({
  options: {
    hosts: { type: 'string', default: '500' },
    tasks: { type: 'string', default: '10000' },
    via: { type: 'string', default: 'run-task' },
    services: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
    churn: { type: 'string', default: '0' },
    steady: { type: 'string', default: '0' },
    'no-metrics': { type: 'boolean', default: false },
    'heartbeat-interval': { type: 'string', default: '10s' },
    timeout: { type: 'string', default: '600' },
  },
});
const HOSTS = Number(values.hosts);
const TASKS = Number(values.tasks);
const VIA = values.via as 'run-task' | 'services';
const SERVICES = Number(values.services);
const CONCURRENCY = Number(values.concurrency);
const CHURN_S = Number(values.churn);
/** Then rest this long with every task running: the cost of holding the cluster (heartbeats, metrics samples). */
const STEADY_S = Number(values.steady);
const NO_METRICS = values['no-metrics'] === true;
const TIMEOUT_MS = Number(values.timeout) * 1000;
if (![HOSTS, TASKS, SERVICES, CONCURRENCY, CHURN_S, STEADY_S].every((n) => Number.isInteger(n) && n >= 0) || !['run-task', 'services'].includes(VIA)) {
  console.error('usage: bench:cluster -- [--hosts N] [--tasks N] [--via run-task|services] [--services N] [--concurrency N] [--churn SECONDS] [--steady SECONDS] [--no-metrics]');
  process.exit(2);
}
/** Each task reserves this much, so 20 tasks fit a simulated host of 4 vCPUs and 16 GiB many times over. */
const TASK_CPU = 32;
const TASK_MEMORY = 64;

interface Sample {
  readonly at: number;
  readonly cpuSeconds: number;
  readonly rssMiB: number;
}

/** CPU seconds (user + system) and RSS of one process, from /proc. */
async function sampleProcess(pid: number): Promise<Sample> {
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { at: Date.now(), cpuSeconds: (Number(stat[11]) + Number(stat[12])) / 100, rssMiB: rssKiB / 1024 };
}

/** Samples a process every second until stopped; CPU share over a window, peak RSS. */
function watchProcess(pid: number) {
  const samples: Sample[] = [];
  const timer = setInterval(() => void sampleProcess(pid).then((s) => samples.push(s), () => undefined), 1000);
  return {
    samples,
    stop: () => clearInterval(timer),
    /** CPU used between two times, as a share of one core. */
    cpuShare(from: number, to: number): number {
      const inside = samples.filter((s) => s.at >= from && s.at <= to);
      if (inside.length < 2) return NaN;
      const a = inside[0]!;
      const b = inside[inside.length - 1]!;
      return (b.cpuSeconds - a.cpuSeconds) / ((b.at - a.at) / 1000);
    },
    peakRssMiB: () => Math.max(...samples.map((s) => s.rssMiB)),
  };
}

/** Public API latency while the cluster works: a DescribeClusters and a small ListTasks every 250 ms; failed calls are counted, not timed. */
function probeApi(client: EcsClient) {
  const latencies: number[] = [];
  let errors = 0;
  let stopped = false;
  const timed = async (call: () => Promise<unknown>) => {
    const t0 = performance.now();
    try {
      await call();
      latencies.push(performance.now() - t0);
    } catch {
      errors += 1;
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await timed(() => client.describeClusters({ clusters: ['default'] }));
      await timed(() => client.listTasks({ cluster: 'default', maxResults: 10 }));
      await sleep(250);
    }
  })();
  return {
    latencies,
    errors: () => errors,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

async function clusterCounts(client: EcsClient): Promise<{ instances: number; running: number; pending: number }> {
  const c = (await client.describeClusters({ clusters: ['default'] })).clusters[0]!;
  return { instances: c.registeredContainerInstancesCount, running: c.runningTasksCount, pending: c.pendingTasksCount };
}

async function metric(httpEndpoint: string, name: string): Promise<number> {
  const text = await (await fetch(`http://${httpEndpoint}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/** Waits for `done` while printing progress every 5 s (a failed probe counts as not yet, and is shown); throws after the run's timeout. */
async function waitFor(what: string, started: number, done: () => Promise<boolean>, progress: () => Promise<string>): Promise<void> {
  let lastPrint = Date.now();
  const attempt = () =>
    done().catch((error: Error) => {
      console.error(`  ${what}: probe failed: ${error.message}`);
      return false;
    });
  while (!(await attempt())) {
    if (Date.now() - started > TIMEOUT_MS) throw new Error(`timed out waiting for ${what}: ${await progress()}`);
    if (Date.now() - lastPrint >= 5000) {
      console.error(`  ${what}: ${await progress().catch((error: Error) => error.message)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      lastPrint = Date.now();
    }
    await sleep(500);
  }
}

async function launchByRunTask(client: EcsClient, arns: string[]): Promise<{ callMs: number[]; failures: number; failureReasons?: Record<string, number> }> {
  const calls = Math.ceil(TASKS / 10);
  const callMs: number[] = [];
  let next = 0;
  let failures = 0;
  const failureReasons: Record<string, number> = {};
  const progress = setInterval(() => console.error(`  launching: ${arns.length} of ${TASKS} tasks placed, ${failures} failures`), 5000);
  const worker = async () => {
    while (next < calls) {
      const i = next++;
      const count = Math.min(10, TASKS - i * 10);
      const t0 = performance.now();
      const answer = await client.runTask({ cluster: 'default', taskDefinition: 'bench-scale', count, clientToken: `bench-${i}` });
      callMs.push(performance.now() - t0);
      for (const t of answer.tasks) arns.push(t.taskArn);
      failures += answer.failures.length;
      for (const f of answer.failures) failureReasons[f.reason ?? '?'] = (failureReasons[f.reason ?? '?'] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker)).finally(() => clearInterval(progress));
  return { callMs, failures, failureReasons };
}

async function launchByServices(client: EcsClient): Promise<{ callMs: number[]; failures: number }> {
  const callMs: number[] = [];
  for (let s = 0; s < SERVICES; s++) {
    const desiredCount = Math.floor(TASKS / SERVICES) + (s < TASKS % SERVICES ? 1 : 0);
    const t0 = performance.now();
    await client.createService({ cluster: 'default', serviceName: `bench-${s}`, taskDefinition: 'bench-scale', desiredCount });
    callMs.push(performance.now() - t0);
  }
  return { callMs, failures: 0 };
}

/** Task ARNs of the cluster (for sampling placement→RUNNING when services launched them). */
async function someTaskArns(client: EcsClient, limit: number): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.listTasks({ cluster: 'default', maxResults: 100, ...(nextToken ? { nextToken } : {}) });
    arns.push(...page.taskArns);
    nextToken = page.nextToken || undefined;
  } while (nextToken && arns.length < limit);
  return arns.slice(0, limit);
}

async function placementToRunning(client: EcsClient, arns: readonly string[]): Promise<number[]> {
  const sample = arns.length <= 2000 ? arns : Array.from({ length: 2000 }, (_, i) => arns[Math.floor((i * arns.length) / 2000)]!);
  const out: number[] = [];
  for (let i = 0; i < sample.length; i += 100) {
    const { tasks } = await client.describeTasks({ cluster: 'default', tasks: sample.slice(i, i + 100) });
    for (const t of tasks) {
      const created = fromTimestamp(t.createdAt)?.getTime();
      const started = fromTimestamp(t.startedAt)?.getTime();
      if (created !== undefined && started !== undefined) out.push(started - created);
    }
  }
  return out;
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'berth-bench-cluster-'));
  const postgres = await startThrowawayPostgres();
  const endpoint = `127.0.0.1:${await freePort()}`;
  const httpEndpoint = `127.0.0.1:${await freePort()}`;
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  let cp: RunningProcess | undefined;
  let sim: RunningProcess | undefined;
  let admin: EcsClient | undefined;
  let client: EcsClient | undefined;
  try {
    // BERTH_BENCH_CONTROL_PLANE: another build's bin/control-plane, to compare builds side by side.
    cp = startProcess(
      process.env['BERTH_BENCH_CONTROL_PLANE'] ?? binPath('control-plane'),
      [
        '--listen', endpoint,
        '--http-listen', httpEndpoint,
        '--database-url', postgres.url,
        '--data-dir', join(dir, 'data'),
        '--heartbeat-interval', values['heartbeat-interval']!,
        '--log-level', 'warn',
        '--call-burst', '100000',
        '--call-rate', '100000',
      ],
      { env },
    );
    for (let i = 0; !(await fetch(`http://${httpEndpoint}/readyz`).then((r) => r.ok, () => false)); i++) {
      if (i > 1200) throw new Error(`control plane not ready:\n${cp.output()}`);
      await sleep(100);
    }
    const written = await readFile(join(dir, 'data', 'admin-credentials'), 'utf8');
    admin = createEcsClient(endpoint, {
      credentials: { accessKeyId: /aws_access_key_id = (\S+)/.exec(written)![1]!, secretAccessKey: /aws_secret_access_key = (\S+)/.exec(written)![1]! },
    });
    // A key of its own whose launch bucket does not throttle the run (ECS's own limits are per account).
    const key = await admin.createAccessKey({ role: 'admin', description: 'bench:cluster', runTaskBurst: 100_000, runTaskPerSecond: 100_000 });
    client = createEcsClient(endpoint, { credentials: { accessKeyId: key.accessKey!.accessKeyId, secretAccessKey: key.accessKey!.secretAccessKey }, deadlineMs: 120_000 });
    const token = (await client.createJoinToken({ cluster: 'default' })).joinToken!.token;
    await writeFile(join(dir, 'ecs.config'), [`ECS_CLUSTER=default`, `ECS_BACKEND_HOST=${endpoint}`, `ECS_JOIN_TOKEN=${token}`, 'ECS_LOGLEVEL=warn', ...(NO_METRICS ? ['ECS_DISABLE_METRICS=true'] : [])].join('\n'));
    const cpWatch = watchProcess(cp.child.pid!);

    const t0 = Date.now();
    sim = startProcess(binPath('agent-sim'), ['--config', join(dir, 'ecs.config'), '--hosts', String(HOSTS), '--ramp', '500', '--status-every', '0'], { env });
    const simWatch = watchProcess(sim.child.pid!);
    await waitFor('hosts registered', t0, async () => (await clusterCounts(client!)).instances >= HOSTS, async () => JSON.stringify(await clusterCounts(client!)));
    const registeredS = (Date.now() - t0) / 1000;
    console.error(`${HOSTS} hosts registered in ${registeredS.toFixed(1)} s`);
    // Each host opens its session after registering: launches start once every one is held.
    await waitFor('sessions held', t0, async () => (await metric(httpEndpoint, 'berth_agent_sessions')) >= HOSTS, async () => `${await metric(httpEndpoint, 'berth_agent_sessions')} sessions`);
    const sessionsS = (Date.now() - t0) / 1000;
    await sleep(2000);
    const sessions = await metric(httpEndpoint, 'berth_agent_sessions');
    const idleRss = cpWatch.samples.at(-1)?.rssMiB ?? NaN;

    await client.registerTaskDefinition({
      family: 'bench-scale',
      containerDefinitions: [{ name: 'main', image: 'berth/busybox:latest', cpu: TASK_CPU, memory: TASK_MEMORY, command: ['sleep', '86400'] }],
    });
    const probe = probeApi(client);
    const heartbeats0 = await metric(httpEndpoint, 'berth_agent_messages_total{kind="heartbeat"}');
    const launchStart = Date.now();
    const arns: string[] = [];
    const launch = VIA === 'run-task' ? await launchByRunTask(client, arns) : await launchByServices(client);
    // Services place their tasks after CreateService answers: launched once every task exists.
    if (VIA === 'services') {
      await waitFor('tasks placed', launchStart, async () => {
        const c = await clusterCounts(client!);
        return c.pending + c.running >= TASKS;
      }, async () => JSON.stringify(await clusterCounts(client!)));
    }
    const launchEnd = Date.now();
    // RunTask calls that placed fewer than asked (their failures are counted) leave fewer to wait for.
    const expected = VIA === 'run-task' ? arns.length : TASKS;
    await waitFor(
      'tasks RUNNING',
      launchStart,
      async () => (await clusterCounts(client!)).running >= expected,
      async () => JSON.stringify(await clusterCounts(client!)),
    );
    const runningEnd = Date.now();
    const heartbeats1 = await metric(httpEndpoint, 'berth_agent_messages_total{kind="heartbeat"}');
    await probe.stop();
    const toRunning = (await placementToRunning(client, VIA === 'run-task' ? arns : await someTaskArns(client, 20_000))).sort((a, b) => a - b);
    const callMs = [...launch.callMs].sort((a, b) => a - b);
    const api = [...probe.latencies].sort((a, b) => a - b);

    let churn: { seconds: number; replaced: number; cpuShare: number } | undefined;
    if (CHURN_S > 0) {
      // Steady state: stop a slice of running tasks every second; services (or nothing, for RunTask tasks) replace them.
      const churnStart = Date.now();
      let replaced = 0;
      while (Date.now() - churnStart < CHURN_S * 1000) {
        const { taskArns } = await client.listTasks({ cluster: 'default', desiredStatus: 'RUNNING', maxResults: 20 });
        await Promise.all(taskArns.map((task) => client!.stopTask({ cluster: 'default', task, reason: 'bench churn' })));
        replaced += taskArns.length;
        await sleep(1000);
      }
      churn = { seconds: CHURN_S, replaced, cpuShare: cpWatch.cpuShare(churnStart, Date.now()) };
    }

    const db = new pg.Client({ connectionString: postgres.url });
    await db.connect();
    let steady: { seconds: number; cpuShare: number; metricsReportsPerS: number; serviceMetricsRowsPerHour: number; serviceMetricsRows: number } | undefined;
    if (STEADY_S > 0) {
      const rows = async () => Number((await db.query('SELECT count(*) AS n FROM service_metrics')).rows[0].n);
      const reports0 = await metric(httpEndpoint, 'berth_agent_messages_total{kind="metricsReport"}');
      const rows0 = await rows();
      const steadyStart = Date.now();
      await sleep(STEADY_S * 1000);
      const seconds = (Date.now() - steadyStart) / 1000;
      const rows1 = await rows();
      steady = {
        seconds: STEADY_S,
        cpuShare: Number(cpWatch.cpuShare(steadyStart, Date.now()).toFixed(3)),
        metricsReportsPerS: Math.round(((await metric(httpEndpoint, 'berth_agent_messages_total{kind="metricsReport"}')) - reports0) / seconds),
        serviceMetricsRowsPerHour: Math.round(((rows1 - rows0) / seconds) * 3600),
        serviceMetricsRows: rows1,
      };
    }
    const size = Number((await db.query('SELECT pg_database_size(current_database()) AS bytes')).rows[0].bytes);
    await db.end();

    const result = {
      hosts: HOSTS,
      tasks: TASKS,
      via: VIA,
      ...(VIA === 'services' ? { services: SERVICES } : { concurrency: CONCURRENCY }),
      registerAllS: Number(registeredS.toFixed(1)),
      sessionsHeld: sessions,
      sessionsAllS: Number(sessionsS.toFixed(1)),
      launchS: Number(((launchEnd - launchStart) / 1000).toFixed(1)),
      launchedPerS: Math.round(TASKS / ((launchEnd - launchStart) / 1000)),
      allRunningS: Number(((runningEnd - launchStart) / 1000).toFixed(1)),
      runningPerS: Math.round(TASKS / ((runningEnd - launchStart) / 1000)),
      launchFailures: launch.failures,
      ...('failureReasons' in launch && launch.failures > 0 ? { failureReasons: launch.failureReasons } : {}),
      placementToRunningMs: { n: toRunning.length, p50: Math.round(percentile(toRunning, 50)), p99: Math.round(percentile(toRunning, 99)) },
      launchCallMs: { n: callMs.length, p50: Math.round(percentile(callMs, 50)), p99: Math.round(percentile(callMs, 99)) },
      publicApiMs: { n: api.length, errors: probe.errors(), p50: Math.round(percentile(api, 50)), p99: Math.round(percentile(api, 99)) },
      heartbeatsPerS: Math.round((heartbeats1 - heartbeats0) / ((runningEnd - launchStart) / 1000)),
      controlPlane: {
        cpuShareLaunch: Number(cpWatch.cpuShare(launchStart, runningEnd).toFixed(2)),
        rssIdleMiB: Math.round(idleRss),
        rssPeakMiB: Math.round(cpWatch.peakRssMiB()),
      },
      simulator: { cpuShareLaunch: Number(simWatch.cpuShare(launchStart, runningEnd).toFixed(2)), rssPeakMiB: Math.round(simWatch.peakRssMiB()) },
      postgresMiB: Math.round(size / (1024 * 1024)),
      ...(churn ? { churn } : {}),
      ...(steady ? { steady, metrics: !NO_METRICS } : {}),
    };
    cpWatch.stop();
    simWatch.stop();
    console.log(JSON.stringify(result));
  } finally {
    client?.close();
    admin?.close();
    await sim?.stop(30_000);
    await cp?.stop(30_000);
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
