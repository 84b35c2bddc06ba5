import { parseArgs } from 'node:util';
import { MEASURED_DOCKER, parseLatency } from './latency.js';
import type { SimulatedTimings } from './simulated-runtime.js';

export interface SimArgs {
  readonly configPath: string | undefined;
  readonly hosts: number;
  readonly cpus: number;
  readonly memoryMiB: number;
  readonly zones: readonly string[];
  readonly connections: number;
  readonly rampPerSecond: number;
  readonly timings: SimulatedTimings;
  readonly startFailureRate: number;
  readonly seed: number;
  readonly hostnamePrefix: string;
  readonly statusEverySeconds: number;
  readonly help: boolean;
}

export const MAX_SIMULATED_HOSTS = 20_000;
/** Simulated hosts per gRPC connection unless --connections says otherwise. */
export const HOSTS_PER_CONNECTION = 50;

export const simUsage = `Usage: agent-sim [--config PATH] [--hosts N] [options]

Runs N simulated hosts in one process. Each is the real agent (registration, session, heartbeats,
task engine, report queue) with Docker replaced by a state machine whose calls take as long as
Docker's: ecs.config (PATH, else the agent's default files) and ECS_* variables apply to every
host, as they do to ecs-agent. Prints one status line (JSON) every few seconds.

  --config PATH              the ecs.config every simulated host reads
  --hosts N                  how many hosts (default 100, at most ${MAX_SIMULATED_HOSTS})
  --cpus N                   vCPUs per host, registered as N × 1024 CPU units (default 4)
  --memory MIB               memory per host in MiB (default 16384)
  --zones A,B,...            ecs.availability-zone values, dealt round robin (default zone-a,zone-b,zone-c)
  --connections N            gRPC connections the hosts share (default one per ${HOSTS_PER_CONNECTION} hosts)
  --ramp N                   hosts started per second (default 200)
  --create-ms P50[,P99]      container create latency (default ${MEASURED_DOCKER.create.p50Ms},${MEASURED_DOCKER.create.p99Ms}, measured)
  --start-ms P50[,P99]       container start latency (default ${MEASURED_DOCKER.start.p50Ms},${MEASURED_DOCKER.start.p99Ms})
  --stop-ms P50[,P99]        container stop latency (default ${MEASURED_DOCKER.stop.p50Ms},${MEASURED_DOCKER.stop.p99Ms})
  --remove-ms P50[,P99]      container remove latency (default ${MEASURED_DOCKER.remove.p50Ms},${MEASURED_DOCKER.remove.p99Ms})
  --pull-ms P50[,P99]        image pull latency (default 0: images are present)
  --start-failure-rate F     share of container starts that fail, 0 to 1 (default 0)
  --seed N                   seeds the latency and failure draws (default 1)
  --hostname-prefix NAME     hosts are NAME-0, NAME-1, ... (default sim)
  --status-every SECONDS     status line interval, 0 for none (default 5)
  -h, --help                 show this help
`;

function integer(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new Error(`${flag} must be a whole number from ${min} to ${max} (got ${JSON.stringify(text.slice(0, 40))})`);
  return n;
}

export function parseSimArgs(argv: readonly string[]): SimArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      config: { type: 'string' },
      hosts: { type: 'string' },
      cpus: { type: 'string' },
      memory: { type: 'string' },
      zones: { type: 'string' },
      connections: { type: 'string' },
      ramp: { type: 'string' },
      'create-ms': { type: 'string' },
      'start-ms': { type: 'string' },
      'stop-ms': { type: 'string' },
      'remove-ms': { type: 'string' },
      'pull-ms': { type: 'string' },
      'start-failure-rate': { type: 'string' },
      seed: { type: 'string' },
      'hostname-prefix': { type: 'string' },
      'status-every': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.config === '') throw new Error('--config needs a path');
  const hosts = integer('--hosts', values.hosts, 100, 1, MAX_SIMULATED_HOSTS);
  const zones = (values.zones ?? 'zone-a,zone-b,zone-c').split(',').map((z) => z.trim());
  if (zones.some((z) => !/^[A-Za-z0-9_.@/:-]{1,128}$/.test(z))) throw new Error('--zones must be a comma-separated list of attribute values (letters, digits, "-", "_", ".", "@", "/", ":")');
  const rate = values['start-failure-rate'] === undefined ? 0 : Number(values['start-failure-rate']);
  if (!(rate >= 0 && rate <= 1)) throw new Error(`--start-failure-rate must be a number from 0 to 1 (got ${JSON.stringify(values['start-failure-rate']!.slice(0, 40))})`);
  const prefix = values['hostname-prefix'] ?? 'sim';
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(prefix)) throw new Error('--hostname-prefix must be 1-41 lower-case letters, digits or "-", starting with a letter or digit');
  const latency = (flag: 'create-ms' | 'start-ms' | 'stop-ms' | 'remove-ms' | 'pull-ms', fallback: SimulatedTimings['create']) =>
    values[flag] === undefined ? fallback : parseLatency(`--${flag}`, values[flag]);
  return {
    configPath: values.config,
    hosts,
    cpus: integer('--cpus', values.cpus, 4, 1, 1024),
    memoryMiB: integer('--memory', values.memory, 16_384, 128, 16 * 1024 * 1024),
    zones,
    connections: integer('--connections', values.connections, Math.ceil(hosts / HOSTS_PER_CONNECTION), 1, hosts),
    rampPerSecond: integer('--ramp', values.ramp, 200, 1, 100_000),
    timings: {
      create: latency('create-ms', MEASURED_DOCKER.create),
      start: latency('start-ms', MEASURED_DOCKER.start),
      stop: latency('stop-ms', MEASURED_DOCKER.stop),
      remove: latency('remove-ms', MEASURED_DOCKER.remove),
      pull: latency('pull-ms', MEASURED_DOCKER.pull),
    },
    startFailureRate: rate,
    seed: integer('--seed', values.seed, 1, 0, 2 ** 31),
    hostnamePrefix: prefix,
    statusEverySeconds: integer('--status-every', values['status-every'], 5, 0, 3600),
    help: values.help ?? false,
  };
}
