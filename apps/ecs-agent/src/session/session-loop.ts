import type { Logger } from '@berth/log';
import type { wire } from '@berth/proto';
import { AgentExit, ExitCode } from '../exit-codes.js';
import type { AgentConnection } from './connection.js';
import { backoffDelay, RECONNECT_BACKOFF } from './backoff.js';
import { runSession, type SessionHandlers } from './session-client.js';
import { sleep } from './sleep.js';

export interface SessionLoopDeps {
  readonly connection: AgentConnection;
  readonly cluster: string;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly handlers: SessionHandlers;
  readonly runningContainers: () => number;
  readonly dataDirStatus: () => string;
  /** Registers (again) under the given identity and returns the control plane's answer. */
  readonly register: (savedArn: string | undefined) => Promise<wire.RegisterResponse__Output>;
  /** The host's current credential, `Bearer id:secret` (it changes at each registration). */
  readonly authorization: () => string;
  /** Where the saved identity is, for the message when the control plane refuses it. */
  readonly stateFile: string;
  /** The host was deregistered: forget the saved identity. */
  readonly forgetIdentity: () => Promise<void>;
}

/**
 * Keeps one session open until the signal stops the agent: reconnects with backoff and jitter
 * when it drops, registers again when the control plane no longer knows the instance, and ends
 * the agent (exit 5) when the instance was deregistered. A silent control plane gets a new connection.
 */
export async function keepSessionOpen(deps: SessionLoopDeps, first: wire.RegisterResponse__Output): Promise<void> {
  let registration = first;
  let failures = 0;
  while (!deps.signal.aborted) {
    const end = await runSession(deps.connection.current(), {
      containerInstanceArn: registration.containerInstanceArn,
      authorization: deps.authorization(),
      cluster: deps.cluster,
      heartbeatIntervalMs: registration.heartbeatIntervalMs || 10_000,
      heartbeatTimeoutMs: registration.heartbeatTimeoutMs || 30_000,
      log: deps.log,
      signal: deps.signal,
      runningContainers: deps.runningContainers,
      dataDirStatus: deps.dataDirStatus,
      handlers: deps.handlers,
    });
    switch (end.kind) {
      case 'stopped':
        return;
      case 'deregistered':
        await deps.forgetIdentity();
        throw new AgentExit(ExitCode.Terminal, `This container instance was deregistered: ${end.reason}`);
      case 'refused':
        throw new AgentExit(
          ExitCode.Terminal,
          `The control plane refused this host's credential: ${end.reason}. If the instance was deregistered, remove ${deps.stateFile} and set ECS_JOIN_TOKEN to register it anew.`,
        );
      case 'reregister':
        deps.log.warn('control plane does not know this instance; registering again', { reason: end.reason });
        registration = await deps.register(registration.containerInstanceArn);
        failures = 0;
        break;
      case 'reconnect': {
        failures = end.established ? 0 : failures + 1;
        const delay = backoffDelay(RECONNECT_BACKOFF, failures, Math.random());
        if (end.silent) deps.connection.renew();
        deps.log.warn('session lost; reconnecting', { reason: end.reason, retryInMs: delay, ...(end.silent ? { newConnection: true } : {}) });
        await sleep(delay, deps.signal).catch(() => undefined);
        break;
      }
    }
  }
}
