import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { EcsError, clusterNameFrom } from '@berth/domain';
import { toTimestamp, type wire } from '@berth/proto';
import { isStoreUnavailable } from '@berth/state-store';
import { acceptHello, agentDisconnected, agentHeartbeat, dataDirStatusOf, recordDataDirStatus, sessionEstablished, SessionRefused } from '../app/agents/session.js';
import type { Caller } from '../app/caller.js';
import type { AppContext } from '../app/context.js';
import type { StateReportBatcher } from '../app/agents/report-batcher.js';
import type { ServiceMetricsCollector } from '../app/scaling/metrics-collector.js';
import { metricsReportFromWire } from './metrics-wire.js';
import type { AgentSessions, SessionHandle } from './agent-sessions.js';
import { capabilitiesFromWire, helloFromWire, logDataFromWire, stateReportFromWire, type AgentCapability } from './agent-wire.js';
import { callerOf } from './authentication.js';
import { storeUnavailable } from './errors.js';
import type { LogRelay } from './log-relay.js';
import type { ApiMetrics } from '../metrics/api-metrics.js';
import type { HostUsage } from '../metrics/host-usage.js';

type SessionCall = grpc.ServerDuplexStream<wire.AgentMessage__Output, wire.ControlMessage>;

/** A session that has not said hello by then is closed: an open stream costs memory and a slot. */
export const HELLO_DEADLINE_MS = 10_000;

/**
 * Back-pressure on one session: past this many messages waiting in its chain the stream is paused
 * (HTTP/2 flow control then holds the agent back), and it resumes once the chain is down to the
 * second number. A report flood from one host costs it time, not the control plane's memory.
 */
const PAUSE_AT = 32;
const RESUME_AT = 8;

/** Lets I/O (the public API, other sessions) run between two messages of a busy session. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const refusalCode = { protocol: grpc.status.INVALID_ARGUMENT, 'unknown-instance': grpc.status.NOT_FOUND, forbidden: grpc.status.PERMISSION_DENIED } as const;

/**
 * One agent's session stream. Messages are handled strictly in order through a promise chain, so
 * the stream's 'data' handler never blocks and the instance's state has one writer at a time.
 * Heartbeats are the exception: each is answered as soon as it is read, whatever waits in the
 * chain, and is written to the store at most every half heartbeat interval — so a busy store or a
 * flood of heartbeats never makes a live agent look silent, nor costs a write per message. (While
 * reading is paused, heartbeats wait too; 32 messages drain well inside a heartbeat timeout.)
 * The disconnect is written after whatever the chain is doing, so a heartbeat write in flight
 * cannot mark the instance connected again behind it.
 * What a message means is the application layer's (app/agents); this file only speaks the stream.
 * The caller is authenticated as the stream opens, before any message is looked at.
 */
