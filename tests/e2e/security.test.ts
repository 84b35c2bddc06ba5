import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EcsError } from '@berth/domain';
import { loadBerthGrpc } from '@berth/proto';
import { binPath, eventually, makeTestPki, runCommand, type TestPki } from '@berth/test-support';
import { adminCredentials, berth, cleanEnv, ecsClient, joinToken, removeDir, startAgent, startControlPlane, type Agent, type ControlPlane } from './berth-fixture.js';

const AGENT_REFUSED = 5;

/** Runs an agent until it exits by itself (a refusal) and returns its exit code and output. */
async function agentExit(cp: ControlPlane, settings: Record<string, string>, name: string, options: Parameters<typeof startAgent>[3] = {}) {
  const agent = await startAgent(cp, settings, name, options);
  const timer = setTimeout(() => void agent.process.stop(), 60_000);
  const code = await agent.process.exited;
  clearTimeout(timer);
  await removeDir(agent.dir);
  return { code, output: agent.process.output() };
}

/** One bare gRPC call of `path` with `{}` and the given metadata; resolves with the status code. */
function rawCall(endpoint: string, path: string, kind: 'unary' | 'server-stream' | 'bidi', metadata: grpc.Metadata): Promise<grpc.status> {
  const client = new grpc.Client(endpoint, grpc.credentials.createInsecure());
  const serialize = () => Buffer.alloc(0);
  const deserialize = (b: Buffer) => b;
  return new Promise<grpc.status>((resolve) => {
    const done = (code: grpc.status) => {
      client.close();
      resolve(code);
    };
    if (kind === 'bidi') {
      const call = client.makeBidiStreamRequest(path, serialize, deserialize, metadata, { deadline: Date.now() + 10_000 });
      call.on('data', () => undefined);
      call.on('error', (e: grpc.ServiceError) => done(e.code));
      call.on('end', () => done(grpc.status.OK));
      call.write({});
    } else if (kind === 'server-stream') {
      const call = client.makeServerStreamRequest(path, serialize, deserialize, {}, metadata, { deadline: Date.now() + 10_000 });
      call.on('data', () => undefined);
      call.on('error', (e: grpc.ServiceError) => done(e.code));
      call.on('end', () => done(grpc.status.OK));
    } else {
      client.makeUnaryRequest(path, serialize, deserialize, {}, metadata, { deadline: Date.now() + 10_000 }, (e) => done(e ? e.code : grpc.status.OK));
    }
  });
}

