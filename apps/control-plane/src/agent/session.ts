import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { EcsError, containerInstanceIdFrom, clusterNameFrom } from '@berth/domain';
import { toTimestamp, type wire } from '@berth/proto';
import {
  advanceReportSequence,
  findContainerInstance,
  recordHeartbeat,
  setAgentConnected,
} from '@berth/state-store';
import type { ApiContext } from '../context.js';
import type { SessionHandle } from './agent-sessions.js';
import { validateStateReport } from './validate-message.js';
import { pushDesiredTasks } from './desired-tasks.js';
import { applyTaskChanges } from '../tasks/apply-report.js';

type SessionCall = grpc.ServerDuplexStream<wire.AgentMessage__Output, wire.ControlMessage>;

class SessionRefused extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One agent's session stream. Messages are handled strictly in order through a promise chain, so
 * the stream's 'data' handler never blocks and the instance's state has one writer at a time.
 */
export function handleAgentSession(ctx: ApiContext, call: SessionCall): void {
  const sessionId = randomUUID();
  let instanceId: string | undefined;
  let ended = false;
  let chain: Promise<void> = Promise.resolve();
  const log = ctx.log.child({ session: sessionId });

  const handle: SessionHandle = {
    sessionId,
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
    if (code === grpc.status.OK) call.end();
    else call.emit('error', { code, details, metadata: new grpc.Metadata() });
    void onGone();
  };

  const onGone = async () => {
    ended = true;
    if (instanceId && ctx.sessions.detach(instanceId, handle)) {
      ctx.logRelay.instanceGone(instanceId);
      try {
        await setAgentConnected(ctx.db, instanceId, false, ctx.now());
        log.info('agent disconnected', { instance: instanceId });
      } catch (error) {
        log.error('could not mark agent disconnected', { instance: instanceId, error });
      }
    }
  };

  const handle1 = async (message: wire.AgentMessage__Output) => {
    if (instanceId === undefined) {
      if (message.message !== 'hello' || !message.hello) {
        throw new SessionRefused(grpc.status.INVALID_ARGUMENT, 'The first message on a session must be hello.');
      }
      instanceId = await welcome(ctx, message.hello, handle);
      log.info('agent connected', { instance: instanceId });
      await pushDesiredTasks(ctx, instanceId);
      return;
    }
    switch (message.message) {
      case 'heartbeat': {
        const now = ctx.now();
        await recordHeartbeat(ctx.db, instanceId, now);
        // A host the liveness loop gave up on comes back as soon as it is heard again.
        await setAgentConnected(ctx.db, instanceId, true, now);
        handle.send({ heartbeatAck: { receivedAt: toTimestamp(now) } });
        return;
      }
      case 'stateReport': {
        const report = message.stateReport!;
        const { sequence } = validateStateReport(report);
        const id = instanceId;
        const now = ctx.now();
        const changed = await ctx.db.transaction().execute(async (trx) => {
          // A sequence already applied is a redelivery: acknowledge it again, change nothing.
          if (!(await advanceReportSequence(trx, id, sequence))) return false;
          return (await applyTaskChanges(trx, id, report.tasks, { now, log })).statusChanged;
        });
        handle.send({ reportAck: { sequence: String(sequence) } });
        // A task started or stopped: services may have work (replace it, continue a rollout).
        if (changed) ctx.kickServices();
        return;
      }
      case 'logData':
        ctx.logRelay.deliver(instanceId, message.logData!);
        return;
      case 'desiredAck':
        return;
      case 'hello':
        throw new SessionRefused(grpc.status.INVALID_ARGUMENT, 'hello may only be sent once per session.');
      default:
        throw new SessionRefused(grpc.status.INVALID_ARGUMENT, 'Empty or unknown agent message.');
    }
  };

  call.on('data', (message: wire.AgentMessage__Output) => {
    chain = chain
      .then(() => (ended ? undefined : handle1(message)))
      .catch((error: unknown) => {
        if (error instanceof SessionRefused) {
          log.warn('session refused a message', { instance: instanceId, reason: error.message });
          finish(error.code, error.message);
        } else if (error instanceof EcsError) {
          log.warn('invalid agent message', { instance: instanceId, reason: error.message });
          handle.send({ error: { code: error.errorName, message: error.message } });
          finish(grpc.status.INVALID_ARGUMENT, `${error.errorName}: ${error.message}`);
        } else {
          log.error('session failed', { instance: instanceId, error });
          finish(grpc.status.INTERNAL, 'The control plane could not handle the message.');
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

async function welcome(ctx: ApiContext, hello: wire.Hello__Output, handle: SessionHandle): Promise<string> {
  let parsed: { id: string; cluster?: string };
  try {
    parsed = containerInstanceIdFrom(hello.containerInstanceArn);
  } catch {
    throw new SessionRefused(grpc.status.INVALID_ARGUMENT, `hello.containerInstanceArn '${hello.containerInstanceArn}' is not a container instance ARN.`);
  }
  const clusterName = clusterNameFrom(hello.cluster || parsed.cluster);
  const instance = await findContainerInstance(ctx.db, clusterName, parsed.id);
  if (!instance || instance.status === 'INACTIVE') {
    throw new SessionRefused(
      grpc.status.NOT_FOUND,
      `Container instance ${hello.containerInstanceArn} is not registered in cluster '${clusterName}'; register again.`,
    );
  }
  ctx.sessions.attach(instance.id, handle);
  const now = ctx.now();
  await recordHeartbeat(ctx.db, instance.id, now);
  await setAgentConnected(ctx.db, instance.id, true, now);
  handle.send({
    welcome: {
      heartbeatIntervalMs: ctx.liveness.heartbeatIntervalMs,
      heartbeatTimeoutMs: ctx.liveness.heartbeatTimeoutMs,
      lastAppliedReportSequence: String(instance.lastReportSequence),
    },
  });
  return instance.id;
}
