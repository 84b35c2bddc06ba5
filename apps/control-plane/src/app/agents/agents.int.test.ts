import { beforeEach, describe, expect, it } from 'vitest';
import { storeBackends, type StoreBackend } from '@berth/state-store/testing';
import { refusal, useAppHarness, webDefinition, type AppHarness } from '../testing/app-harness.js';
import { loadBerthGrpc } from '@berth/proto';
import { DESIRED_PART_BYTES } from '../../grpc/agent-wire.js';
import { applyStateReport, applyStateReports, type ReportedChange } from './apply-report.js';
import { StateReportBatcher } from './report-batcher.js';
import { desiredTasksFor } from './desired-tasks.js';
import { registerContainerInstance } from './register.js';
import { acceptHello, agentDisconnected, agentHeartbeat, SessionRefused } from './session.js';
import { authenticate } from '../security/credentials.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON, checked by the assertions

const change = (taskArn: string, status: ReportedChange['status'], over: Partial<ReportedChange> = {}): ReportedChange => ({
  taskArn,
  status,
  reason: '',
  containers: [{ name: 'web', status: status === 'PENDING' ? 'CREATED' : status, runtimeId: 'r1', imageDigest: '', reason: '', networkBindings: [], healthStatus: '' }],
  ...over,
});

