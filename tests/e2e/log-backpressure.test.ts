import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, eventually, runCommand, startProcess, type RunningProcess } from '@berth/test-support';
import { berth, cleanEnv, removeDir, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

/** Resident memory of a process, in MiB. */
async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/**
 * `berth logs --follow` on a container writing about 6 MB/s, with the reader stopped (SIGSTOP):
 * the control plane grants the agent output only as its caller reads, so its memory stays flat
 * while the reader is stopped, and the stream carries on when the reader comes back.
 */
describe('log stream back-pressure', () => {
  let cp: ControlPlane;
  let host: Agent;
  let reader: RunningProcess | undefined;
  let taskArn: string;
  const json = async (...args: string[]) => (await berth(cp, args)).json();

  beforeAll(async () => {
    cp = await startControlPlane();
    await json('create-cluster', '--cluster-name', 'chatty');
    host = await startAgent(cp, { ECS_CLUSTER: 'chatty', ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached' }, 'chatty');
    await host.process.waitForOutput(/"msg":"session established"/, 60_000);
    // 64 KiB lines every 10 ms.
    const loud = 'trap "exit 0" TERM; line=$(head -c 65535 /dev/zero | tr "\\0" x); while true; do echo "$line"; usleep 10000; done';
    await json('register-task-definition', '--family', 'chatty', '--container-definitions', JSON.stringify([{ name: 'main', image: 'berth/busybox:latest', memory: 32, stopTimeout: 1, command: ['sh', '-c', loud] }]));
    taskArn = (await json('run-task', '--cluster', 'chatty', '--task-definition', 'chatty')).tasks[0].taskArn;
    expect((await berth(cp, ['wait', 'tasks-running', '--cluster', 'chatty', '--tasks', taskArn])).code).toBe(0);
  });

  afterAll(async () => {
    try {
      if (reader) {
        reader.child.kill('SIGCONT');
        await reader.stop();
      }
      await berth(cp, ['stop-task', '--cluster', 'chatty', '--task', taskArn]);
      await berth(cp, ['wait', 'tasks-stopped', '--cluster', 'chatty', '--tasks', taskArn]);
    } finally {
      await host?.process.stop();
      await cp?.process.stop();
      await removeDir(host?.dir);
      await removeDir(cp?.dir);
    }
  });

  it('a follower that stops reading holds the agent back instead of growing the control plane', async () => {
    reader = startProcess(binPath('berth'), ['--endpoint', `http://${cp.endpoint}`, 'logs', '--cluster', 'chatty', '--task', taskArn, '--follow'], {
      env: cleanEnv({ AWS_SHARED_CREDENTIALS_FILE: cp.credentialsFile }),
    });
    await eventually(async () => (reader!.output().length > 4 * 1024 * 1024 ? true : undefined), 30_000, 'the first 4 MiB of output');
    const cpPid = cp.process.child.pid!;
    const before = await rssMiB(cpPid);
    reader.child.kill('SIGSTOP');
    // 20 s at ~6 MB/s: relaying blindly, the control plane grew by about a third of that (the rest
    // waits in socket buffers); metered, it holds one window.
    let peak = before;
    for (let second = 0; second < 20; second++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      peak = Math.max(peak, await rssMiB(cpPid));
    }
    expect(peak - before, `control-plane RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MiB`).toBeLessThan(10);
    // Docker kept the output meanwhile; the stream goes on when the reader does.
    const read = reader.output().length;
    reader.child.kill('SIGCONT');
    await eventually(async () => (reader!.output().length > read + 8 * 1024 * 1024 ? true : undefined), 30_000, 'output flowing again');
    expect(reader.output()).not.toMatch(/ServerException|not reading/);
    // The container is untouched throughout.
    expect((await json('describe-tasks', '--cluster', 'chatty', '--tasks', taskArn)).tasks[0].lastStatus).toBe('RUNNING');
    expect((await runCommand('docker', ['ps', '-q', '--filter', `label=com.amazonaws.ecs.task-arn=${taskArn}`])).stdout.trim()).not.toBe('');
  }, 120_000);
});
