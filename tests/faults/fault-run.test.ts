import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '@berth/scheduler';
import { checkNoDuplicates, checkSettled, TASK_CPU, TASK_MEMORY, type Ledger } from './invariants.js';
import { CLUSTER, FaultWorld, isUnavailable, type HostName, type ReplicaName } from './world.js';

/**
 * The randomised fault run (`npm run test:faults`): a steady workload of RunTask, StopTask,
 * service scaling and deployments, while faults are injected one after another — kill -9 of an
 * agent, of a replica or of the leading replica, a partition (cut or black hole) between an agent
 * and its replica, a PostgreSQL restart, a task's container killed in Docker. After every step the
 * checker reads both Docker daemons; after the last fault heals, the store and both daemons.
 *
 * BERTH_FAULTS sets how many faults (6 by default, the CI version), BERTH_FAULT_SEED the seed (1
 * by default, so CI runs one schedule; a failure prints its seed, and the same seed replays the
 * same choices, though not the same timing).
 */
const FAULTS = Number(process.env.BERTH_FAULTS ?? 6);
const SEED = Number(process.env.BERTH_FAULT_SEED ?? 1);
const SETTLE_WITHIN_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const container = (family: string, value: string) => ({
  family,
  containerDefinitions: [
    {
      name: 'main',
      image: 'berth/busybox:latest',
      cpu: TASK_CPU,
      memoryReservation: TASK_MEMORY,
      stopTimeout: 1,
      environment: [{ name: 'REVISION', value }],
      command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'],
    },
  ],
});

type FaultKind = 'kill-agent' | 'kill-replica' | 'kill-leader' | 'cut' | 'blackhole' | 'postgres-restart' | 'docker-kill';
const KINDS: FaultKind[] = ['kill-agent', 'kill-replica', 'kill-leader', 'cut', 'blackhole', 'postgres-restart', 'docker-kill'];