describe.each(storeBackends)('the agent protocol, application side, on %s', (_kind, start) => {
  const current = useAppHarness(start);
  let h: AppHarness;
  let backend: StoreBackend;
  beforeEach(() => {
    ({ h, backend } = current);
  });

  const registration = (over: object = {}) => ({
    cluster: 'c',
    hostname: 'h',
    resources: { cpu: 1024, memory: 2048, ports: [22], portsUdp: [] },
    attributes: [{ name: 'ecs.os-type', value: 'linux' }],
    tags: [],
    agentVersion: '1',
    dockerVersion: '2',
    ...over,
  });
  const withToken = async (cluster = 'c', request: object = {}) => ({ kind: 'join-token' as const, token: await h.joinToken(cluster, request) });
  const asAgent = async (registered: { agentAccessKeyId: string; agentSecretAccessKey: string }) => ({
    kind: 'agent' as const,
    caller: await authenticate(h.app, { accessKeyId: registered.agentAccessKeyId, secret: registered.agentSecretAccessKey }),
  });
  const instances = () => backend.store.read.listContainerInstances({ clusterName: 'c', limit: 10 });

  it('registers a host with a join token, then re-registers it with its own credential, which rotates', async () => {
    const first = await registerContainerInstance(h.app, registration(), await withToken());
    expect(first.agentAccessKeyId).toMatch(/^ABIA[A-Z2-7]{16}$/);
    const again = await registerContainerInstance(h.app, registration({ savedArn: first.containerInstanceArn, resources: { cpu: 1024, memory: 1000, ports: [], portsUdp: [] } }), await asAgent(first));
    expect(again.containerInstanceArn).toBe(first.containerInstanceArn);
    expect(again.agentAccessKeyId).not.toBe(first.agentAccessKeyId);
    const id = first.containerInstanceArn.split('/').at(-1)!;
    expect((await backend.store.read.findContainerInstance('c', id))!.registeredResources.memory).toBe(1000);
    // The replaced credential keeps working for an hour, then no more.
    h.app.credentials.forget(first.agentAccessKeyId);
    await expect(asAgent(first)).resolves.toMatchObject({ caller: { instanceId: id } });
    h.advance(3601);
    h.app.credentials.forget(first.agentAccessKeyId);
    expect((await refusal(asAgent(first))).name).toBe('UnrecognizedClientException');
    await expect(asAgent(again)).resolves.toMatchObject({ caller: { instanceId: id, role: 'agent' } });
  });

  it.each([
    ['an unknown cluster', { cluster: 'nope' }, 'ClusterNotFoundException', /Cluster 'nope' not found/],
    ['a saved ARN of another cluster', { savedArn: `arn:aws:ecs:local:000000000000:container-instance/other/${'a'.repeat(32)}` }, 'ClientException', /Data mismatch/],
    ['a bad cluster name', { cluster: 'has spaces' }, 'InvalidParameterException', /Invalid cluster name/],
  ])('refuses registration with %s, storing nothing', async (_name, over, errorName, message) => {
    const error = await refusal(registerContainerInstance(h.app, registration(over), await withToken()));
    expect(error.name).toBe(errorName);
    expect(error.message).toMatch(message);
    expect(await instances()).toEqual([]);
  });

  it('hosts joining at once: with an unlimited token all register and every use is counted; with a limit, exactly that many', async () => {
    const open = await withToken();
    const joined = await Promise.all(Array.from({ length: 8 }, (_, i) => registerContainerInstance(h.app, registration({ hostname: `open-${i}` }), open)));
    expect(new Set(joined.map((j) => j.containerInstanceArn)).size).toBe(8);
    const limited = await withToken('c', { maxUses: 3 });
    const raced = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => registerContainerInstance(h.app, registration({ hostname: `limited-${i}` }), limited)));
    expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const uses = async (token: string) => {
      const listed = (await h.call('ListJoinTokens', { cluster: 'c' })) as Json;
      return listed.joinTokens.find((t: Json) => token.includes(`.${t.joinTokenId}.`))?.uses;
    };
    expect(await uses(open.token)).toBe(8);
    expect(await uses(limited.token)).toBe(3);
  });

  it('refuses expired, revoked, exhausted, forged, malformed and other clusters\' join tokens, each saying what to do', async () => {
    await h.call('CreateCluster', { clusterName: 'other' });
    const expired = await withToken('c', { ttl: '1m' });
    const once = await withToken('c', { maxUses: 1 });
    const revokedToken = await h.call('CreateJoinToken', { cluster: 'c' });
    const revokedId = (revokedToken as { joinToken: { joinTokenId: string; token: string } }).joinToken;
    await h.call('RevokeJoinToken', { cluster: 'c', joinTokenId: revokedId.joinTokenId });
    await registerContainerInstance(h.app, registration(), once);
    const good = await h.joinToken('c');
    const forged = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    h.advance(61);
    const cases: [string, { kind: 'join-token'; token: string }, RegExp][] = [
      ['expired', expired, /expired at .*create a new one with berth create-join-token --cluster c/],
      ['revoked', { kind: 'join-token', token: revokedId.token }, /was revoked/],
      ['exhausted', once, /already used 1 of 1 times/],
      ['forged', { kind: 'join-token', token: forged }, /join token is not valid/],
      ['malformed', { kind: 'join-token', token: 'letmein' }, /malformed/],
      ['another cluster\'s', await withToken('other'), /is for cluster 'other', not 'c'/],
    ];
    for (const [name, proof, message] of cases) {
      const error = await refusal(registerContainerInstance(h.app, registration({ hostname: name }), proof));
      expect(error.name, name).toBe('AccessDeniedException');
      expect(error.message, name).toMatch(message);
    }
    expect((await instances()).map((i) => i.hostname)).toEqual(['h']);
  });

  it('a host cannot take over another instance: not with a join token, an API key or another instance\'s credential', async () => {
    const victim = await registerContainerInstance(h.app, registration({ hostname: 'victim' }), await withToken());
    const attacker = await registerContainerInstance(h.app, registration({ hostname: 'attacker' }), await withToken());
    const apiKey = { kind: 'agent' as const, caller: (await h.addInstance('c', { connect: false })).agent };
    const admin = { kind: 'agent' as const, caller: { name: 'AKIAADMIN', role: 'admin' as const, launchRate: { burst: 1, perSecond: 1 } } };
    for (const proof of [await withToken(), await asAgent(attacker), apiKey, admin]) {
      const error = await refusal(registerContainerInstance(h.app, registration({ savedArn: victim.containerInstanceArn, hostname: 'attacker', resources: { cpu: 99_999, memory: 999_999, ports: [], portsUdp: [] } }), proof));
      expect(error.name).toBe('AccessDeniedException');
    }
    const id = victim.containerInstanceArn.split('/').at(-1)!;
    expect((await backend.store.read.findContainerInstance('c', id))!).toMatchObject({ hostname: 'victim', registeredResources: { memory: 2048 } });
    const hello = await acceptHello(h.app, { containerInstanceArn: victim.containerInstanceArn, cluster: 'c' }, (await asAgent(attacker)).caller, () => {
      throw new Error('must not attach');
    }).catch((e: unknown) => e);
    expect((hello as SessionRefused).kind).toBe('forbidden');
  });

  it('refuses a hello from an instance that is not registered (the agent registers again) or a malformed ARN', async () => {
    const { agent } = await h.addInstance('c', { connect: false });
    const unknown = await acceptHello(h.app, { containerInstanceArn: `arn:aws:ecs:local:000000000000:container-instance/c/${agent.instanceId}`, cluster: 'other' }, agent, () => {
      throw new Error('must not attach');
    }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(SessionRefused);
    expect((unknown as SessionRefused).kind).toBe('unknown-instance');
    const malformed = await acceptHello(h.app, { containerInstanceArn: 'not-an-arn!', cluster: 'c' }, agent, () => undefined).catch((e: unknown) => e);
    expect((malformed as SessionRefused).kind).toBe('protocol');
  });

  it('a hello connects the instance and answers with the last applied report sequence; a disconnect and a heartbeat move the flag', async () => {
    const host = await h.addInstance('c', { connect: false });
    const accepted = await acceptHello(h.app, { containerInstanceArn: host.arn, cluster: 'c' }, host.agent, () => undefined);
    expect(accepted.welcome).toEqual({ heartbeatIntervalMs: 10_000, heartbeatTimeoutMs: 30_000, lastAppliedReportSequence: 0 });
    expect((await backend.store.read.findContainerInstance('c', host.id))!.agentConnected).toBe(true);
    await agentDisconnected(h.app, host.id);
    expect((await backend.store.read.findContainerInstance('c', host.id))!.agentConnected).toBe(false);
    h.advance(5);
    await agentHeartbeat(h.app, host.id);
    const back = (await backend.store.read.findContainerInstance('c', host.id))!;
    expect(back.agentConnected).toBe(true);
    expect(back.lastHeartbeatAt).toEqual(h.app.now());
  });

  it('applies a report once per sequence, moves status forward only, recomputes usage and kicks the services', async () => {
    const host = await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    const [task]: Json[] = ((await h.call('RunTask', { cluster: 'c', taskDefinition: 'web' })) as Json).tasks;
    const kicksBefore = h.kicks();
    expect(await applyStateReport(h.app, host.id, { sequence: 1, tasks: [change(task!.taskArn, 'RUNNING')] })).toEqual({ statusChanged: true });
    expect(h.kicks()).toBe(kicksBefore + 1);
    // A redelivery of sequence 1 with other content changes nothing.
    expect(await applyStateReport(h.app, host.id, { sequence: 1, tasks: [change(task!.taskArn, 'STOPPED')] })).toEqual({ statusChanged: false });
    // A late PENDING does not move it back.
    await applyStateReport(h.app, host.id, { sequence: 2, tasks: [change(task!.taskArn, 'PENDING')] });
    const stored = (await backend.store.read.findTask('c', task!.taskArn.split('/').at(-1)))!;
    expect(stored.lastStatus).toBe('RUNNING');
    const instance = (await backend.store.read.findContainerInstance('c', host.id))!;
    expect([instance.runningTasksCount, instance.pendingTasksCount, instance.lastReportSequence]).toEqual([1, 0, 2]);
  });

  it('applies many hosts\' reports in one call, each by its own sequence; a task reported twice in a report merges both changes', async () => {
    const [a, b, c] = [await h.addInstance('c'), await h.addInstance('c'), await h.addInstance('c')];
    await h.call('RegisterTaskDefinition', webDefinition());
    const on = async (host: { id: string }) => ((await h.call('StartTask', { cluster: 'c', taskDefinition: 'web', containerInstances: [host.id] })) as Json).tasks[0].taskArn as string;
    const [ta, tb, tc] = [await on(a), await on(b), await on(c)];
    await applyStateReport(h.app, b.id, { sequence: 1, tasks: [change(tb, 'PENDING')] });
    const kicksBefore = h.kicks();
    const pulled = { pullStartedAt: h.app.now(), pullStoppedAt: h.app.now() };
    const outcomes = await applyStateReports(h.app, [
      { instanceId: a.id, report: { sequence: 1, tasks: [change(ta, 'PENDING', pulled), change(ta, 'RUNNING'), change(tb, 'STOPPED')] } },
      { instanceId: b.id, report: { sequence: 1, tasks: [change(tb, 'STOPPED')] } },
      { instanceId: c.id, report: { sequence: 2_000_000, tasks: [change(tc, 'RUNNING')] } },
    ]);
    expect(outcomes[0]).toEqual({ statusChanged: true });
    expect(outcomes[1]).toEqual({ statusChanged: false });
    expect((outcomes[2] as Error).message).toMatch(/stateReport\.sequence 2000000 is more than 1000000 past the last one applied/);
    expect(h.kicks()).toBe(kicksBefore + 1);
    const task = async (arn: string) => (await backend.store.read.findTask('c', arn.split('/').at(-1)!))!;
    expect(await task(ta)).toMatchObject({ lastStatus: 'RUNNING', ...pulled, version: 2 });
    expect((await task(tb)).lastStatus).toBe('PENDING');
    expect((await task(tc)).lastStatus).toBe('PROVISIONING');
    const instance = async (id: string) => (await backend.store.read.findContainerInstance('c', id))!;
    expect([(await instance(a.id)).runningTasksCount, (await instance(a.id)).lastReportSequence]).toEqual([1, 1]);
    expect((await instance(c.id)).lastReportSequence).toBe(0);
  });

  it('the report batcher keeps each host\'s reports in order and fails only the report that breaks a statement', async () => {
    const [a, b] = [await h.addInstance('c'), await h.addInstance('c')];
    await h.call('RegisterTaskDefinition', webDefinition());
    const on = async (host: { id: string }) => ((await h.call('StartTask', { cluster: 'c', taskDefinition: 'web', containerInstances: [host.id] })) as Json).tasks[0].taskArn as string;
    const [ta, tb] = [await on(a), await on(b)];
    const batcher = new StateReportBatcher(h.app);
    // Sent at once: a's second report waits for a batch after its first.
    const [first, second, broken] = await Promise.allSettled([
      batcher.submit(a.id, { sequence: 1, tasks: [change(ta, 'PENDING')] }),
      batcher.submit(a.id, { sequence: 2, tasks: [change(ta, 'RUNNING')] }),
      // A NUL cannot be stored (the wire refuses it; here it stands for any statement that fails).
      batcher.submit(b.id, { sequence: 1, tasks: [change(tb, 'STOPPED', { reason: 'bad\u0000' })] }),
    ]);
    expect(first).toEqual({ status: 'fulfilled', value: { statusChanged: true } });
    expect(second).toEqual({ status: 'fulfilled', value: { statusChanged: true } });
    expect(broken.status).toBe('rejected');
    expect((await backend.store.read.findTask('c', ta.split('/').at(-1)!))!.lastStatus).toBe('RUNNING');
    expect((await backend.store.read.findTask('c', tb.split('/').at(-1)!))!.lastStatus).toBe('PROVISIONING');
    expect((await backend.store.read.findContainerInstance('c', a.id))!.lastReportSequence).toBe(2);
    expect((await backend.store.read.findContainerInstance('c', b.id))!.lastReportSequence).toBe(0);
    // The host whose report failed goes on once it sends a good one.
    await expect(batcher.submit(b.id, { sequence: 1, tasks: [change(tb, 'RUNNING')] })).resolves.toEqual({ statusChanged: true });
  });

  it('ignores what an agent reports about a task placed on another instance', async () => {
    const a = await h.addInstance('c');
    const b = await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    const out: Json = await h.call('StartTask', { cluster: 'c', taskDefinition: 'web', containerInstances: [a.id] });
    await applyStateReport(h.app, b.id, { sequence: 1, tasks: [change(out.tasks[0].taskArn, 'STOPPED'), change('not-an-arn', 'RUNNING')] });
    expect((await backend.store.read.findTask('c', out.tasks[0].taskArn.split('/').at(-1)))!.lastStatus).toBe('PROVISIONING');
  });

  it('a desired set lists the tasks not yet STOPPED there, with their definitions, in increasing sequence', async () => {
    const host = await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    const out: Json = await h.call('RunTask', { cluster: 'c', taskDefinition: 'web', count: 2 });
    const first = await desiredTasksFor(h.app, host.id);
    expect(first.tasks.map((t) => t.task.arn).sort()).toEqual(out.tasks.map((t: Json) => t.taskArn).sort());
    expect(first.tasks[0]!.definition.family).toBe('web');
    await h.call('StopTask', { cluster: 'c', task: out.tasks[0].taskArn });
    const second = await desiredTasksFor(h.app, host.id);
    expect(second.sequence).toBeGreaterThan(first.sequence);
    expect(second.tasks.map((t) => t.task.arn)).toEqual([out.tasks[1].taskArn]);
  });

  it('launches landing on one host at once: every caller returns after a set that has its task, and no launch costs more than one set', async () => {
    const host = await h.addInstance('c', { resources: { cpu: 100_000, memory: 100_000 } });
    await h.call('RegisterTaskDefinition', webDefinition('burst', {}, { memory: 16 }));
    const setsBefore = h.desiredSets(host.id).length;
    const launched = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const answer = (await h.call('RunTask', { cluster: 'c', taskDefinition: 'burst' })) as Json;
        const arn: string = answer.tasks[0].taskArn;
        // By the time RunTask answered, a set naming its task has gone to the host.
        expect(h.desiredSets(host.id).some((set) => set.tasks!.some((t) => t.taskArn === arn))).toBe(true);
        return arn;
      }),
    );
    const sets = h.desiredSets(host.id).slice(setsBefore);
    expect(sets.length).toBeLessThanOrEqual(8); // fewer when pushes overlap and coalesce
    expect(new Set(sets.at(-1)!.tasks!.map((t) => t.taskArn))).toEqual(new Set(launched));
  });

  it('sends a desired set over 4 MiB in parts of at most 1 MiB that share its sequence (70 tasks of a 60 KiB definition)', async () => {
    const host = await h.addInstance('c', { resources: { cpu: 100_000, memory: 100_000 } });
    await h.call('RegisterTaskDefinition', webDefinition('big', {}, { memory: 16, environment: [{ name: 'BLOB', value: 'x'.repeat(60_000) }] }));
    for (let burst = 0; burst < 7; burst++) await h.call('RunTask', { cluster: 'c', taskDefinition: 'big', count: 10 });
    const sets = h.desiredSets(host.id);
    const newest = Math.max(...sets.map((set) => Number(set.sequence)));
    const parts = sets.filter((set) => Number(set.sequence) === newest);
    const serialize = loadBerthGrpc().grpc.berth.v1.AgentService.service.Session.responseSerialize;
    const sizes = parts.map((part) => serialize({ desiredTasks: part }).length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(4 * 1024 * 1024);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(DESIRED_PART_BYTES);
    expect(parts.map((part) => [part.part, part.parts])).toEqual(parts.map((_, index) => [index, parts.length]));
    expect(new Set(parts.flatMap((part) => part.tasks!.map((task) => task.taskArn))).size).toBe(70);
    // A small set is still one message, as before parts existed.
    expect(sets.filter((set) => Number(set.sequence) < newest)[0]).toMatchObject({ part: 0, parts: 0 });
  });

  it("DescribeTasks says whether a task's agent is connected, and since when it is silent when not", async () => {
    const host = await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    const arn: string = ((await h.call('RunTask', { cluster: 'c', taskDefinition: 'web' })) as Json).tasks[0].taskArn;
    expect(((await h.call('DescribeTasks', { cluster: 'c', tasks: [arn] })) as Json).tasks[0]).toMatchObject({ connectivity: 'CONNECTED' });
    h.advance(5);
    await agentDisconnected(h.app, host.id);
    const described = ((await h.call('DescribeTasks', { cluster: 'c', tasks: [arn] })) as Json).tasks[0];
    expect(described).toMatchObject({ connectivity: 'DISCONNECTED', desiredStatus: 'RUNNING' });
    expect(described.connectivityAt).toEqual(expect.any(Number));
  });

  it('deregistering with force ends the instance\'s tasks with the reason instead of leaving them RUNNING', async () => {
    const host = await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    const out: Json = await h.call('RunTask', { cluster: 'c', taskDefinition: 'web', count: 2 });
    expect((await refusal(h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: host.arn }))).message).toMatch(/Found running tasks/);
    const gone: Json = await h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: host.arn, force: true });
    expect(gone.containerInstance).toMatchObject({ status: 'INACTIVE', runningTasksCount: 0, pendingTasksCount: 0 });
    const described: Json = await h.call('DescribeTasks', { cluster: 'c', tasks: out.tasks.map((t: Json) => t.taskArn) });
    for (const task of described.tasks) {
      expect(task).toMatchObject({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: expect.stringMatching(/was deregistered with force; its containers are no longer tracked/) });
      expect(task.containers.every((c: Json) => c.lastStatus === 'STOPPED')).toBe(true);
    }
  });

  it('deregistering ends the agent session with InstanceDeregistered and revokes its credential', async () => {
    const host = await h.addInstance('c');
    await h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: host.arn });
    expect(h.sent.get(host.id)?.at(-1)).toEqual({ error: { code: 'InstanceDeregistered', message: 'The container instance was deregistered.' } });
    expect(h.sessions.has(host.id)).toBe(false);
    const keys = await backend.store.read.findAccessKey(host.agent.name);
    expect(keys).toBeUndefined();
  });
});
