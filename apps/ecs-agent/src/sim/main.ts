import { silenceIpServerNameWarning } from '@berth/api-client';
import { createLogger } from '@berth/log';
import { seededRandom } from '@berth/scheduler';
import { ConfigError, type AgentConfig } from '../config/index.js';
import { AgentExit, ExitCode } from '../exit-codes.js';
import { loadConfig } from '../load-config.js';
import { runAgentOn } from '../run-agent.js';
import { backendTls, openAgentConnection } from '../session/backend-channel.js';
import { parseSimArgs, simUsage, type SimArgs } from './sim-args.js';
import { SimulatedRuntime } from './simulated-runtime.js';

const MIB = 1024 * 1024;

/** One simulated host's ecs.config: the shared one plus its zone. */
function hostConfig(config: AgentConfig, zone: string): AgentConfig {
  return { ...config, instanceAttributes: { ...config.instanceAttributes, 'ecs.availability-zone': zone } };
}

async function main(): Promise<number> {
  silenceIpServerNameWarning();
  let args: SimArgs;
  try {
    args = parseSimArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`agent-sim: ${(error as Error).message}\n\n${simUsage}`);
    return ExitCode.Error;
  }
  if (args.help) {
    process.stdout.write(simUsage);
    return ExitCode.Success;
  }
  let config: AgentConfig;
  let warnings: readonly string[];
  try {
    ({ config, warnings } = await loadConfig(args.configPath, process.env));
  } catch (error) {
    const key = error instanceof ConfigError ? ` (${error.key})` : '';
    process.stderr.write(`agent-sim: invalid configuration${key}: ${(error as Error).message}\n`);
    return ExitCode.Error;
  }
  if (config.checkpoint) {
    process.stderr.write('agent-sim: ECS_DATADIR is set, but simulated hosts keep no state on disk (they would share one directory); unset it\n');
    return ExitCode.Error;
  }
  const log = createLogger({ level: config.logLevel, name: 'agent-sim' });
  for (const warning of warnings) log.warn(warning);
  const tls = await backendTls(config).catch((error: Error) => error);
  if (tls instanceof Error) {
    process.stderr.write(`agent-sim: ${tls.message}\n`);
    return ExitCode.Error;
  }

  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => controller.abort(new Error(`received ${signal}`)));

  const runtimes: SimulatedRuntime[] = [];
  const lives: Promise<void>[] = [];
  const failures = new Map<string, number>();
  let ended = 0;
  const status = () => ({
    time: new Date().toISOString(),
    hosts: runtimes.length,
    alive: runtimes.length - ended,
    failed: [...failures.values()].reduce((a, b) => a + b, 0),
    runningContainers: runtimes.reduce((n, r) => n + r.running, 0),
  });
  const statusTimer = args.statusEverySeconds > 0 ? setInterval(() => process.stdout.write(JSON.stringify(status()) + '\n'), args.statusEverySeconds * 1000) : undefined;

  for (let i = 0; i < args.hosts && !controller.signal.aborted; i++) {
    const hostname = `${args.hostnamePrefix}-${i}`;
    const runtime = new SimulatedRuntime({ timings: args.timings, startFailureRate: args.startFailureRate, random: seededRandom(args.seed * 100_003 + i) });
    runtimes.push(runtime);
    const hostCfg = hostConfig(config, args.zones[i % args.zones.length]!);
    // Hosts with the same connection number share one channel's TCP connection (grpc-js's global
    // subchannel pool); renewing a silent session then reuses it rather than dialling anew.
    const connection = openAgentConnection(hostCfg, tls, { 'grpc.use_local_subchannel_pool': 0, 'berth.sim.connection': i % args.connections });
    const life = runAgentOn({
      config: hostCfg,
      log: log.child({ host: hostname }),
      connection,
      signal: controller.signal,
      runtime,
      dockerVersion: 'simulated',
      host: { cpuCount: args.cpus, totalMemoryBytes: (args.memoryMiB + config.reservedMemoryMiB) * MIB, arch: process.arch, hostname },
      isPortFree: async () => true,
    })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        const seen = failures.get(message) ?? 0;
        failures.set(message, seen + 1);
        if (seen === 0) log.error('a simulated host stopped', { host: hostname, exitCode: error instanceof AgentExit ? error.exitCode : ExitCode.Error, error: message });
      })
      .finally(() => {
        ended += 1;
        connection.close();
      });
    lives.push(life);
    if ((i + 1) % Math.max(1, Math.ceil(args.rampPerSecond / 10)) === 0) await new Promise((r) => setTimeout(r, 100));
  }
  process.stdout.write(JSON.stringify({ ...status(), started: 'all' }) + '\n');
  await Promise.all(lives);
  clearInterval(statusTimer);
  process.stdout.write(JSON.stringify({ ...status(), stopped: true }) + '\n');
  return failures.size > 0 ? ExitCode.Error : ExitCode.Success;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`agent-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(ExitCode.Error);
  },
);