describe('randomised fault run', () => {
  let world: FaultWorld;
  const random = seededRandom(SEED);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const ledger: Ledger = { tasks: new Map(), desiredCount: 2 };
  /** Calls that failed because nothing answered: retried (same clientToken) until they are acknowledged. */
  const pending: { what: string; retry: () => Promise<void> }[] = [];
  const log: string[] = [];
  let tokens = 0;
  let revision = 1;

  beforeAll(async () => {
    world = await FaultWorld.start();
    await world.api((c) => c.registerTaskDefinition(container('chaos-task', 'one')));
    await world.api((c) => c.registerTaskDefinition(container('chaos-web', String(revision))));
    await world.api((c) => c.createService({ cluster: CLUSTER, serviceName: 'web', taskDefinition: 'chaos-web', desiredCount: ledger.desiredCount }));
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
  }, 120_000);

  /** One call of the workload: acknowledged, refused (a bug), or unanswered (kept to retry). */
  const attempt = async (what: string, call: () => Promise<void>) => {
    try {
      await call();
    } catch (error) {
      if (!isUnavailable(error)) throw new Error(`${what} was refused: ${(error as Error).message}`);
      pending.push({ what, retry: call });
    }
  };

  const runTask = () => {
    const clientToken = `fault-${SEED}-${tokens++}`;
    const count = between(1, 2);
    return attempt(`RunTask ${clientToken}`, async () => {
      const out = await world.api((c) => c.runTask({ cluster: CLUSTER, taskDefinition: 'chaos-task', count, clientToken }));
      for (const task of out.tasks ?? []) if (!ledger.tasks.has(task.taskArn!)) ledger.tasks.set(task.taskArn!, { stopRequested: false });
    });
  };
  const stopTask = () => {
    const live = [...ledger.tasks].filter(([, t]) => !t.stopRequested).map(([arn]) => arn);
    if (live.length === 0) return Promise.resolve();
    const arn = pick(live);
    return attempt(`StopTask ${arn}`, async () => {
      await world.api((c) => c.stopTask({ cluster: CLUSTER, task: arn, reason: 'fault run' }));
      ledger.tasks.get(arn)!.stopRequested = true;
    });
  };
  const scale = () => {
    const desiredCount = between(1, 3);
    return attempt(`scale web to ${desiredCount}`, async () => {
      await world.api((c) => c.updateService({ cluster: CLUSTER, service: 'web', desiredCount }));
      ledger.desiredCount = desiredCount;
    });
  };
  const deploy = () => {
    const value = String(++revision);
    return attempt(`deploy web revision ${value}`, async () => {
      const registered = await world.api((c) => c.registerTaskDefinition(container('chaos-web', value)));
      await world.api((c) => c.updateService({ cluster: CLUSTER, service: 'web', taskDefinition: registered.taskDefinition!.taskDefinitionArn! }));
    });
  };
  const workload = async () => {
    for (let i = between(1, 3); i > 0; i--) await pick([runTask, runTask, stopTask, scale, deploy])();
  };

  /** Injects one fault, runs the workload while it lasts, heals it; returns what was done. */
  const fault = async (kind: FaultKind): Promise<string> => {
    const host = pick<HostName>(['a', 'b']);
    switch (kind) {
      case 'kill-agent': {
        await world.killAgent(host);
        await workload();
        await sleep(between(500, 3000));
        world.restartAgent(host);
        return `kill -9 agent ${host}`;
      }
      case 'kill-replica':
      case 'kill-leader': {
        const replica: ReplicaName = kind === 'kill-leader' ? (world.leader() ?? 'A') : pick<ReplicaName>(['A', 'B']);
        await world.killReplica(replica);
        await workload();
        await sleep(between(500, 2000));
        await world.restartReplica(replica);
        return `kill -9 replica ${replica}${kind === 'kill-leader' ? ' (leader)' : ''}`;
      }
      case 'cut':
      case 'blackhole': {
        const proxy = world.hosts[host].proxy;
        if (kind === 'cut') await proxy.cut();
        else proxy.blackhole();
        await workload();
        const ms = between(2000, 6000);
        await sleep(ms);
        await proxy.heal();
        return `${kind} host ${host} for ${ms} ms`;
      }
      case 'postgres-restart': {
        await world.postgres.halt();
        await workload();
        const ms = between(1000, 4000);
        await sleep(ms);
        await world.postgres.resume();
        return `PostgreSQL down for ${ms} ms`;
      }
      case 'docker-kill': {
        const running = await world.runningContainers(host);
        if (running.length === 0) return `docker kill on host ${host}: nothing running`;
        const victim = pick(running);
        await world.dockerKill(host, victim.id);
        await workload();
        return `docker kill ${victim.taskArn.split('/').at(-1)} on host ${host}`;
      }
    }
  };

  it(`keeps every invariant through ${FAULTS} random faults (seed ${SEED})`, async () => {
    const violations: string[] = [];
    const started = Date.now();
    for (let step = 1; step <= FAULTS; step++) {
      const done = await fault(pick(KINDS));
      await workload();
      for (const found of await checkNoDuplicates(world)) violations.push(`after step ${step} (${done}): ${found}`);
      log.push(`${step}: ${done}`);
      await sleep(between(500, 2000));
    }
    const healedAt = Date.now();
    // Everything is healed: unanswered calls go again with their clientTokens until acknowledged.
    while (pending.length > 0 && Date.now() - healedAt < SETTLE_WITHIN_MS) {
      const call = pending.shift()!;
      try {
        await call.retry();
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        pending.push(call);
        await sleep(1000);
      }
    }
    expect(pending.map((p) => p.what), 'calls never acknowledged after the heal').toEqual([]);
    let settled: string[] = ['not checked'];
    while (Date.now() - healedAt < SETTLE_WITHIN_MS + 30_000) {
      settled = await checkSettled(world, ledger).catch((error: unknown) => [`checker: ${(error as Error).message}`]);
      if (settled.length === 0) break;
      await sleep(2000);
    }
    const settledInS = Math.round((Date.now() - healedAt) / 1000);
    if (settled.length > 0) violations.push(...settled.map((v) => `settled: ${v}`));
    if (settled.length === 0 && settledInS * 1000 > SETTLE_WITHIN_MS) violations.push(`settled only after ${settledInS} s`);
    console.log(log.join('\n'));
    console.log(JSON.stringify({ seed: SEED, faults: FAULTS, tasks: ledger.tasks.size, violations: violations.length, settledInS, minutes: Math.round((Date.now() - started) / 6000) / 10 }));
    if (violations.length > 0) {
      const dir = join(tmpdir(), `berth-faults-${SEED}`);
      await world.saveLogs(dir);
      console.log(`process logs in ${dir}`);
    }
    expect(violations, `seed ${SEED}; replay with BERTH_FAULT_SEED=${SEED} BERTH_FAULTS=${FAULTS} npm run test:faults`).toEqual([]);
  }, FAULTS * 60_000 + 300_000);
});