describe('security of the real binaries', () => {
  let cp: ControlPlane;
  let host: Agent;
  let admin: { accessKeyId: string; secretAccessKey: string };
  /** berth with a key pair of its own (not the admin's). */
  const as = (pair: { accessKeyId: string; secretAccessKey: string }, args: string[]) =>
    berth(cp, args, { AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', BERTH_ACCESS_KEY_ID: pair.accessKeyId, BERTH_SECRET_ACCESS_KEY: pair.secretAccessKey });
  const newKey = async (args: string[]) => {
    const made = (await berth(cp, ['create-access-key', ...args])).json().accessKey;
    return { accessKeyId: made.accessKeyId as string, secretAccessKey: made.secretAccessKey as string };
  };

  beforeAll(async () => {
    cp = await startControlPlane();
    admin = await adminCredentials(cp);
    for (const name of ['sec-a', 'sec-b']) (await berth(cp, ['create-cluster', '--cluster-name', name])).json();
    host = await startAgent(cp, { ECS_CLUSTER: 'sec-a' }, 'sec-host');
    await host.process.waitForOutput(/"msg":"session established"/, 60_000);
  });

  afterAll(async () => {
    await host?.process.stop();
    await cp?.process.stop();
    await removeDir(host?.dir);
    await removeDir(cp?.dir);
  });

  it('refuses every RPC of the public API and the agent protocol without a credential, and with a made-up one', async () => {
    const { grpc: berthGrpc } = loadBerthGrpc();
    const services = [berthGrpc.berth.v1.ECS.service, berthGrpc.berth.v1.AgentService.service];
    const kindOf = (m: { requestStream: boolean; responseStream: boolean }) => (m.requestStream ? 'bidi' : m.responseStream ? 'server-stream' : 'unary') as 'unary' | 'server-stream' | 'bidi';
    const methods = services.flatMap((service) => Object.values(service).map((m) => ({ path: m.path, kind: kindOf(m) })));
    expect(methods.length).toBeGreaterThan(30);
    const forged = new grpc.Metadata();
    forged.set('authorization', `Bearer ${admin.accessKeyId}:${'x'.repeat(40)}`);
    expect(methods.filter((m) => m.kind === 'bidi').map((m) => m.path)).toEqual(['/berth.v1.AgentService/Session']);
    for (const m of methods) {
      expect(await rawCall(cp.endpoint, m.path, m.kind, new grpc.Metadata()), m.path).toBe(grpc.status.UNAUTHENTICATED);
      expect(await rawCall(cp.endpoint, m.path, m.kind, forged), m.path).toBe(grpc.status.UNAUTHENTICATED);
    }
    const real = await joinToken(cp, 'sec-a');
    for (const token of [real.replace(/[^.]+$/, 'x'.repeat(43)), 'berth-join.0000000000000000.' + 'x'.repeat(43), 'not-a-token']) {
      const joining = new grpc.Metadata();
      joining.set('authorization', `JoinToken ${token}`);
      expect(await rawCall(cp.endpoint, '/berth.v1.AgentService/Register', 'unary', joining), token).toBe(grpc.status.UNAUTHENTICATED);
    }
    const denied = await as({ accessKeyId: admin.accessKeyId, secretAccessKey: 'x'.repeat(40) }, ['list-clusters']);
    expect(denied.code).toBe(254);
    expect(denied.stderr).toMatch(/UnrecognizedClientException|InvalidSignatureException/);
  });

  it('roles and cluster scopes hold through the CLI', async () => {
    const reader = await newKey(['--role', 'read-only']);
    const operatorA = await newKey(['--role', 'operator', '--clusters', 'sec-a']);
    expect((await as(reader, ['list-clusters'])).json().clusterArns.length).toBeGreaterThanOrEqual(2);
    const run = await as(reader, ['run-task', '--cluster', 'sec-a', '--task-definition', 'nope']);
    expect(run.code).toBe(254);
    expect(run.stderr).toMatch(/AccessDeniedException/);
    expect((await as(operatorA, ['list-container-instances', '--cluster', 'sec-a'])).json().containerInstanceArns).toHaveLength(1);
    const other = await as(operatorA, ['list-tasks', '--cluster', 'sec-b']);
    expect(other.code).toBe(254);
    expect(other.stderr).toMatch(/AccessDeniedException/);
    const keys = await as(operatorA, ['create-access-key', '--role', 'admin']);
    expect(keys.stderr).toMatch(/AccessDeniedException/);
    const audit = (await berth(cp, ['list-audit-events', '--principal', operatorA.accessKeyId])).json().auditEvents;
    expect(audit.map((e: { operation: string; result: string }) => `${e.operation} ${e.result}`)).toContain('CreateAccessKey AccessDeniedException');
  });

  it('a second host cannot take over a registered instance with a join token, and the first keeps running', async () => {
    const state = JSON.parse(await readFile(join(host.dir, 'data', 'ecs_agent_data.json'), 'utf8'));
    expect(state.credential.accessKeyId).toMatch(/^[A-Z0-9]{20}$/);
    const { credential: _, ...withoutCredential } = state;
    const thief = await agentExit(cp, { ECS_CLUSTER: 'sec-a' }, 'sec-thief', { savedState: withoutCredential });
    expect(thief.code).toBe(AGENT_REFUSED);
    expect(thief.output).toMatch(/registered already; it re-registers with its own credential/);
    const instances = (await berth(cp, ['describe-container-instances', '--cluster', 'sec-a', '--container-instances', state.containerInstanceArn])).json();
    expect(instances.containerInstances[0].agentConnected).toBe(true);
  });

  it('closes a session that never says hello', async () => {
    const state = JSON.parse(await readFile(join(host.dir, 'data', 'ecs_agent_data.json'), 'utf8'));
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${state.credential.accessKeyId}:${state.credential.secretAccessKey}`);
    const client = new grpc.Client(cp.endpoint, grpc.credentials.createInsecure());
    const started = Date.now();
    const status = await new Promise<grpc.ServiceError | undefined>((resolve) => {
      const call = client.makeBidiStreamRequest('/berth.v1.AgentService/Session', (b: Buffer) => b, (b: Buffer) => b, metadata);
      call.on('data', () => undefined);
      call.on('error', resolve);
      call.on('end', () => resolve(undefined));
    });
    client.close();
    expect(status?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(status?.details).toMatch(/No hello within 10s/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
  });

  it('expired, revoked and used-up join tokens make the agent exit 5, saying what to do', async () => {
    const expired = await joinToken(cp, 'sec-a', ['--ttl', '1s']);
    const revokedToken = (await berth(cp, ['create-join-token', '--cluster', 'sec-a'])).json().joinToken;
    (await berth(cp, ['revoke-join-token', '--cluster', 'sec-a', '--join-token-id', revokedToken.joinTokenId])).json();
    const once = await joinToken(cp, 'sec-b', ['--max-uses', '1']);
    const first = await startAgent(cp, { ECS_CLUSTER: 'sec-b', ECS_JOIN_TOKEN: once }, 'sec-once');
    await first.process.waitForOutput(/"msg":"registered"/, 60_000);
    await first.process.stop();
    await removeDir(first.dir);
    await new Promise((r) => setTimeout(r, 1100));

    for (const [name, settings, reason] of [
      ['sec-expired', { ECS_CLUSTER: 'sec-a', ECS_JOIN_TOKEN: expired }, /expired at .*create a new one with berth create-join-token --cluster sec-a/],
      ['sec-revoked', { ECS_CLUSTER: 'sec-a', ECS_JOIN_TOKEN: revokedToken.token }, /was revoked/],
      ['sec-used', { ECS_CLUSTER: 'sec-b', ECS_JOIN_TOKEN: once }, /already used 1 of 1 times/],
      ['sec-forged', { ECS_CLUSTER: 'sec-a', ECS_JOIN_TOKEN: `berth-join.0123456789abcdef.${'A'.repeat(43)}` }, /Registration refused/],
    ] as const) {
      const { code, output } = await agentExit(cp, settings, name);
      expect(code, name).toBe(AGENT_REFUSED);
      expect(output, name).toMatch(reason);
    }
  });

  it('refuses privileged containers and host paths by default, each until an admin allows it', async () => {
    const definition = {
      family: 'sec-privileged',
      volumes: [{ name: 'root', host: { sourcePath: '/' } }],
      containerDefinitions: [{ name: 'c', image: 'berth/busybox:latest', memory: 32, privileged: true, mountPoints: [{ sourceVolume: 'root', containerPath: '/host' }] }],
    };
    (await berth(cp, ['register-task-definition', '--cli-input-json', JSON.stringify(definition)])).json();
    const refused = await berth(cp, ['run-task', '--cluster', 'sec-a', '--task-definition', 'sec-privileged']);
    expect(refused.code).toBe(254);
    expect(refused.stderr).toMatch(/ClientException.*The policy of cluster 'sec-a' refuses .*container 'c' is privileged.*mounts the host path \//s);
    const setting = await berth(cp, ['update-cluster-settings', '--cluster', 'sec-a', '--settings', 'name=berthAllowPrivileged,value=true']);
    expect(setting.code).toBe(0);
    const hostPath = await berth(cp, ['run-task', '--cluster', 'sec-a', '--task-definition', 'sec-privileged']);
    expect(hostPath.stderr).toMatch(/ClientException.*mounts the host path \//s);
    expect(hostPath.stderr).not.toMatch(/is privileged/);
  });

  it('throttles task launches with ThrottlingException after the CLI retried, then recovers', async () => {
    const slow = await newKey(['--role', 'operator', '--run-task-burst', '1', '--run-task-per-second', '0.2']);
    (await berth(cp, ['register-task-definition', '--cli-input-json', JSON.stringify({ family: 'sec-sleep', containerDefinitions: [{ name: 'c', image: 'berth/busybox:latest', memory: 16, command: ['sleep', '1'] }] })])).json();
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await as(slow, ['run-task', '--cluster', 'sec-a', '--task-definition', 'sec-sleep']));
    expect(runs[0]!.code).toBe(0);
    const throttled = runs.find((r) => r.code !== 0);
    expect(throttled?.stderr).toMatch(/An error occurred \(ThrottlingException\) when calling the RunTask operation/);
    await new Promise((r) => setTimeout(r, 5500));
    expect((await as(slow, ['run-task', '--cluster', 'sec-a', '--task-definition', 'sec-sleep'])).code).toBe(0);
  });

  it('refuses a 10 MB request as too large, not as throttled', async () => {
    const file = join(cp.dir, 'big-request.json');
    await writeFile(file, JSON.stringify({ clusters: ['x'.repeat(10 * 1024 * 1024)] }));
    const big = await berth(cp, ['describe-clusters', '--cli-input-json', `file://${file}`]);
    expect(big.code).toBe(252);
    expect(big.stderr).toMatch(/takes at most 8388608 bytes/);
    expect(big.stderr.length).toBeLessThan(2000);
    // A client that sends it anyway hears the server's size limit, which is no throttling.
    const client = await ecsClient(cp);
    const refused = await client.describeClusters({ clusters: ['x'.repeat(10 * 1024 * 1024)] }).catch((e: unknown) => e);
    client.close();
    expect(refused).toBeInstanceOf(EcsError);
    expect((refused as EcsError).errorName).toBe('ClientException');
    expect((refused as EcsError).message).toMatch(/larger than max/i);
  });

  it('survives random bytes on both ports and hostile queries, without stalling its event loop over 100 ms', async () => {
    const lagMax = async () => {
      const text = await (await fetch(`http://${cp.httpEndpoint}/metrics`)).text();
      return Number(/^berth_control_plane_nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text)?.[1]);
    };
    await lagMax(); // each scrape reports the window since the one before
    const [host_, port] = cp.endpoint.split(':');
    const [, httpPort] = cp.httpEndpoint.split(':');
    for (const p of [port, httpPort]) {
      for (let i = 0; i < 10; i++) {
        await new Promise<void>((resolve) => {
          const socket = connect(Number(p), host_!, () => socket.end(randomBytes(1 + (i * 997) % 4096)));
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
          setTimeout(() => socket.destroy(), 200);
        });
      }
    }
    const hostile = await berth(cp, ['list-container-instances', '--cluster', 'sec-a', '--filter', `attribute:ecs.os-type =~ '^(a+)+$' or attribute:x =~ '${'(a|a)*'.repeat(20)}$'`]);
    expect(hostile.code).toBe(0);
    expect(await lagMax()).toBeLessThan(0.1);
    expect((await berth(cp, ['list-clusters'])).code).toBe(0);
    const ready = await fetch(`http://${cp.httpEndpoint}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('never writes a secret to its logs', async () => {
    // The host's join token (from its ecs.config), the admin's secret and the host's own credential.
    const token = /ECS_JOIN_TOKEN=(\S+)/.exec(await readFile(host.configPath, 'utf8'))![1]!;
    const secrets = [admin.secretAccessKey, token.split('.').at(-1)!];
    const state = JSON.parse(await readFile(join(host.dir, 'data', 'ecs_agent_data.json'), 'utf8'));
    secrets.push(state.credential.secretAccessKey);
    for (const secret of secrets) {
      expect(cp.process.output()).not.toContain(secret);
      expect(host.process.output()).not.toContain(secret);
    }
  });
});

describe('TLS on the real binaries', () => {
  let pki: TestPki;
  let other: TestPki;
  let cp: ControlPlane;
  let certFile: string;
  let keyFile: string;
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCommand(binPath('berth'), args, { env: cleanEnv({ AWS_SHARED_CREDENTIALS_FILE: cp.credentialsFile, ...env }), timeoutMs: 30_000 });

  beforeAll(async () => {
    [pki, other] = await Promise.all([makeTestPki(), makeTestPki()]);
    certFile = join(pki.dir, 'live.pem');
    keyFile = join(pki.dir, 'live.key');
    await copyFile(pki.certFile, certFile);
    await copyFile(pki.keyFile, keyFile);
    cp = await startControlPlane(['--tls-cert', certFile, '--tls-key', keyFile, '--tls-client-ca', pki.caFile, '--tls-reload-interval', '500ms'], { caFile: pki.caFile });
  });

  afterAll(async () => {
    await cp?.process.stop();
    for (const dir of [cp?.dir, pki?.dir, other?.dir]) await removeDir(dir);
  });

  it('serves the CLI over TLS with the right CA, and says what is wrong without it', async () => {
    const ok = await cli(['--endpoint', `https://${cp.endpoint}`, '--ca-bundle', pki.caFile, 'list-clusters']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).not.toMatch(/DeprecationWarning/);
    const unknownCa = await cli(['--endpoint', `https://${cp.endpoint}`, 'list-clusters']);
    expect(unknownCa.code).toBe(255);
    expect(unknownCa.stderr).toMatch(/TLS certificate of the Berth control plane .* did not verify.*--ca-bundle/);
    const wrongCa = await cli(['--endpoint', `https://${cp.endpoint}`, '--ca-bundle', other.caFile, 'list-clusters']);
    expect(wrongCa.code).toBe(255);
    const plain = await cli(['--endpoint', `http://${cp.endpoint}`, 'list-clusters']);
    expect(plain.code).toBe(255);
    const plainHttp = await fetch(`http://${cp.httpEndpoint}/readyz`).then(
      () => 'answered plain text',
      () => 'refused',
    );
    expect(plainHttp).toBe('refused');
  });

  it('lets an agent with a certificate from the client CA register, and refuses one without', async () => {
    const client = await pki.client('sec-host');
    const tls = { ECS_BACKEND_HOST: `https://${cp.endpoint}`, ECS_BACKEND_CA_FILE: pki.caFile };
    const withCert = await startAgent(cp, { ...tls, ECS_BACKEND_CLIENT_CERT_FILE: client.certFile, ECS_BACKEND_CLIENT_KEY_FILE: client.keyFile }, 'tls-host');
    await withCert.process.waitForOutput(/"msg":"session established"/, 60_000);
    await withCert.process.stop();
    await removeDir(withCert.dir);
    const { code, output } = await agentExit(cp, tls, 'tls-nocert');
    expect(code).toBe(AGENT_REFUSED);
    expect(output).toMatch(/requires agents to present a client certificate/);
  });

  it('takes up a renewed certificate from its files without a restart', async () => {
    await copyFile(other.keyFile, keyFile);
    await copyFile(other.certFile, certFile);
    await cp.process.waitForOutput(/TLS certificate reloaded/, 10_000);
    await eventually(
      async () => ((await cli(['--endpoint', `https://${cp.endpoint}`, '--ca-bundle', other.caFile, 'list-clusters'])).code === 0 ? true : undefined),
      10_000,
      'the CLI trusting the new CA',
    );
    expect((await cli(['--endpoint', `https://${cp.endpoint}`, '--ca-bundle', pki.caFile, 'list-clusters'])).code).toBe(255);
    await writeFile(certFile, 'not a certificate');
    await cp.process.waitForOutput(/TLS files did not read well; keeping the certificate in use/, 10_000);
    expect((await cli(['--endpoint', `https://${cp.endpoint}`, '--ca-bundle', other.caFile, 'list-clusters'])).code).toBe(0);
  });
});
