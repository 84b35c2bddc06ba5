import { randomBytes } from 'node:crypto';
import { defaultArnScope, EcsError, type InstanceAttribute, type Resources } from '@berth/domain';
import { createLogger } from '@berth/log';
import type { wire } from '@berth/proto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { StoreBackend } from '@berth/state-store/testing';
import { AgentSessions, type SessionHandle } from '../../grpc/agent-sessions.js';
import { AGENT_CAPABILITIES } from '../../grpc/agent-wire.js';
import { registerContainerInstance } from '../agents/register.js';
import { acceptHello } from '../agents/session.js';
import { controlPlane, type Caller } from '../caller.js';
import { authenticate, CredentialCache } from '../security/credentials.js';
import { RateLimiter } from '../security/rate-limiter.js';
import { SecretBox } from '../security/secret-box.js';
import type { AppContext } from '../context.js';
import { DesiredTaskSequence } from '../agents/desired-sequence.js';
import { TaskDefinitionCache } from '../agents/definition-cache.js';
import { LiveInstanceCache } from '../placement/live-instances.js';
import { sequentialIds } from '../ids.js';
import { invoke } from '../operations.js';
import type { JsonObject, UnaryOperationName } from '@berth/ecs-api';

/**
 * Application functions against a real store (each backend in turn), with a clock the test moves,
 * sequential ids, and the real AgentSessions whose handles record what each "agent" was sent.
 */
export interface AppHarness {
  readonly app: AppContext;
  readonly sessions: AgentSessions;
  /** What was sent on each instance's session, oldest first. */
  readonly sent: Map<string, wire.ControlMessage[]>;
  kicks(): number;
  advance(seconds: number): void;
  /** Registers a host in `cluster` with a join token and opens its session as it; returns its id, ARN and agent caller. */
  addInstance(cluster: string, options?: { resources?: Partial<Resources>; attributes?: readonly InstanceAttribute[]; connect?: boolean }): Promise<{ id: string; arn: string; agent: Caller }>;
  /** A join token for `cluster`, as `berth create-join-token` makes it. */
  joinToken(cluster: string, request?: object): Promise<string>;
  /** Calls an operation as the gRPC and HTTP edges do (decode, authorise, handle, encode). */
  call<K extends UnaryOperationName>(name: K, request: object, caller?: Caller): Promise<JsonObject>;
  /** The desired sets an instance's agent received, newest last. */
  desiredSets(instanceId: string): wire.DesiredTasks[];
}

export const T0 = new Date('2026-01-01T00:00:00.000Z');

export function appHarness(backend: StoreBackend): AppHarness {
  let now = T0;
  let kicks = 0;
  let hosts = 0;
  const sessions = new AgentSessions(defaultArnScope);
  const sent = new Map<string, wire.ControlMessage[]>();
  const app: AppContext = {
    store: backend.store,
    notifier: backend.store.notifier,
    scope: defaultArnScope,
    now: () => now,
    ids: sequentialIds(),
    limits: { maxRunTaskCount: 10 },
    liveness: { heartbeatIntervalMs: 10_000, heartbeatTimeoutMs: 30_000, hearingSince: T0 },
    log: createLogger({ level: 'none', name: 'test' }),
    agents: sessions,
    desiredSequence: new DesiredTaskSequence(),
    definitions: new TaskDefinitionCache(),
    liveInstances: new LiveInstanceCache(),
    secrets: new SecretBox(randomBytes(32)),
    credentials: new CredentialCache(),
    rates: new RateLimiter(),
    kickServices: () => {
      kicks++;
    },
  };
  const recordingHandle = (instanceId: string): SessionHandle => ({
    sessionId: `session-${instanceId}`,
    capabilities: new Set(AGENT_CAPABILITIES),
    send: (message) => sent.set(instanceId, [...(sent.get(instanceId) ?? []), message]),
    close: (error) => sent.set(instanceId, [...(sent.get(instanceId) ?? []), { error }]),
  });
  const call = <K extends UnaryOperationName>(name: K, request: object, caller: Caller = controlPlane) => invoke(app, caller, name, request);
  const joinToken = async (cluster: string, request: object = {}) => (((await call('CreateJoinToken', { cluster, ...request })) as { joinToken: { token: string } }).joinToken.token);
  return {
    app,
    sessions,
    sent,
    joinToken,
    kicks: () => kicks,
    advance(seconds) {
      now = new Date(now.getTime() + seconds * 1000);
    },
    async addInstance(cluster, options = {}) {
      hosts++;
      const registered = await registerContainerInstance(
        app,
        {
          cluster,
          hostname: `host-${hosts}`,
          resources: { cpu: 2048, memory: 4096, ports: [22], portsUdp: [], ...options.resources },
          attributes: [{ name: 'ecs.os-type', value: 'linux' }, ...(options.attributes ?? [])],
          tags: [],
          agentVersion: '1.0.0',
          dockerVersion: '27.0.0',
        },
        { kind: 'join-token', token: await joinToken(cluster) },
      );
      const id = registered.containerInstanceArn.slice(registered.containerInstanceArn.lastIndexOf('/') + 1);
      const agent = await authenticate(app, { accessKeyId: registered.agentAccessKeyId, secret: registered.agentSecretAccessKey });
      if (options.connect !== false) {
        await acceptHello(app, { containerInstanceArn: registered.containerInstanceArn, cluster }, agent, (instanceId: string) => sessions.attach(instanceId, recordingHandle(instanceId)));
      }
      return { id, arn: registered.containerInstanceArn, agent };
    },
    call,
    desiredSets: (instanceId) => (sent.get(instanceId) ?? []).flatMap((m) => (m.desiredTasks ? [m.desiredTasks] : [])),
  };
}

/** A task definition request with one container of `memory` MiB (and optional extras). */
export function webDefinition(family = 'web', fields: Record<string, unknown> = {}, container: Record<string, unknown> = {}): object {
  return { family, containerDefinitions: [{ name: 'web', image: 'berth/busybox', memory: 256, ...container }], ...fields };
}

/**
 * For `describe.each(storeBackends)`: starts the backend once per file, and before each test
 * empties it, makes a fresh harness and (unless `cluster` is null) creates that cluster. Read
 * `current.h` and `current.backend` inside tests.
 */
export function useAppHarness(start: () => Promise<StoreBackend>, options: { cluster?: string | null } = {}): { readonly h: AppHarness; readonly backend: StoreBackend } {
  let backend: StoreBackend | undefined;
  let harness: AppHarness | undefined;
  beforeAll(async () => {
    backend = await start();
  });
  afterAll(() => backend?.stop());
  beforeEach(async () => {
    await backend!.reset();
    harness = appHarness(backend!);
    const cluster = options.cluster === undefined ? 'c' : options.cluster;
    if (cluster !== null) await harness.call('CreateCluster', { clusterName: cluster });
  });
  return {
    get h() {
      return harness!;
    },
    get backend() {
      return backend!;
    },
  };
}

/** The ECS error a promise rejected with, as name and message; anything else fails the test. */
export async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof EcsError)) throw new Error(`expected an EcsError, got ${String(error)}`);
  return { name: error.errorName, message: error.message };
}
