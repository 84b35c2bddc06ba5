import type { Logger } from '@berth/log';
import type { Notifier } from '@berth/state-store';
import type { LogRequest } from '../app/agents/agent-channel.js';
import type { AgentSessions } from './agent-sessions.js';
import type { LogRelay } from './log-relay.js';

/** Asks for logs of an instance whose session is on another replica. */
export const LOG_REQUESTS_CHANNEL = 'berth_log_requests';
/** The answers: acceptance, data, end. */
export const LOG_DATA_CHANNEL = 'berth_log_data';
/** Raw bytes per data message: base64 and JSON keep it well under NOTIFY's 8000-byte payload. */
export const LOG_CHUNK_BYTES = 4096;
/** How long output waits for more before it is sent on. */
export const LOG_GATHER_MS = 20;
/** A request no replica has accepted by then ends with an error (the agent is connected nowhere). */
export const LOG_ACCEPT_WITHIN_MS = 5_000;

type OpenMessage = { kind: 'open'; instanceId: string; request: LogRequest };
type CancelMessage = { kind: 'cancel'; instanceId: string; requestId: string };
type GrantMessage = { kind: 'grant'; instanceId: string; requestId: string; bytes: number };
type DataMessage = { requestId: string; instanceId: string; accepted?: true; stream?: string; data?: string; end?: true; error?: string };

const id = /^[0-9a-zA-Z-]{1,64}$/;
const isId = (v: unknown): v is string => typeof v === 'string' && id.test(v);

/**
 * `berth logs` through any replica. The replica serving the call publishes the request on
 * PostgreSQL (LISTEN/NOTIFY); the replica holding the agent's session accepts it, asks the agent,
 * and publishes what comes back in small ordered chunks, which the serving replica writes to its
 * caller. Embedded PGlite has one process, so this path is never taken there.
 */
export class ReplicaLogRelay {
  /**
   * Requests this replica's callers made and not ended, with the timer that ends one nobody
   * accepted (cleared once accepted): the only data it takes from the channel, which also carries
   * what it publishes itself.
   */
  private readonly asked = new Map<string, NodeJS.Timeout | undefined>();
  /** Publishes of one request, one after another, so chunks arrive in order. */
  private readonly outgoing = new Map<string, Promise<void>>();

  constructor(
    private readonly notifier: Notifier,
    private readonly sessions: AgentSessions,
    private readonly relay: LogRelay,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.notifier.subscribe(LOG_REQUESTS_CHANNEL, (payload) => this.onRequest(payload));
    await this.notifier.subscribe(LOG_DATA_CHANNEL, (payload) => this.onData(payload));
  }

  /** Serving side: the relay already has the caller's sink under `request.requestId`. */
  async ask(instanceId: string, request: LogRequest): Promise<void> {
    const timer = setTimeout(() => {
      this.asked.delete(request.requestId);
      this.relay.deliver(instanceId, { requestId: request.requestId, stream: '', data: Buffer.alloc(0), end: true, error: `no control-plane replica holds the session of container instance ${instanceId}; try again when its agent is connected` });
    }, LOG_ACCEPT_WITHIN_MS);
    timer.unref();
    this.asked.set(request.requestId, timer);
    await this.notifier.publish(LOG_REQUESTS_CHANNEL, JSON.stringify({ kind: 'open', instanceId, request } satisfies OpenMessage));
  }

  cancel(instanceId: string, requestId: string): void {
    clearTimeout(this.asked.get(requestId));
    this.asked.delete(requestId);
    void this.notifier.publish(LOG_REQUESTS_CHANNEL, JSON.stringify({ kind: 'cancel', instanceId, requestId } satisfies CancelMessage)).catch(() => undefined);
  }

  /** The caller read `bytes` more of a request relayed from another replica: pass the grant to its agent. */
  grant(instanceId: string, requestId: string, bytes: number): void {
    void this.notifier.publish(LOG_REQUESTS_CHANNEL, JSON.stringify({ kind: 'grant', instanceId, requestId, bytes } satisfies GrantMessage)).catch(() => undefined);
  }

