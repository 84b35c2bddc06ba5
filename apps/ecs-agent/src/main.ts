import { silenceIpServerNameWarning } from '@berth/api-client';
import { createLogger } from '@berth/log';
import { agentUsage, parseAgentArgs } from './cli-args.js';
import { ConfigError, configToJson } from './config/index.js';
import { AgentExit, ExitCode } from './exit-codes.js';
import { loadConfig } from './load-config.js';
import { runAgent } from './run-agent.js';
import { backendTls, openAgentConnection } from './session/backend-channel.js';
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
  const connection = openAgentConnection(config, tls);
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
