import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, runCommand } from '@berth/test-support';
import { berth, removeDir, restartAgent, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

/**
 * Two Berths on one Docker daemon — two control planes, each with its own `default` cluster and an
 * agent — as a quickstart beside a real agent would be. Neither agent may stop the other's tasks.
 */
describe('containers of another Berth on the same Docker daemon', () => {
  let first: ControlPlane;
  let second: ControlPlane;
  const agents: Agent[] = [];

  beforeAll(async () => {
    [first, second] = await Promise.all([startControlPlane(), startControlPlane()]);
  });

  afterAll(async () => {
    for (const agent of agents) await agent.process.stop();
    await Promise.all([first?.process.stop(), second?.process.stop()]);
    for (const dir of [...agents.map((a) => a.dir), first?.dir, second?.dir]) await removeDir(dir);
  });

  const runSleeper = async (cp: ControlPlane) => {
    (await berth(cp, ['register-task-definition', '--family', 'sleeper', '--container-definitions', JSON.stringify([{ name: 'main', image: 'berth/busybox:latest', memory: 16, command: ['sleep', '3600'], stopTimeout: 1 }])])).json();
    const arn: string = (await berth(cp, ['run-task', '--task-definition', 'sleeper'])).json().tasks[0].taskArn;
    expect((await berth(cp, ['wait', 'tasks-running', '--tasks', arn])).code).toBe(0);
    return arn;
  };
  const containerOf = async (taskArn: string) => {
    const out = await runCommand('docker', ['ps', '--filter', `label=com.amazonaws.ecs.task-arn=${taskArn}`, '--format', '{{.ID}} {{.Label "berth.container-instance-arn"}}']);
    return out.stdout.trim();
  };

  it("an agent starting with a fresh data directory leaves the other Berth's task of the same cluster name running, and says so once", async () => {
    const hostA = await startAgent(first, { ECS_CLUSTER: 'default' }, 'foreign-a');
    agents.push(hostA);
    await hostA.process.waitForOutput(/"msg":"session established"/, 60_000);
    const taskA = await runSleeper(first);
    const instanceA: string = (await berth(first, ['list-container-instances'])).json().containerInstanceArns[0];
    expect(await containerOf(taskA)).toMatch(new RegExp(`^[0-9a-f]{12} ${instanceA}$`));

    const hostB = await startAgent(second, { ECS_CLUSTER: 'default' }, 'foreign-b');
    agents.push(hostB);
    await hostB.process.waitForOutput(/"msg":"session established"/, 60_000);
    await hostB.process.waitForOutput(/not this instance's \(unmanaged\)/, 30_000);
    const taskB = await runSleeper(second);
    await new Promise((r) => setTimeout(r, 3_000));

    expect(await containerOf(taskA)).not.toBe('');
    expect((await berth(first, ['describe-tasks', '--tasks', taskA])).json().tasks[0]).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });
    expect(hostB.process.output().match(/not this instance's \(unmanaged\)/g)).toHaveLength(1);

    // And the other way round: A restarting (same data directory) keeps its own and leaves B's alone.
    await hostA.process.stop();
    restartAgent(hostA);
    await hostA.process.waitForOutput(/"msg":"session established"/, 60_000);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await containerOf(taskB)).not.toBe('');
    expect((await berth(second, ['describe-tasks', '--tasks', taskB])).json().tasks[0]).toMatchObject({ lastStatus: 'RUNNING' });
    expect((await berth(first, ['describe-tasks', '--tasks', taskA])).json().tasks[0]).toMatchObject({ lastStatus: 'RUNNING' });

    for (const [cp, task] of [[first, taskA], [second, taskB]] as const) {
      await berth(cp, ['stop-task', '--task', task]);
      await eventually(async () => ((await containerOf(task)) === '' ? true : undefined), 30_000, `${task} stopped`);
    }
  }, 180_000);
});