  private onRequest(payload: string): void {
    const message = parse(payload);
    if (!message || !isId(message.instanceId) || !this.sessions.has(message.instanceId)) return;
    if (message.kind === 'cancel' && isId(message.requestId)) {
      this.relay.close(message.requestId);
      this.sessions.cancelLogRequest(message.instanceId, message.requestId);
      return;
    }
    if (message.kind === 'grant') {
      if (isId(message.requestId) && this.relay.isOpen(message.requestId, message.instanceId) && isCount(message.bytes) && message.bytes > 0) {
        this.sessions.grantLogCredit(message.instanceId, message.requestId, message.bytes);
      }
      return;
    }
    const request = logRequestOf(message.kind === 'open' ? message.request : undefined);
    if (!request) {
      this.log.warn('ignored a malformed log request from another replica');
      return;
    }
    const instanceId = message.instanceId;
    const send = (data: Omit<DataMessage, 'requestId' | 'instanceId'>) => {
      const previous = this.outgoing.get(request.requestId) ?? Promise.resolve();
      const next = previous
        .then(() => this.notifier.publish(LOG_DATA_CHANNEL, JSON.stringify({ requestId: request.requestId, instanceId, ...data } satisfies DataMessage)))
        .catch((error: unknown) => this.log.warn('could not relay logs to another replica', { error }));
      this.outgoing.set(request.requestId, next);
      if (data.end) void next.then(() => this.outgoing.delete(request.requestId));
    };
    // Agents send output a line or so at a time: gather it into full chunks (or what came within
    // a moment), so a burst of lines costs a few notifications, not one each.
    let pending: { stream: string; parts: Buffer[]; bytes: number } | undefined;
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      if (!pending) return;
      const { stream, parts } = pending;
      pending = undefined;
      const data = Buffer.concat(parts);
      for (let at = 0; at < data.length; at += LOG_CHUNK_BYTES) send({ stream, data: data.subarray(at, at + LOG_CHUNK_BYTES).toString('base64') });
    };
    this.relay.open(
      request.requestId,
      instanceId,
      {
        data: (stream, data) => {
          if (pending && pending.stream !== stream) flush();
          pending ??= { stream, parts: [], bytes: 0 };
          pending.parts.push(data);
          pending.bytes += data.length;
          if (pending.bytes >= LOG_CHUNK_BYTES) flush();
          else timer ??= setTimeout(flush, LOG_GATHER_MS);
        },
        end: (error) => {
          flush();
          send({ end: true, ...(error ? { error } : {}) });
        },
      },
      `replica:${request.requestId}`,
    );
    send({ accepted: true });
    this.sessions.sendLogRequest(instanceId, request);
  }

  private onData(payload: string): void {
    const message = parse(payload) as DataMessage | undefined;
    if (!message || !isId(message.requestId) || !isId(message.instanceId) || !this.asked.has(message.requestId)) return;
    clearTimeout(this.asked.get(message.requestId));
    if (message.end === true) this.asked.delete(message.requestId);
    else this.asked.set(message.requestId, undefined);
    if (message.accepted) return;
    this.relay.deliver(message.instanceId, {
      requestId: message.requestId,
      stream: typeof message.stream === 'string' ? message.stream : '',
      data: typeof message.data === 'string' ? Buffer.from(message.data, 'base64') : Buffer.alloc(0),
      end: message.end === true,
      error: typeof message.error === 'string' ? message.error.slice(0, 1000) : '',
    });
  }
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function parse(payload: string): (Partial<OpenMessage> & Partial<CancelMessage> & Omit<Partial<GrantMessage>, 'kind'> & Record<string, unknown>) | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === 'object' && value !== null ? (value as never) : undefined;
  } catch {
    return undefined;
  }
}

/** The request as another replica sent it, checked field by field. */
function logRequestOf(value: unknown): LogRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (!isId(r.requestId) || typeof r.taskArn !== 'string' || r.taskArn.length > 2048 || typeof r.containerName !== 'string' || r.containerName.length > 255) return undefined;
  if (typeof r.follow !== 'boolean' || !isCount(r.since) || !isCount(r.tail) || !isCount(r.window)) return undefined;
  return { requestId: r.requestId, taskArn: r.taskArn, containerName: r.containerName, follow: r.follow, since: r.since, tail: r.tail, window: r.window };
}
