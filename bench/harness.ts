import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createEcsClient, type EcsClient } from '@berth/api-client';
import { binPath, freePort, startProcess, type RunningProcess } from '@berth/test-support';

export const run = promisify(execFile);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A control plane (embedded storage) and one agent on the local Docker daemon, for benchmarks. */
export interface BenchBerth {
  readonly client: EcsClient;
  close(): Promise<void>;
}

export async function startBenchBerth(agentSettings: Record<string, string> = {}): Promise<BenchBerth> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-bench-'));
  const endpoint = `127.0.0.1:${await freePort()}`;
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const cp = startProcess(
    binPath('control-plane'),
    ['--listen', endpoint, '--http-listen', `127.0.0.1:${await freePort()}`, '--data-dir', join(dir, 'data'), '--service-interval', '500ms'],
    { env },
  );
  await cp.waitForOutput(/control plane ready/, 60_000);
  // The admin credential the control plane wrote on its first start.
  const written = await readFile(join(dir, 'data', 'admin-credentials'), 'utf8');
  const credentials = {
    accessKeyId: /aws_access_key_id = (\S+)/.exec(written)![1]!,
    secretAccessKey: /aws_secret_access_key = (\S+)/.exec(written)![1]!,
  };
  const client = createEcsClient(endpoint, { credentials });
  const token = (await client.createJoinToken({ cluster: 'default' })).joinToken!.token;
  const settings = {
    ECS_BACKEND_HOST: endpoint,
    ECS_JOIN_TOKEN: token,
    ECS_DATADIR: join(dir, 'agent'),
    ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached',
    ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION: '1s',
    ECS_LOGLEVEL: 'warn',
    ...agentSettings,
  };
  await writeFile(join(dir, 'ecs.config'), Object.entries(settings).map(([k, v]) => `${k}=${v}`).join('\n'));
  let agent: RunningProcess | undefined;
  const close = async () => {
    client.close();
    await agent?.stop();
    await cp.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    agent = startProcess(binPath('ecs-agent'), ['--config', join(dir, 'ecs.config')], { env });
    for (let i = 0; (await client.listContainerInstances({})).containerInstanceArns.length === 0; i++) {
      if (i > 300) throw new Error(`agent did not join:\n${agent.output()}`);
      await sleep(100);
    }
    return { client, close };
  } catch (error) {
    await close();
    throw error;
  }
}
