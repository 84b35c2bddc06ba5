import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { storeBackends, type StoreBackend } from '@berth/state-store/testing';
import type { Caller } from '../caller.js';
import { refusal, useAppHarness, webDefinition, type AppHarness } from '../testing/app-harness.js';
import { bootstrapSecurity } from './bootstrap.js';
import { SecretBox } from './secret-box.js';
import { authenticate } from './credentials.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON, checked by the assertions


describe.each(storeBackends)('credentials, scopes, policy, throttling and audit on %s', (_kind, start) => {
  const current = useAppHarness(start);
  let h: AppHarness;
  let backend: StoreBackend;
  beforeEach(() => {
    ({ h, backend } = current);
  });

  /** A key made through CreateAccessKey, authenticated as a request would be. */
  const key = async (request: object): Promise<{ caller: Caller; id: string; secret: string }> => {
    const made: Json = await h.call('CreateAccessKey', request);
    const { accessKeyId: id, secretAccessKey: secret } = made.accessKey;
    return { caller: await authenticate(h.app, { accessKeyId: id, secret }), id, secret };
  };

  it('the first start makes an admin key and the default cluster; later starts make none', async () => {
    await backend.reset();
    const first = await bootstrapSecurity(h.app);
    expect(first?.key).toMatchObject({ role: 'admin' });
    expect(await backend.store.read.findCluster('default')).toMatchObject({ status: 'ACTIVE' });
    expect(await bootstrapSecurity(h.app)).toBeUndefined();
    const caller = await authenticate(h.app, { accessKeyId: first!.key.accessKeyId, secret: first!.secret });
    expect(caller).toMatchObject({ role: 'admin' });
    expect(await backend.store.read.findAccessKey(first!.key.accessKeyId)).not.toHaveProperty('secret');
    expect((await backend.store.read.findAccessKey(first!.key.accessKeyId))!.sealedSecret).not.toContain(first!.secret);
  });

  it('refuses to start with a server key that does not open the stored secrets', async () => {
    await key({ role: 'read-only' });
    const otherKey = { ...h.app, secrets: new SecretBox(randomBytes(32)) };
    await expect(bootstrapSecurity(otherKey)).rejects.toThrow(/server key does not open the secrets .*BERTH_SERVER_KEY/);
    await expect(bootstrapSecurity(h.app)).resolves.toBeUndefined();
  });

  it('authentication: no credential, an unknown key and a wrong secret are refused alike', async () => {
    const { id, secret } = await key({ role: 'read-only' });
    expect((await refusal(authenticate(h.app, undefined))).name).toBe('MissingAuthenticationTokenException');
    expect((await refusal(authenticate(h.app, { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secret }))).name).toBe('UnrecognizedClientException');
    expect((await refusal(authenticate(h.app, { accessKeyId: id, secret: secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }))).name).toBe('UnrecognizedClientException');
    expect((await refusal(authenticate(h.app, { accessKeyId: id, secret: 'short' }))).name).toBe('UnrecognizedClientException');
  });

  it('roles: read-only reads, cannot RunTask or make keys; operator runs tasks, cannot make keys or clusters', async () => {
    await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    const reader = (await key({ role: 'read-only' })).caller;
    const operator = (await key({ role: 'operator' })).caller;
    expect(((await h.call('DescribeClusters', { clusters: ['c'] }, reader)) as Json).clusters).toHaveLength(1);
    expect(await refusal(h.call('RunTask', { cluster: 'c', taskDefinition: 'web' }, reader))).toEqual({
      name: 'AccessDeniedException',
      message: `${reader.name} is not authorized to perform RunTask: it needs the operator role.`,
    });
    expect(((await h.call('RunTask', { cluster: 'c', taskDefinition: 'web' }, operator)) as Json).tasks).toHaveLength(1);
    expect((await refusal(h.call('CreateAccessKey', { role: 'admin' }, operator))).name).toBe('AccessDeniedException');
    expect((await refusal(h.call('CreateCluster', { clusterName: 'x' }, operator))).name).toBe('AccessDeniedException');
  });

  it('an operator key for cluster A sees and touches nothing of cluster B', async () => {
    await h.call('CreateCluster', { clusterName: 'b' });
    await h.addInstance('b');
    await h.call('RegisterTaskDefinition', webDefinition());
    const [task]: Json[] = ((await h.call('RunTask', { cluster: 'b', taskDefinition: 'web' })) as Json).tasks;
    const scoped = (await key({ role: 'operator', clusters: ['c'] })).caller;
    const attempts: [string, object][] = [
      ['DescribeTasks', { cluster: 'b', tasks: [task!.taskArn] }],
      ['StopTask', { cluster: 'arn:aws:ecs:local:000000000000:cluster/b', task: task!.taskArn }],
      ['ListTasks', { cluster: 'b' }],
      ['ListContainerInstances', { cluster: 'b' }],
      ['DescribeClusters', { clusters: ['c', 'b'] }],
      ['CreateJoinToken', { cluster: 'b' }],
      ['RunTask', { taskDefinition: 'web' }],
    ];
    for (const [operation, request] of attempts) {
      const error = await refusal(h.call(operation as 'RunTask', request, scoped));
      expect(error.name, operation).toBe('AccessDeniedException');
      expect(error.message, operation).toMatch(/may act only on the clusters c, not (b|default)/);
    }
    expect(((await h.call('ListClusters', {}, scoped)) as Json).clusterArns).toEqual(['arn:aws:ecs:local:000000000000:cluster/c']);
    for (const [operation, request] of [['RegisterTaskDefinition', webDefinition()], ['DeregisterTaskDefinition', { taskDefinition: 'web:1' }]] as const) {
      expect((await refusal(h.call(operation, request, scoped))).message, operation).toMatch(/not limited to some clusters/);
    }
    expect(((await h.call('DescribeTaskDefinition', { taskDefinition: 'web' }, scoped)) as Json).taskDefinition.status).toBe('ACTIVE');
    expect((await backend.store.read.findTask('b', task!.taskArn.split('/').at(-1)))!.desiredStatus).toBe('RUNNING');
    const scopedAdmin = (await key({ role: 'admin', clusters: ['c'] })).caller;
    expect((await refusal(h.call('CreateAccessKey', { role: 'read-only' }, scopedAdmin))).message).toMatch(/not limited to some clusters/);
  });

  it('an agent credential calls no public operation', async () => {
    const { agent } = await h.addInstance('c');
    expect((await refusal(h.call('DescribeClusters', {}, agent))).message).toMatch(/an agent credential can only speak the agent protocol/);
  });

  it('access keys: listed without secrets, deleted keys stop working, a key cannot delete itself, bad input refused', async () => {
    const made = await key({ role: 'read-only', description: 'ci' });
    const listed: Json = await h.call('ListAccessKeys', {});
    const entry = listed.accessKeys.find((k: Json) => k.accessKeyId === made.id);
    expect(entry).toMatchObject({ role: 'read-only', description: 'ci', status: 'Active' });
    expect(entry).not.toHaveProperty('secretAccessKey');
    const admin = await key({ role: 'admin' });
    expect((await refusal(h.call('DeleteAccessKey', { accessKeyId: admin.id }, admin.caller))).message).toMatch(/cannot delete itself/);
    await h.call('DeleteAccessKey', { accessKeyId: made.id }, admin.caller);
    expect((await refusal(authenticate(h.app, { accessKeyId: made.id, secret: made.secret }))).name).toBe('UnrecognizedClientException');
    expect((await refusal(h.call('CreateAccessKey', { role: 'root' }))).message).toMatch(/role must be admin, operator or read-only/);
    expect((await refusal(h.call('CreateAccessKey', { role: 'operator', clusters: ['nope'] }))).name).toBe('ClusterNotFoundException');
    expect((await refusal(h.call('CreateAccessKey', { role: 'operator', runTaskBurst: 5 }))).message).toMatch(/go together/);
  });

  it('throttles task launches per credential (ECS: burst 100, then 40/s), recovers with time, and a key may be given more', async () => {
    await h.addInstance('c', { resources: { memory: 1_000_000 } });
    await h.call('RegisterTaskDefinition', webDefinition());
    const slow = (await key({ role: 'operator', runTaskBurst: 3, runTaskPerSecond: 1 })).caller;
    for (let i = 0; i < 3; i++) await h.call('RunTask', { cluster: 'c', taskDefinition: 'web' }, slow);
    expect(await refusal(h.call('RunTask', { cluster: 'c', taskDefinition: 'web' }, slow))).toEqual({ name: 'ThrottlingException', message: 'Rate exceeded' });
    h.advance(1.1);
    expect(((await h.call('RunTask', { cluster: 'c', taskDefinition: 'web' }, slow)) as Json).tasks).toHaveLength(1);
    const other = (await key({ role: 'operator' })).caller;
    expect(((await h.call('RunTask', { cluster: 'c', taskDefinition: 'web' }, other)) as Json).tasks).toHaveLength(1);
    expect((await backend.store.read.listTasks({ clusterName: 'c', desiredStatus: 'RUNNING', limit: 100 })).length).toBe(5);
    const audited: Json = await h.call('ListAuditEvents', { principal: slow.name });
    expect(audited.auditEvents.map((e: Json) => e.result)).toEqual(['OK', 'OK', 'OK', 'OK']);
  });

  it('the default policy refuses privileged containers, host paths, host networking and other registries; an admin can allow each', async () => {
    await h.addInstance('c');
    const cases: [string, object, RegExp][] = [
      ['priv', webDefinition('priv', {}, { privileged: true }), /container 'web' is privileged \(berthAllowPrivileged\)/],
      ['root', webDefinition('root', { volumes: [{ name: 'root', host: { sourcePath: '/' } }] }, { mountPoints: [{ sourceVolume: 'root', containerPath: '/host' }] }), /volume 'root' mounts the host path \/ \(berthAllowHostPaths\)/],
      ['hostnet', webDefinition('hostnet', { networkMode: 'host' }), /networkMode is host \(berthAllowHostNetwork\)/],
      ['evil', webDefinition('evil', {}, { image: 'evil.example.com/miner:1' }), /image from evil.example.com, not an allowed registry/],
    ];
    for (const [family, definition, message] of cases) {
      await h.call('RegisterTaskDefinition', definition);
      for (const attempt of [
        () => h.call('RunTask', { cluster: 'c', taskDefinition: family }),
        () => h.call('CreateService', { cluster: 'c', serviceName: family, taskDefinition: family, desiredCount: 1 }),
      ]) {
        const error = await refusal(attempt());
        expect(error.name, family).toBe('ClientException');
        expect(error.message, family).toMatch(message);
      }
    }
    expect(await backend.store.read.listTasks({ clusterName: 'c', desiredStatus: 'RUNNING', limit: 10 })).toEqual([]);
    const updated: Json = await h.call('UpdateClusterSettings', { cluster: 'c', settings: [{ name: 'berthAllowPrivileged', value: 'true' }, { name: 'berthAllowedRegistries', value: 'docker.io,evil.example.com' }] });
    expect(updated.cluster.settings).toEqual(expect.arrayContaining([{ name: 'berthAllowPrivileged', value: 'true' }]));
    expect(((await h.call('RunTask', { cluster: 'c', taskDefinition: 'priv' })) as Json).tasks).toHaveLength(1);
    expect(((await h.call('RunTask', { cluster: 'c', taskDefinition: 'evil' })) as Json).tasks).toHaveLength(1);
    expect((await refusal(h.call('RunTask', { cluster: 'c', taskDefinition: 'root' }))).name).toBe('ClientException');
    const operator = (await key({ role: 'operator' })).caller;
    expect((await refusal(h.call('UpdateClusterSettings', { cluster: 'c', settings: [{ name: 'berthAllowHostPaths', value: 'true' }] }, operator))).name).toBe('AccessDeniedException');
    expect((await refusal(h.call('UpdateClusterSettings', { cluster: 'c', settings: [{ name: 'berthAllowHostPaths', value: 'yes' }] }))).message).toMatch(/is not valid for berthAllowHostPaths/);
  });

  it('records every mutating call, refused ones too, and lists them newest first by cluster and principal', async () => {
    const operator = (await key({ role: 'operator' })).caller;
    await h.call('RegisterTaskDefinition', webDefinition(), operator);
    await refusal(h.call('CreateCluster', { clusterName: 'x' }, operator));
    await h.call('DescribeClusters', {}, operator);
    const events: Json = await h.call('ListAuditEvents', { principal: operator.name });
    expect(events.auditEvents.map((e: Json) => [e.operation, e.result, e.target])).toEqual([
      ['CreateCluster', 'AccessDeniedException', 'x'],
      ['RegisterTaskDefinition', 'OK', 'web'],
    ]);
    expect(typeof events.auditEvents[0].at).toBe('number');
    const inC: Json = await h.call('ListAuditEvents', { cluster: 'c' });
    expect(inC.auditEvents.every((e: Json) => e.clusterArn === 'arn:aws:ecs:local:000000000000:cluster/c')).toBe(true);
    const page: Json = await h.call('ListAuditEvents', { maxResults: 1 });
    expect(page.auditEvents).toHaveLength(1);
    const next: Json = await h.call('ListAuditEvents', { maxResults: 1, nextToken: page.nextToken });
    expect(Number(next.auditEvents[0].id)).toBeLessThan(Number(page.auditEvents[0].id));
    expect((await refusal(h.call('ListAuditEvents', { since: 'yesterday' }))).message).toMatch(/since must be an instant/);
  });
});
