import { readFile } from 'node:fs/promises';
import { createAgentServiceClient, silenceIpServerNameWarning, type TlsOptions } from '@berth/api-client';
import { createLogger } from '@berth/log';
import { agentUsage, parseAgentArgs } from './cli-args.js';
import { ConfigError, configToJson, type AgentConfig } from './config/index.js';
import { AgentExit, ExitCode } from './exit-codes.js';
import { loadConfig } from './load-config.js';
import { runAgent } from './run-agent.js';
import { AgentConnection } from './session/connection.js';
import { AGENT_VERSION } from './version.js';

async function main(): Promise<number> {
  silenceIpServerNameWarning();
  let args;
  try {
    args = parseAgentArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`ecs-agent: ${(error as Error).message}\n\n${agentUsage}`);
    return ExitCode.Error;
  }
  if (args.help) {
    process.stdout.write(agentUsage);
    return ExitCode.Success;
  }
  if (args.version) {
    process.stdout.write(`ecs-agent ${AGENT_VERSION}\n`);
    return ExitCode.Success;
  }
  let resolved;
  try {
    resolved = await loadConfig(args.configPath, process.env);
  } catch (error) {
    const key = error instanceof ConfigError ? ` (${error.key})` : '';
    process.stderr.write(`ecs-agent: invalid configuration${key}: ${(error as Error).message}\n`);
    return ExitCode.Error;
  }
  if (args.checkConfig) {
    // process.exit() would drop whatever a pipe has not taken yet: wait until both are written.
    await writeAll(process.stderr, resolved.warnings.map((warning) => `warning: ${warning}\n`).join(''));
    await writeAll(process.stdout, configToJson(resolved) + '\n');
    return ExitCode.Success;
  }

  const { config } = resolved;
  const log = createLogger({ level: config.logLevel, name: 'ecs-agent' });
  for (const warning of resolved.warnings) log.warn(warning);

  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log.info('stopping', { signal });
      controller.abort(new Error(`received ${signal}`));
    });
  }
  let tls;
  try {
    tls = await backendTls(config);
  } catch (error) {
    process.stderr.write(`ecs-agent: ${(error as Error).message}\n`);
    return ExitCode.Error;
  }
  // A channel of its own (not grpc-js's shared subchannel pool), so renewing it really opens a new
  // connection. The session loop paces reconnects (RECONNECT_BACKOFF); grpc-js's own connect backoff
  // grows to 2 minutes by default, during which every attempt fails at once without dialling — a
  // control plane back after a long outage would wait that long to see its agents.
  const connection = new AgentConnection(() =>
    createAgentServiceClient(config.backendHost, {
      channelOptions: {
        'grpc.keepalive_time_ms': 20_000,
        'grpc.keepalive_timeout_ms': 10_000,
        'grpc.use_local_subchannel_pool': 1,
        'grpc.initial_reconnect_backoff_ms': 250,
        'grpc.max_reconnect_backoff_ms': 1_000,
      },
      ...(tls ? { tls } : {}),
    }),
  );
  try {
    await runAgent({ config, log, connection, signal: controller.signal });
    return ExitCode.Success;
  } catch (error) {
    if (error instanceof AgentExit) {
      log.crit(error.message, { exitCode: error.exitCode });
      return error.exitCode;
    }
    if (controller.signal.aborted) return ExitCode.Success;
    log.crit('agent failed', { error });
    return ExitCode.Error;
  } finally {
    connection.close();
  }
}

/** ECS_BACKEND_CA_FILE (and the client pair for mutual TLS), read once at start; the system's CAs without a CA file. */
async function backendTls(config: AgentConfig): Promise<TlsOptions | undefined> {
  if (!config.backendTls) return undefined;
  const read = (key: string, path: string) =>
    readFile(path).catch((error: Error) => {
      throw new Error(`cannot read ${key} ${path}: ${error.message}`);
    });
  return {
    ...(config.backendCaFile ? { ca: await read('ECS_BACKEND_CA_FILE', config.backendCaFile) } : {}),
    ...(config.backendClientCertFile && config.backendClientKeyFile
      ? { clientCert: await read('ECS_BACKEND_CLIENT_CERT_FILE', config.backendClientCertFile), clientKey: await read('ECS_BACKEND_CLIENT_KEY_FILE', config.backendClientKeyFile) }
      : {}),
  };
}

/** Writes `text` and resolves once the stream has handed all of it on. */
function writeAll(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ecs-agent: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(ExitCode.Error);
  },
);