export function handleAgentSession(
  app: AppContext,
  deps: { sessions: AgentSessions; logRelay: LogRelay; reports: StateReportBatcher; metrics?: Pick<ApiMetrics, 'agentMessage'>; samples?: ServiceMetricsCollector; hosts?: HostUsage },
  call: SessionCall,
): void {
  const sessionId = randomUUID();
  let instanceId: string | undefined;
  let clusterName = '';
  let reportedDataDir: string | undefined;
  let ended = false;
  let waiting = 0;
  let paused = false;
  let heartbeatQueued = false;
  let heartbeatWrittenAt = 0;
  const heartbeatWriteGapMs = app.liveness.heartbeatIntervalMs / 2;
  const log = app.log.child({ session: sessionId });
  let caller: Caller | undefined;
  let chain: Promise<void> = callerOf(app, call.metadata).then(
    (authenticated) => {
      caller = authenticated;
    },
    (error: unknown) => refuse(error),
  );
  const helloDeadline = setTimeout(() => {
    if (instanceId === undefined) finish(grpc.status.DEADLINE_EXCEEDED, `No hello within ${HELLO_DEADLINE_MS / 1000}s of opening the session.`);
  }, HELLO_DEADLINE_MS);
  helloDeadline.unref();

  let capabilities: ReadonlySet<AgentCapability> = new Set();
  const handle: SessionHandle = {
    sessionId,
    get capabilities() {
      return capabilities;
    },
    send: (message) => {
      if (!ended) call.write(message);
    },
    close: (error) => {
      if (ended) return;
      call.write({ error });
      finish(grpc.status.ABORTED, `${error.code}: ${error.message}`);
    },
  };

  const finish = (code: grpc.status, details: string) => {
    if (ended) return;
    ended = true;
    clearTimeout(helloDeadline);
    if (code === grpc.status.OK) call.end();
    else call.emit('error', { code, details, metadata: new grpc.Metadata() });
    void onGone();
  };

  const onGone = async () => {
    ended = true;
    if (instanceId && deps.sessions.detach(instanceId, handle)) {
      deps.logRelay.instanceGone(instanceId);
      deps.hosts?.forget(instanceId);
      await chain; // never rejects: every link ends in refuse()
      try {
        await agentDisconnected(app, instanceId);
      } catch (error) {
        log.error('could not mark agent disconnected', { instance: instanceId, error });
      }
    }
  };

  const handleMessage = async (message: wire.AgentMessage__Output) => {
    if (instanceId === undefined) {
      if (message.message !== 'hello' || !message.hello) throw new SessionRefused('protocol', 'The first message on a session must be hello.');
      const hello = helloFromWire(message.hello);
      clusterName = clusterNameFrom(hello.cluster);
      capabilities = capabilitiesFromWire(message.hello.capabilities);
      const accepted = await acceptHello(app, hello, caller!, (id) => {
        // The stream closed while hello was checked: attaching now would displace a live session with a dead one.
        if (ended) throw new SessionRefused('protocol', 'The session ended during hello.');
        instanceId = id;
        deps.sessions.attach(id, handle);
      });
      handle.send({ welcome: { ...accepted.welcome, lastAppliedReportSequence: String(accepted.welcome.lastAppliedReportSequence) } });
      await sessionEstablished(app, accepted.instanceId);
      return;
    }
    switch (message.message) {
      case 'heartbeat':
        // Only a heartbeat that arrived while hello was being checked comes this way.
        onHeartbeat(message.heartbeat!);
        return;
      case 'stateReport': {
        const report = stateReportFromWire(message.stateReport!);
        await deps.reports.submit(instanceId, report);
        handle.send({ reportAck: { sequence: String(report.sequence) } });
        return;
      }
      case 'logData':
        deps.logRelay.deliver(instanceId, logDataFromWire(message.logData!));
        return;
      case 'desiredAck':
        return;
      case 'metricsReport': {
        const report = metricsReportFromWire(message.metricsReport!, app.now());
        deps.hosts?.record(instanceId, clusterName, report);
        // Samples are best effort: one lost to a busy store is not worth the session.
        await deps.samples?.add(instanceId, report).catch((error: unknown) => {
          if (!isStoreUnavailable(error)) log.warn('could not take a metrics sample', { error });
        });
        return;
      }
      case 'hello':
        throw new SessionRefused('protocol', 'hello may only be sent once per session.');
      default:
        throw new SessionRefused('protocol', 'Empty or unknown agent message.');
    }
  };

  function refuse(error: unknown): void {
    if (error instanceof SessionRefused) {
      log.warn('session refused a message', { instance: instanceId, reason: error.message });
      finish(refusalCode[error.kind], error.message);
    } else if (error instanceof EcsError && (error.errorName === 'UnrecognizedClientException' || error.errorName === 'MissingAuthenticationTokenException')) {
      log.warn('session refused: not authenticated', { reason: error.message });
      handle.send({ error: { code: error.errorName, message: error.message } });
      finish(grpc.status.UNAUTHENTICATED, `${error.errorName}: ${error.message}`);
    } else if (error instanceof EcsError) {
      log.warn('invalid agent message', { instance: instanceId, reason: error.message });
      handle.send({ error: { code: error.errorName, message: error.message } });
      finish(grpc.status.INVALID_ARGUMENT, `${error.errorName}: ${error.message}`);
    } else if (isStoreUnavailable(error)) {
      // The agent keeps its containers and its report queue, and comes back when the store does.
      log.warn('session closed: the state store is unavailable', { instance: instanceId });
      finish(grpc.status.UNAVAILABLE, storeUnavailable().message);
    } else {
      log.error('session failed', { instance: instanceId, error });
      finish(grpc.status.INTERNAL, 'The control plane could not handle the message.');
    }
  }

  const onHeartbeat = (heartbeat: wire.Heartbeat__Output) => {
    let dataDir: string;
    try {
      dataDir = dataDirStatusOf(heartbeat.dataDir);
    } catch (error) {
      refuse(error);
      return;
    }
    handle.send({ heartbeatAck: { receivedAt: toTimestamp(app.now()) } });
    if (heartbeatQueued || (dataDir === reportedDataDir && app.now().getTime() - heartbeatWrittenAt < heartbeatWriteGapMs)) return;
    heartbeatQueued = true;
    chain = chain
      .then(async () => {
        heartbeatQueued = false;
        if (ended) return;
        heartbeatWrittenAt = app.now().getTime();
        await agentHeartbeat(app, instanceId!);
        // Written once per session and when it changes, not on every heartbeat.
        if (dataDir !== reportedDataDir) {
          await recordDataDirStatus(app, instanceId!, dataDir);
          reportedDataDir = dataDir;
        }
      })
      .catch(refuse);
  };

  call.on('data', (message: wire.AgentMessage__Output) => {
    if (ended) return;
    deps.metrics?.agentMessage(message.message ?? 'unknown');
    if (message.message === 'heartbeat' && instanceId !== undefined) {
      onHeartbeat(message.heartbeat!);
      return;
    }
    waiting++;
    if (waiting >= PAUSE_AT && !paused) {
      paused = true;
      call.pause();
    }
    chain = chain
      .then(nextTurn)
      .then(() => (ended ? undefined : handleMessage(message)))
      .catch(refuse)
      .finally(() => {
        waiting--;
        if (paused && waiting <= RESUME_AT) {
          paused = false;
          call.resume();
        }
      });
  });
  call.on('end', () => {
    chain = chain.then(() => finish(grpc.status.OK, ''));
  });
  call.on('cancelled', () => void onGone());
  call.on('error', () => void onGone());
  call.on('close', () => void onGone());
}
