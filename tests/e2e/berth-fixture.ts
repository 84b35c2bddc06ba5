import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
}

/** Starts the same control plane again (same ports, same data dir), e.g. after killing it. */
export async function restartControlPlane(cp: ControlPlane): Promise<void> {
  cp.process = startProcess(binPath('control-plane'), cp.args, { env: cleanEnv() });
  await cp.process.waitForOutput(/control plane ready/, 60_000);
}

export const HEARTBEAT_INTERVAL_MS = 500;
export const HEARTBEAT_TIMEOUT_MS = 2500;

/** Starts bin/control-plane on free ports with embedded storage in a temp dir. */
export async function startControlPlane(extraArgs: string[] = []): Promise<ControlPlane> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-e2e-cp-'));
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
  const proc = startProcess(binPath('control-plane'), args, { env: cleanEnv() });
  await proc.waitForOutput(/control plane ready/, 60_000);
  return { endpoint, httpEndpoint: `127.0.0.1:${httpPort}`, process: proc, dir, args };
}

export interface Agent {
  readonly dir: string;
  readonly configPath: string;
  process: RunningProcess;
}

/** Writes an ecs.config for one agent (its own data dir) and starts bin/ecs-agent with it. */
export async function startAgent(
  cp: ControlPlane,
  settings: Record<string, string>,
  name: string,
  options: { savedState?: object } = {},
): Promise<Agent> {
  const dir = await mkdtemp(join(tmpdir(), `berth-e2e-${name}-`));
  if (options.savedState) {
    await mkdir(join(dir, 'data'), { recursive: true });
    await writeFile(join(dir, 'data', 'ecs_agent_data.json'), JSON.stringify(options.savedState));
  }
  const configPath = join(dir, 'ecs.config');
  const lines = Object.entries({ ECS_BACKEND_HOST: cp.endpoint, ECS_DATADIR: join(dir, 'data'), ...settings }).map(([k, v]) => `${k}=${v}`);
  await writeFile(configPath, `# ${name}\n${lines.join('\n')}\n`);
  return { dir, configPath, process: startProcess(binPath('ecs-agent'), ['--config', configPath], { env: cleanEnv() }) };
}

export function restartAgent(agent: Agent): RunningProcess {
  agent.process = startProcess(binPath('ecs-agent'), ['--config', agent.configPath], { env: cleanEnv() });
  return agent.process;
}

/** Runs bin/berth against the control plane; `json` parses stdout. */
export async function berth(cp: ControlPlane, args: string[]): Promise<CommandResult & { json: () => any }> {
  const result = await runCommand(binPath('berth'), ['--endpoint', cp.endpoint, ...args], { env: cleanEnv(), timeoutMs: 30_000 });
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
