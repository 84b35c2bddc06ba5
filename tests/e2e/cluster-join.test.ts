import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@berth/test-support';
import {
  berth,
  HEARTBEAT_TIMEOUT_MS,
  removeDir,
  restartAgent,
  startAgent,
  startControlPlane,
  type Agent,
  type ControlPlane,
} from './berth-fixture.js';

/**
 * The walking skeleton end to end: the real control plane (embedded storage), two real agents with
 * their own configs and data dirs, driven through the real CLI.
 */
describe('agents join a cluster', () => {
  let cp: ControlPlane;
  let blue: Agent;
  let green: Agent;
  const arns: Record<string, string> = {};

  const describeInstance = async (arn: string) => {
    const out = (await berth(cp, ['describe-container-instances', '--cluster', 'e2e', '--container-instances', arn])).json();
    return out.containerInstances[0];
  };
  const resource = (instance: any, list: string, name: string) => instance[list].find((r: any) => r.name === name);

  beforeAll(async () => {
    cp = await startControlPlane();
    expect((await berth(cp, ['create-cluster', '--cluster-name', 'e2e'])).json().cluster.clusterName).toBe('e2e');
    blue = await startAgent(cp, { ECS_CLUSTER: 'e2e', ECS_INSTANCE_ATTRIBUTES: '{"stack":"blue"}', ECS_RESERVED_MEMORY: '512' }, 'blue');
    green = await startAgent(cp, { ECS_CLUSTER: 'e2e', ECS_RESERVED_PORTS: '[22, 8080]' }, 'green');
    for (const [name, agent] of [['blue', blue], ['green', green]] as const) {
      const line = await agent.process.waitForOutput(/"msg":"session established"/, 60_000);
      arns[name] = JSON.parse(line).containerInstanceArn;
    }
  });

  afterAll(async () => {
    for (const agent of [blue, green]) await agent?.process.stop();
    await cp?.process.stop();
    for (const dir of [blue?.dir, green?.dir, cp?.dir]) await removeDir(dir);
  });

  it('registers both hosts with their resources and attributes', async () => {
    const listed = (await berth(cp, ['list-container-instances', '--cluster', 'e2e'])).json();
    expect(listed.containerInstanceArns.sort()).toEqual([arns.blue, arns.green].sort());

    const b = await describeInstance(arns.blue!);
    expect(b.status).toBe('ACTIVE');
    expect(b.agentConnected).toBe(true);
    expect(resource(b, 'registeredResources', 'CPU').integerValue).toBe(cpus().length * 1024);
    expect(resource(b, 'registeredResources', 'MEMORY').integerValue).toBe(Math.floor(totalmem() / 1024 / 1024) - 512);
    expect(resource(b, 'registeredResources', 'PORTS').stringSetValue).toEqual(['22', '2375', '2376', '51678', '51679']);
    expect(resource(b, 'remainingResources', 'MEMORY').integerValue).toBe(resource(b, 'registeredResources', 'MEMORY').integerValue);
    expect(b.attributes).toEqual(expect.arrayContaining([{ name: 'stack', value: 'blue' }, { name: 'ecs.os-type', value: 'linux' }]));
    expect(b.agentVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(new Date(b.registeredAt).getTime()).toBeGreaterThan(Date.now() - 10 * 60_000);

    const g = await describeInstance(arns.green!);
    expect(resource(g, 'registeredResources', 'PORTS').stringSetValue).toEqual(['22', '8080']);
    expect(resource(g, 'registeredResources', 'MEMORY').integerValue).toBe(Math.floor(totalmem() / 1024 / 1024));

    const cluster = (await berth(cp, ['describe-clusters', '--clusters', 'e2e'])).json().clusters[0];
    expect(cluster.registeredContainerInstancesCount).toBe(2);
  });

  it('puts, lists and deletes custom attributes, refusing bad ones without losing any', async () => {
    const put = await berth(cp, ['put-attributes', '--cluster', 'e2e', '--attributes', `name=color,value=green,targetId=${arns.green}`]);
    expect(put.code).toBe(0);
    const listed = (await berth(cp, ['list-attributes', '--cluster', 'e2e', '--target-type', 'container-instance', '--attribute-name', 'color'])).json();
    expect(listed.attributes).toEqual([{ name: 'color', value: 'green', targetType: 'container-instance', targetId: arns.green }]);

    const badName = await berth(cp, ['put-attributes', '--cluster', 'e2e', '--attributes', `name=bad name!,value=x,targetId=${arns.green}`]);
    expect(badName.code).not.toBe(0);
    expect(badName.stderr).toMatch(/InvalidParameterException.*attribute name/i);

    const tooMany = Array.from({ length: 10 }, (_, i) => `name=extra${i},value=v,targetId=${arns.green}`);
    const overLimit = await berth(cp, ['put-attributes', '--cluster', 'e2e', '--attributes', ...tooMany]);
    expect(overLimit.code).not.toBe(0);
    expect(overLimit.stderr).toMatch(/AttributeLimitExceededException/);

    const unknownTarget = await berth(cp, ['put-attributes', '--cluster', 'e2e', '--attributes', `name=x,value=y,targetId=${'0'.repeat(32)}`]);
    expect(unknownTarget.stderr).toMatch(/TargetNotFoundException/);

    const afterRefusals = await describeInstance(arns.green!);
    expect(afterRefusals.attributes).toContainEqual({ name: 'color', value: 'green' });
    expect(afterRefusals.attributes.some((a: any) => a.name.startsWith('extra'))).toBe(false);

    expect((await berth(cp, ['delete-attributes', '--cluster', 'e2e', '--attributes', `name=color,targetId=${arns.green}`])).code).toBe(0);
    expect((await describeInstance(arns.green!)).attributes.some((a: any) => a.name === 'color')).toBe(false);
  });

  it('drains a host and makes it active again', async () => {
    const drained = (await berth(cp, ['update-container-instances-state', '--cluster', 'e2e', '--container-instances', arns.green!, '--status', 'DRAINING'])).json();
    expect(drained.containerInstances[0].status).toBe('DRAINING');
    const draining = (await berth(cp, ['list-container-instances', '--cluster', 'e2e', '--status', 'DRAINING'])).json();
    expect(draining.containerInstanceArns).toEqual([arns.green]);

    const bad = await berth(cp, ['update-container-instances-state', '--cluster', 'e2e', '--container-instances', arns.green!, '--status', 'INACTIVE']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/InvalidParameterException/);

    const active = (await berth(cp, ['update-container-instances-state', '--cluster', 'e2e', '--container-instances', arns.green!, '--status', 'ACTIVE'])).json();
    expect(active.containerInstances[0].status).toBe('ACTIVE');
  });

  it('refuses to delete a cluster that still has instances, and keeps it intact', async () => {
    const result = await berth(cp, ['delete-cluster', '--cluster', 'e2e']);
    expect(result.code).toBe(254);
    expect(result.stderr).toMatch(/ClusterContainsContainerInstancesException/);
    const cluster = (await berth(cp, ['describe-clusters', '--clusters', 'e2e'])).json().clusters[0];
    expect(cluster).toMatchObject({ status: 'ACTIVE', registeredContainerInstancesCount: 2 });
  });

  it('marks a killed agent disconnected, and the restarted agent keeps its ARN', async () => {
    blue.process.child.kill('SIGKILL');
    await blue.process.exited;
    const start = Date.now();
    await eventually(async () => ((await describeInstance(arns.blue!)).agentConnected === false ? true : undefined), HEARTBEAT_TIMEOUT_MS * 2, 'blue disconnected');
    expect(Date.now() - start).toBeLessThan(HEARTBEAT_TIMEOUT_MS * 2);

    const restarted = restartAgent(blue);
    const line = await restarted.waitForOutput(/"msg":"session established"/, 60_000);
    expect(JSON.parse(line).containerInstanceArn).toBe(arns.blue);
    await eventually(async () => ((await describeInstance(arns.blue!)).agentConnected ? true : undefined), 10_000, 'blue connected');
    const listed = (await berth(cp, ['list-container-instances', '--cluster', 'e2e'])).json();
    expect(listed.containerInstanceArns).toHaveLength(2);
  });

  it('marks a silent (frozen) agent disconnected after the heartbeat timeout and connected when it speaks again', async () => {
    green.process.child.kill('SIGSTOP');
    try {
      await eventually(async () => ((await describeInstance(arns.green!)).agentConnected === false ? true : undefined), HEARTBEAT_TIMEOUT_MS * 3, 'green disconnected');
    } finally {
      green.process.child.kill('SIGCONT');
    }
    await eventually(async () => ((await describeInstance(arns.green!)).agentConnected ? true : undefined), HEARTBEAT_TIMEOUT_MS * 4, 'green connected again');
  });

  it('re-registration picks up a changed ECS_RESERVED_MEMORY', async () => {
    await blue.process.stop();
    const config = await readFile(blue.configPath, 'utf8');
    await writeFile(blue.configPath, config.replace('ECS_RESERVED_MEMORY=512', 'ECS_RESERVED_MEMORY=1024'));
    await restartAgent(blue).waitForOutput(/"msg":"session established"/, 60_000);
    const b = await describeInstance(arns.blue!);
    expect(resource(b, 'registeredResources', 'MEMORY').integerValue).toBe(Math.floor(totalmem() / 1024 / 1024) - 1024);
  });

  it('refuses an agent whose saved ARN belongs to another cluster (exit 5), storing nothing', async () => {
    expect((await berth(cp, ['create-cluster', '--cluster-name', 'other'])).code).toBe(0);
    // Saved state claims cluster "other" but carries blue's ARN from cluster "e2e".
    const savedState = { version: 1, cluster: 'other', containerInstanceArn: arns.blue, savedAt: new Date().toISOString() };
    const thief = await startAgent(cp, { ECS_CLUSTER: 'other' }, 'thief', { savedState });
    try {
      expect(await thief.process.exited).toBe(5);
      expect(thief.process.output()).toMatch(/Data mismatch/);
      const other = (await berth(cp, ['list-container-instances', '--cluster', 'other'])).json();
      expect(other.containerInstanceArns ?? []).toEqual([]);
      expect((await describeInstance(arns.blue!)).status).toBe('ACTIVE');
    } finally {
      await removeDir(thief.dir);
    }
  });
});
