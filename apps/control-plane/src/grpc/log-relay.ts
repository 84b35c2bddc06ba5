import type { wire } from '@berth/proto';

export interface LogSink {
  data(stream: string, data: Buffer): void;
  end(error?: string): void;
}

/** Log streams one credential may have open at once on a replica. */
export const MAX_LOG_STREAMS_PER_CALLER = 16;

/**
 * Routes log data arriving on agent sessions to the API calls that asked for it, by request id.
 * One relay per replica; the agent holding the container answers on its own session.
 */
export class LogRelay {
  private readonly sinks = new Map<string, { instanceId: string; sink: LogSink; owner: string }>();
  /** Streams admitted per owner (a credential), open or about to be. */
  private readonly admitted = new Map<string, number>();

  /** Counts a stream for `owner` before it opens; false when the owner has as many as allowed. */
  admit(owner: string): boolean {
    const n = this.admitted.get(owner) ?? 0;
    if (n >= MAX_LOG_STREAMS_PER_CALLER) return false;
    this.admitted.set(owner, n + 1);
    return true;
  }

  /** An admitted stream that will not open after all. */
  release(owner: string): void {
    const n = (this.admitted.get(owner) ?? 1) - 1;
    if (n > 0) this.admitted.set(owner, n);
    else this.admitted.delete(owner);
  }

  open(requestId: string, instanceId: string, sink: LogSink, owner: string): void {
    this.sinks.set(requestId, { instanceId, sink, owner });
  }

  /** Whether `requestId` is being served from `instanceId`'s agent here. */
  isOpen(requestId: string, instanceId: string): boolean {
    return this.sinks.get(requestId)?.instanceId === instanceId;
  }

  close(requestId: string): void {
    this.remove(requestId);
  }

  private remove(requestId: string): void {
    const entry = this.sinks.get(requestId);
    if (!entry) return;
    this.sinks.delete(requestId);
    this.release(entry.owner);
  }

  /** Data from an agent; only the instance that was asked may answer a request. */
  deliver(instanceId: string, message: wire.LogData__Output): void {
    const entry = this.sinks.get(message.requestId);
    if (!entry || entry.instanceId !== instanceId) return;
    if (message.data.length > 0) entry.sink.data(message.stream, message.data);
    if (message.end) {
      this.remove(message.requestId);
      entry.sink.end(message.error || undefined);
    }
  }

  /** The agent's session ended: every request it was serving ends with an error. */
  instanceGone(instanceId: string): void {
    for (const [id, entry] of this.sinks) {
      if (entry.instanceId !== instanceId) continue;
      this.remove(id);
      entry.sink.end('the agent disconnected');
    }
  }
}
