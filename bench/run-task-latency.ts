/**
 * RunTask → RUNNING latency of a busybox task against `docker run -d` of the same image on the same
 * machine, interleaved in one run so both see the same load. Berth's figure is measured as a client
 * sees it: from sending RunTask to DescribeTasks showing RUNNING (polled every 20 ms).
 *
 *   node scripts/bench.mjs run-task-latency [iterations=30]
 */
import { fromTimestamp } from '@berth/proto';
import { run, startBenchBerth } from './harness.js';
import { ms, summary } from './stats.js';
const iterations = Number(process.argv[2] ?? 30);
const IMAGE = 'berth/busybox:latest';
const COMMAND = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];
/** DescribeTasks polling; finer polling only loads the control plane that shares the 2 cores. */
const POLL_MS = 20;

async function main() {
  const berth = await startBenchBerth();
  const client = berth.client;
  try {
    await client.registerTaskDefinition({ family: 'bench', containerDefinitions: [{ name: 'main', image: IMAGE, memoryReservation: 8, command: COMMAND, stopTimeout: 2 }] });

    const berthSamples: number[] = [];
    // The RunTask call itself (validation, snapshot, placement, transaction, push);
    // RunTask accepted → container created (control plane, dispatch, agent, docker create);
    // created → process started (docker start); started → a client sees RUNNING (report path).
    const phases = { runTaskCall: [] as number[], dispatch: [] as number[], createStart: [] as number[], report: [] as number[] };
    const dockerSamples: number[] = [];
    const warmup = 3;
    for (let i = 0; i < iterations + warmup; i++) {
      // docker run -d: returns once the container is started.
      const d0 = performance.now();
      const { stdout } = await run('docker', ['run', '-d', '--label', 'berth-bench=1', IMAGE, ...COMMAND]);
      const dockerMs = performance.now() - d0;
      // Each measurement starts on an idle daemon: clean up before the next one begins.
      await run('docker', ['rm', '-f', stdout.trim()]);

      const b0 = performance.now();
      const started = await client.runTask({ taskDefinition: 'bench' });
      const rpcMs = performance.now() - b0;
      const arn = started.tasks[0]?.taskArn;
      if (!arn) throw new Error(`RunTask failed: ${JSON.stringify(started.failures)}`);
      for (;;) {
        const described = await client.describeTasks({ tasks: [arn] });
        const task = described.tasks[0];
        const status = task?.lastStatus;
        if (status === 'RUNNING') {
          const seenAt = Date.now();
          const t = (x: Parameters<typeof fromTimestamp>[0]) => fromTimestamp(x)?.getTime() ?? NaN;
          if (i >= warmup) {
            const runtimeId = task!.containers[0]!.runtimeId;
            const { stdout: times } = await run('docker', ['inspect', '-f', '{{.Created}} {{.State.StartedAt}}', runtimeId]);
            const [created, started] = times.trim().split(' ').map((x) => new Date(x).getTime());
            phases.runTaskCall.push(rpcMs);
            phases.dispatch.push(created! - t(task!.createdAt));
            phases.createStart.push(started! - created!);
            phases.report.push(seenAt - started!);
          }
          break;
        }
        if (status === 'STOPPED') throw new Error(`task stopped: ${described.tasks[0]?.stoppedReason}`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      const berthMs = performance.now() - b0;
      await client.stopTask({ task: arn });
      for (;;) {
        const described = await client.describeTasks({ tasks: [arn] });
        if (described.tasks[0]?.lastStatus === 'STOPPED') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      if (i >= warmup) {
        dockerSamples.push(dockerMs);
        berthSamples.push(berthMs);
      }
      // Let the agent's cleanup of the stopped task (ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION=1s) pass too.
      await new Promise((r) => setTimeout(r, 1500));
    }
    const d = summary(dockerSamples);
    const b = summary(berthSamples);
    console.log(`RunTask→RUNNING vs docker run -d, ${iterations} interleaved iterations (after ${warmup} warm-up)`);
    console.log(`| | median | p95 |`);
    console.log(`|---|---|---|`);
    console.log(`| docker run -d | ${ms(d.median)} | ${ms(d.p95)} |`);
    console.log(`| Berth RunTask → RUNNING | ${ms(b.median)} | ${ms(b.p95)} |`);
    console.log(`| ratio Berth / docker | ${(b.median / d.median).toFixed(2)} | ${(b.p95 / d.p95).toFixed(2)} |`);
    console.log('');
    console.log('Where Berth\'s time goes (medians; agent and control-plane clocks are the same machine):');
    for (const [name, samples] of Object.entries(phases)) console.log(`  ${name.padEnd(12)} ${ms(summary(samples).median)}`);
  } finally {
    await berth.close();
    await run('sh', ['-c', 'docker rm -f $(docker ps -aq --filter label=berth-bench=1) 2>/dev/null || true']).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
