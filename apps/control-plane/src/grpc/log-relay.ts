import type { wire } from '@berth/proto';

export interface LogSink {
  data(stream: string, data: Buffer): void;
  end(error?: string): void;
}

/**
 * Routes log data arriving on agent sessions to the API calls that asked for it, by request id.
 * One relay per replica; the agent holding the container answers on its own session.
 */
export class LogRelay {
  private readonly sinks = new Map<string, { instanceId: string; sink: LogSink }>();

  open(requestId: string, instanceId: string, sink: LogSink): void {
    this.sinks.set(requestId, { instanceId, sink });
  }

  close(requestId: string): void {
    this.sinks.delete(requestId);
  }

  /** Data from an agent; only the instance that was asked may answer a request. */
  deliver(instanceId: string, message: wire.LogData__Output): void {
    const entry = this.sinks.get(message.requestId);
    if (!entry || entry.instanceId !== instanceId) return;
    if (message.data.length > 0) entry.sink.data(message.stream, message.data);
    if (message.end) {
      this.sinks.delete(message.requestId);
      entry.sink.end(message.error || undefined);
    }
  }

  /** The agent's session ended: every request it was serving ends with an error. */
  instanceGone(instanceId: string): void {
    for (const [id, entry] of this.sinks) {
      if (entry.instanceId !== instanceId) continue;
      this.sinks.delete(id);
      entry.sink.end('the agent disconnected');
    }
  }
}
