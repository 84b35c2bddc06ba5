import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createEcsClient, type EcsClient } from '@berth/api-client';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binPath, freePort, runCommand, startProcess, type CommandResult, type RunningProcess } from '@berth/test-support';

/** Only what the binaries need: no ECS_* or DATABASE_URL leaks in from the test runner's environment. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME ?? '/root' };
  if (process.env.DOCKER_HOST) env.DOCKER_HOST = process.env.DOCKER_HOST;
  return { ...env, ...extra };
}

export interface ControlPlane {
  readonly endpoint: string;
  readonly httpEndpoint: string;
  process: RunningProcess;
  readonly dir: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  /** The admin credential the control plane wrote on its first start (profile berth). */
  readonly credentialsFile: string;
  /** With TLS: the CA its certificate is from (berth() then speaks TLS). */
  readonly caFile?: string;
}

/** Starts the same control plane again (same ports, same data dir), e.g. after killing it. */
export async function restartControlPlane(cp: ControlPlane): Promise<void> {
  cp.process = startProcess(binPath('control-plane'), cp.args, { env: cleanEnv(cp.env) });
  await cp.process.waitForOutput(/control plane ready/, 60_000);
}

export const HEARTBEAT_INTERVAL_MS = 500;
export const HEARTBEAT_TIMEOUT_MS = 2500;

/**
 * Starts bin/control-plane on free ports with embedded storage in a temp dir. A replica sharing
 * another's store takes its server key (`env.BERTH_SERVER_KEY`) and its admin credential file.
 */
export async function startControlPlane(
  extraArgs: string[] = [],
  options: { env?: Record<string, string>; credentialsFile?: string; caFile?: string } = {},
): Promise<ControlPlane> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-e2e-cp-'));
  const env = options.env ?? {};
  // A port found free can be taken before the control plane binds it (a container's published
  // port, another test's process): then it is started again on other ports, over the same data.
  for (let attempt = 1; ; attempt++) {
    const [grpcPort, httpPort] = [await freePort(), await freePort()];
    const endpoint = `127.0.0.1:${grpcPort}`;
    const args = [
      '--listen',
      endpoint,
      '--http-listen',
      `127.0.0.1:${httpPort}`,
      '--data-dir',
      join(dir, 'data'),
      '--heartbeat-interval',
      `${HEARTBEAT_INTERVAL_MS}ms`,
      '--heartbeat-timeout',
      `${HEARTBEAT_TIMEOUT_MS}ms`,
      ...extraArgs,
    ];
    const proc = startProcess(binPath('control-plane'), args, { env: cleanEnv(env) });
    try {
      await proc.waitForOutput(/control plane ready/, 60_000);
    } catch (error) {
      if (attempt < 3 && /EADDRINUSE/.test(proc.output())) continue;
      throw error;
    }
    return {
      endpoint,
      httpEndpoint: `127.0.0.1:${httpPort}`,
      process: proc,
      dir,
      args,
      env,
      credentialsFile: options.credentialsFile ?? join(dir, 'data', 'admin-credentials'),
      ...(options.caFile ? { caFile: options.caFile } : {}),
    };
  }
}

export interface Agent {
  readonly dir: string;
  readonly configPath: string;
  process: RunningProcess;
}

/** A join token for `cluster`, made with the admin credential (for `default` when the cluster does not exist, which the control plane then refuses). */
export async function joinToken(cp: ControlPlane, cluster: string, extraArgs: string[] = []): Promise<string> {
  const made = await berth(cp, ['create-join-token', '--cluster', cluster, ...extraArgs]);
  if (made.code !== 0 && /ClusterNotFoundException/.test(made.stderr)) return joinToken(cp, 'default', extraArgs);
  return made.json().joinToken.token;
}

/**
 * Writes an ecs.config for one agent (its own data dir) and starts bin/ecs-agent with it. The
 * agent gets a join token for its cluster unless the settings bring their own (or `joinToken: false`).
 */
export async function startAgent(
  cp: ControlPlane,
  settings: Record<string, string>,
  name: string,
  options: { savedState?: object; joinToken?: false } = {},
): Promise<Agent> {
  if (options.joinToken !== false && settings.ECS_JOIN_TOKEN === undefined && settings.ECS_JOIN_TOKEN_FILE === undefined) {
    settings = { ...settings, ECS_JOIN_TOKEN: await joinToken(cp, settings.ECS_CLUSTER || 'default') };
  }
  const dir = await mkdtemp(join(tmpdir(), `berth-e2e-${name}-`));
  if (options.savedState) {
    await mkdir(join(dir, 'data'), { recursive: true });
    await writeFile(join(dir, 'data', 'ecs_agent_data.json'), JSON.stringify(options.savedState));
  }
  const configPath = join(dir, 'ecs.config');
  // Any free metadata port: several agents share one Docker (and so one bridge gateway) in tests.
  const lines = Object.entries({ ECS_BACKEND_HOST: cp.endpoint, ECS_DATADIR: join(dir, 'data'), ECS_TASK_METADATA_PORT: '0', ...settings }).map(([k, v]) => `${k}=${v}`);
  await writeFile(configPath, `# ${name}\n${lines.join('\n')}\n`);
  return { dir, configPath, process: startProcess(binPath('ecs-agent'), ['--config', configPath], { env: cleanEnv() }) };
}

export function restartAgent(agent: Agent): RunningProcess {
  agent.process = startProcess(binPath('ecs-agent'), ['--config', agent.configPath], { env: cleanEnv() });
  return agent.process;
}

/** Runs bin/berth against the control plane with its admin credential (or `env`'s); `json` parses stdout. */
export async function berth(cp: ControlPlane, args: string[], env: Record<string, string> = {}): Promise<CommandResult & { json: () => any }> {
  const connection = cp.caFile ? ['--endpoint', `https://${cp.endpoint}`, '--ca-bundle', cp.caFile] : ['--endpoint', `http://${cp.endpoint}`];
  const result = await runCommand(binPath('berth'), [...connection, ...args], {
    env: cleanEnv({ AWS_SHARED_CREDENTIALS_FILE: cp.credentialsFile, ...env }),
    timeoutMs: 30_000,
  });
  return {
    ...result,
    json: () => {
      if (result.code !== 0) throw new Error(`berth ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      return JSON.parse(result.stdout);
    },
  };
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** The admin key pair the control plane wrote to its data directory. */
export async function adminCredentials(cp: ControlPlane): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const text = await readFile(cp.credentialsFile, 'utf8');
  const id = /aws_access_key_id = (\S+)/.exec(text)?.[1];
  const secret = /aws_secret_access_key = (\S+)/.exec(text)?.[1];
  if (!id || !secret) throw new Error(`no credential in ${cp.credentialsFile}`);
  return { accessKeyId: id, secretAccessKey: secret };
}

/** A gRPC client of the control plane, as its admin. */
export async function ecsClient(cp: ControlPlane): Promise<EcsClient> {
  return createEcsClient(cp.endpoint, { credentials: await adminCredentials(cp) });
}
