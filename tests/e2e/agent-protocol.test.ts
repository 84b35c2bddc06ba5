import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentServiceClient } from '@berth/api-client';
import type { wire } from '@berth/proto';
import { berth, ecsClient, joinToken, removeDir, startControlPlane, type ControlPlane } from './berth-fixture.js';

/**
 * The agent protocol and public API facing bad input: every refusal names the problem, and what
 * is stored stays as it was.
 */
describe('agent protocol and API bad input', () => {
  let cp: ControlPlane;
  let client: wire.AgentServiceClient;
  let arn: string;
  let token: string;
  let agentAuth: string;

  const metadata = (authorization: string) => {
    const md = new grpc.Metadata();
    md.set('authorization', authorization);
    return md;
  };
  const register = (request: wire.RegisterRequest, authorization = `JoinToken ${token}`) =>
    new Promise<wire.RegisterResponse__Output>((resolve, reject) =>
      client.Register(request, metadata(authorization), (error, response) => (error ? reject(error) : resolve(response!))),
    );
  const validRegistration = (): wire.RegisterRequest => ({
    cluster: 'proto',
    hostname: 'fake-host',
    totalResources: [
      { name: 'CPU', type: 'INTEGER', integerValue: 2048 },
      { name: 'MEMORY', type: 'INTEGER', integerValue: 4096 },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22'] },
    ],
    attributes: [{ name: 'stack', value: 'blue' }],
    versionInfo: { agentVersion: 'test', dockerVersion: 'none' },
  });

  /** Opens a session, writes `messages`, and resolves with how the server ended it and what it sent. */
  const session = (messages: wire.AgentMessage[], waitMs = 1500) =>
    new Promise<{ status?: grpc.ServiceError; received: wire.ControlMessage__Output[] }>((resolve) => {
      const call = client.Session(metadata(agentAuth));
      const received: wire.ControlMessage__Output[] = [];
      call.on('data', (m: wire.ControlMessage__Output) => received.push(m));
      call.on('error', (status: grpc.ServiceError) => resolve({ status, received }));
      call.on('end', () => resolve({ received }));
      for (const m of messages) call.write(m);
      setTimeout(() => {
        call.cancel();
        resolve({ received });
      }, waitMs);
    });

  const describeInstance = async () =>
    (await berth(cp, ['describe-container-instances', '--cluster', 'proto', '--container-instances', arn])).json().containerInstances[0];

  beforeAll(async () => {
    cp = await startControlPlane();
    client = createAgentServiceClient(cp.endpoint);
    expect((await berth(cp, ['create-cluster', '--cluster-name', 'proto'])).code).toBe(0);
    token = await joinToken(cp, 'proto');
    const registered = await register(validRegistration());
    arn = registered.containerInstanceArn;
    agentAuth = `Bearer ${registered.agentAccessKeyId}:${registered.agentSecretAccessKey}`;
  });
  afterAll(async () => {
    client?.close();
    await cp?.process.stop();
    await removeDir(cp?.dir);
  });

  it.each([
    ['an invalid cluster name', { cluster: 'bad name!' }, /Invalid cluster name/],
    ['a negative CPU', { totalResources: [{ name: 'CPU', type: 'INTEGER', integerValue: -1 }, { name: 'MEMORY', type: 'INTEGER', integerValue: 1 }] }, /CPU must be a positive integer/],
    ['an unknown resource', { totalResources: [{ name: 'GPU', type: 'INTEGER', integerValue: 1 }] }, /unknown resource 'GPU'/],
    ['a bad port', { totalResources: [{ name: 'CPU', integerValue: 1 }, { name: 'MEMORY', integerValue: 1 }, { name: 'PORTS', stringSetValue: ['70000'] }] }, /invalid port '70000'/],
    ['eleven custom attributes', { attributes: Array.from({ length: 11 }, (_, i) => ({ name: `a${i}`, value: 'v' })) }, /at most 10 custom attributes/],
    ['a bad attribute name', { attributes: [{ name: 'no spaces allowed', value: 'v' }] }, /Invalid attribute name/],
    ['an unknown cluster', { cluster: 'missing' }, /Cluster 'missing' not found/],
  ])('Register refuses %s', async (_what, change, message) => {
    await expect(register({ ...validRegistration(), ...change } as wire.RegisterRequest)).rejects.toMatchObject({ details: expect.stringMatching(message) });
  });

  it('a session must start with hello', async () => {
    const { status } = await session([{ heartbeat: {} }]);
    expect(status?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(status?.details).toMatch(/first message on a session must be hello/);
  });

  it('refuses a hello for an ARN that is not a container instance', async () => {
    const { status } = await session([{ hello: { containerInstanceArn: 'arn:aws:ecs:local:000000000000:cluster/proto' } }]);
    expect(status?.code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it("refuses a hello for an instance that is not the credential's own", async () => {
    const { status } = await session([{ hello: { containerInstanceArn: arn.replace(/[0-9a-f]{32}$/, 'f'.repeat(32)), cluster: 'proto' } }]);
    expect(status?.code).toBe(grpc.status.PERMISSION_DENIED);
  });

  it('answers NOT_FOUND for its own instance in a cluster it is not in, so the agent registers again', async () => {
    const { status } = await session([{ hello: { containerInstanceArn: arn.replace('/proto/', '/default/'), cluster: 'default' } }]);
    expect(status?.code).toBe(grpc.status.NOT_FOUND);
  });

  it('acknowledges state reports idempotently and refuses malformed ones', async () => {
    const ok = await session([{ hello: { containerInstanceArn: arn, cluster: 'proto' } }, { stateReport: { sequence: '7' } }, { stateReport: { sequence: '7' } }]);
    expect(ok.received.filter((m) => m.message === 'reportAck').map((m) => m.reportAck!.sequence)).toEqual(['7', '7']);

    const bad = await session([
      { hello: { containerInstanceArn: arn, cluster: 'proto' } },
      { stateReport: { sequence: '8', tasks: [{ taskArn: 'x', status: 'EXPLODED' }] } },
    ]);
    expect(bad.status?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(bad.received.find((m) => m.message === 'error')?.error?.message).toMatch(/status 'EXPLODED'/);

    const again = await session([{ hello: { containerInstanceArn: arn, cluster: 'proto' } }]);
    expect(again.received[0]?.welcome?.lastAppliedReportSequence).toBe('7');
  });

  it('a flood of heartbeats and reports from one host never stalls the public API, and every one is answered in order', async () => {
    const HEARTBEATS = 5000;
    const REPORTS = 500;
    const api = await ecsClient(cp);
    const call = client.Session(metadata(agentAuth));
    const acks: string[] = [];
    let heartbeatAcks = 0;
    let welcomed!: () => void;
    const welcome = new Promise<void>((resolve) => (welcomed = resolve));
    call.on('data', (m: wire.ControlMessage__Output) => {
      if (m.welcome) welcomed();
      if (m.heartbeatAck) heartbeatAcks++;
      if (m.reportAck) acks.push(m.reportAck.sequence);
    });
    call.on('error', () => undefined);
    try {
      call.write({ hello: { containerInstanceArn: arn, cluster: 'proto' } });
      await welcome;
      for (let i = 0; i < HEARTBEATS; i++) {
        call.write({ heartbeat: { runningContainers: 0 } });
        if (i % 10 === 0) call.write({ stateReport: { sequence: String(1000 + i / 10) } });
      }
      const latencies: number[] = [];
      while (acks.length < REPORTS || heartbeatAcks < HEARTBEATS) {
        const started = Date.now();
        await api.listClusters({});
        latencies.push(Date.now() - started);
        if (latencies.length > 600) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(heartbeatAcks).toBe(HEARTBEATS);
      expect(acks).toEqual(Array.from({ length: REPORTS }, (_, i) => String(1000 + i)));
      // A stall is seconds (5,000 heartbeats once held ListClusters for 3.4 s); a served call is milliseconds.
      expect(Math.max(...latencies), `ListClusters latencies ${latencies.join(',')}`).toBeLessThan(1000);
    } finally {
      call.cancel();
      api.close();
    }
    const again = await session([{ hello: { containerInstanceArn: arn, cluster: 'proto' } }]);
    expect(again.received[0]?.welcome?.lastAppliedReportSequence).toBe(String(1000 + REPORTS - 1));
  });

  it('survives raw garbage on the session stream with stored state intact', async () => {
    const before = await describeInstance();
    const raw = new grpc.Client(cp.endpoint, grpc.credentials.createInsecure());
    const status = await new Promise<grpc.ServiceError | undefined>((resolve) => {
      const call = raw.makeBidiStreamRequest(
        '/berth.v1.AgentService/Session',
        (b: Buffer) => b,
        (b: Buffer) => b,
      );
      call.on('data', () => undefined);
      call.on('error', (e: grpc.ServiceError) => resolve(e));
      call.on('end', () => resolve(undefined));
      call.write(Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x99, 0x01]));
      setTimeout(() => resolve(undefined), 3000);
    });
    raw.close();
    expect(status?.code).toBeDefined();
    expect(status?.code).not.toBe(grpc.status.OK);
    const after = await describeInstance();
    expect(after.attributes).toEqual(before.attributes);
    expect(after.registeredResources).toEqual(before.registeredResources);
    expect(after.status).toBe('ACTIVE');
  });

  it('API refusals name the problem', async () => {
    const badName = await berth(cp, ['create-cluster', '--cluster-name', 'has spaces']);
    expect(badName.code).toBe(254);
    expect(badName.stderr).toMatch(/InvalidParameterException.*Invalid cluster name 'has spaces'/);

    const unknownCluster = await berth(cp, ['delete-cluster', '--cluster', 'ghost']);
    expect(unknownCluster.stderr).toMatch(/ClusterNotFoundException/);

    const missing = (await berth(cp, ['describe-container-instances', '--cluster', 'proto', '--container-instances', 'f'.repeat(32)])).json();
    expect(missing.failures).toEqual([{ arn: 'f'.repeat(32), reason: 'MISSING' }]);

    const badArn = await berth(cp, ['describe-container-instances', '--cluster', 'proto', '--container-instances', 'arn:aws:ecs:local:0:task/x']);
    expect(badArn.stderr).toMatch(/InvalidParameterException.*Invalid container instance ARN/);

    const deregisterUnknown = await berth(cp, ['deregister-container-instance', '--cluster', 'proto', '--container-instance', 'e'.repeat(32)]);
    expect(deregisterUnknown.code).toBe(254);
  });

  it('deregisters an instance and then lets the cluster be deleted', async () => {
    const out = (await berth(cp, ['deregister-container-instance', '--cluster', 'proto', '--container-instance', arn])).json();
    expect(out.containerInstance.status).toBe('INACTIVE');
    const deleted = (await berth(cp, ['delete-cluster', '--cluster', 'proto'])).json();
    expect(deleted.cluster.status).toBe('INACTIVE');
    const listed = (await berth(cp, ['list-clusters'])).json();
    expect((listed.clusterArns ?? []).some((a: string) => a.endsWith('/proto'))).toBe(false);
  });
});
