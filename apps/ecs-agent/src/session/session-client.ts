import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import type { Logger } from '@berth/log';
import { toTimestamp, type wire } from '@berth/proto';
import { authorizationMetadata } from '@berth/api-client';

/** Why a session ended, which tells the caller what to do next. */
export type SessionEnd =
  | { readonly kind: 'stopped' }
  | {
      readonly kind: 'reconnect';
      readonly established: boolean;
      readonly reason: string;
      /** The control plane said nothing for the heartbeat timeout: its connection may be black-holed. */
      readonly silent?: boolean;
    }
  | { readonly kind: 'reregister'; readonly reason: string }
  | { readonly kind: 'deregistered'; readonly reason: string }
  | { readonly kind: 'refused'; readonly reason: string };

export interface SessionOptions {
  readonly containerInstanceArn: string;
  /** The host's credential, `Bearer id:secret`. */
  readonly authorization: string;
  readonly cluster: string;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly runningContainers: () => number;
  /** ECS_DATADIR's state for the heartbeat: ok, full or unwritable. */
  readonly dataDirStatus?: () => string;
  /** Highest report sequence the agent already had acknowledged, for the control plane's log. */
  readonly lastAckedReportSequence?: number;
  readonly handlers?: SessionHandlers;
}

/** Protocol features this agent understands, named in its hello (the control plane adapts to them). */
export const AGENT_CAPABILITIES = ['desired-parts', 'log-window'];

/** What the rest of the agent does with a live session. Handlers must only queue work (style rule 11). */
export interface SessionHandlers {
  onEstablished?(welcome: wire.Welcome__Output, send: (message: wire.AgentMessage) => void): void;
  onMessage?(message: wire.ControlMessage__Output, send: (message: wire.AgentMessage) => void): void;
  onClosed?(): void;
}

/**
 * Runs one session stream until it ends: hello, then heartbeats at the interval the control plane
 * asked for. A control plane silent for longer than the heartbeat timeout counts as gone, even when
 * the TCP connection looks open, and the stream is abandoned so the caller reconnects.
 */
export function runSession(client: wire.AgentServiceClient, options: SessionOptions): Promise<SessionEnd> {
  return new Promise<SessionEnd>((resolve) => {
    const call = client.Session(authorizationMetadata(options.authorization));
    let established = false;
    let settled = false;
    let intervalMs = options.heartbeatIntervalMs;
    let timeoutMs = options.heartbeatTimeoutMs;
    let lastHeard = Date.now();
    let serverError: wire.SessionError__Output | undefined;
    let heartbeat: NodeJS.Timeout | undefined;

    const send = (message: wire.AgentMessage) => {
      if (!settled) call.write(message);
    };
    const done = (end: SessionEnd) => {
      if (settled) return;
      settled = true;
      options.handlers?.onClosed?.();
      clearInterval(heartbeat);
      clearInterval(watchdog);
      options.signal.removeEventListener('abort', onAbort);
      call.cancel();
      resolve(end);
    };

    const sendHeartbeat = () => {
      call.write({ heartbeat: { sentAt: toTimestamp(new Date()), runningContainers: options.runningContainers(), dataDir: options.dataDirStatus?.() ?? 'ok' } });
    };

    const watchdog = setInterval(() => {
      if (Date.now() - lastHeard > timeoutMs) {
        done({ kind: 'reconnect', established, silent: true, reason: `no word from the control plane for ${timeoutMs} ms` });
      }
    }, Math.max(100, Math.floor(options.heartbeatIntervalMs / 2)));

    const onAbort = () => {
      call.end();
      done({ kind: 'stopped' });
    };
    options.signal.addEventListener('abort', onAbort, { once: true });

    call.on('data', (message: wire.ControlMessage__Output) => {
      lastHeard = Date.now();
      switch (message.message) {
        case 'welcome': {
          established = true;
          intervalMs = message.welcome!.heartbeatIntervalMs || intervalMs;
          timeoutMs = message.welcome!.heartbeatTimeoutMs || timeoutMs;
          options.log.info('session established', { containerInstanceArn: options.containerInstanceArn, heartbeatIntervalMs: intervalMs });
          clearInterval(heartbeat);
          heartbeat = setInterval(sendHeartbeat, intervalMs);
          sendHeartbeat();
          options.handlers?.onEstablished?.(message.welcome!, send);
          return;
        }
        case 'error':
          serverError = message.error!;
          options.log.warn('control plane ended the session', { code: serverError.code, reason: serverError.message });
          return;
        default:
          options.handlers?.onMessage?.(message, send);
          return;
      }
    });
    call.on('error', (error: ServiceError) => {
      if (serverError?.code === 'InstanceDeregistered') {
        done({ kind: 'deregistered', reason: serverError.message });
      } else if (error.code === GrpcStatus.NOT_FOUND) {
        done({ kind: 'reregister', reason: error.details });
      } else if (error.code === GrpcStatus.UNAUTHENTICATED || error.code === GrpcStatus.PERMISSION_DENIED) {
        done({ kind: 'refused', reason: error.details });
      } else if (error.code === GrpcStatus.CANCELLED && settled) {
        // our own cancel
      } else {
        done({ kind: 'reconnect', established, reason: error.details || error.message });
      }
    });
    call.on('end', () => done({ kind: 'reconnect', established, reason: 'the control plane closed the session' }));

    call.write({
      hello: {
        containerInstanceArn: options.containerInstanceArn,
        cluster: options.cluster,
        lastAckedReportSequence: String(options.lastAckedReportSequence ?? 0),
        capabilities: AGENT_CAPABILITIES,
      },
    });
  });
}
