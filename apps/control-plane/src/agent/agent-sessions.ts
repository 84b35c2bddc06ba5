import type { wire } from '@berth/proto';

/** The control plane's end of one agent's session stream. */
export interface SessionHandle {
  readonly sessionId: string;
  send(message: wire.ControlMessage): void;
  /** Ends the stream after telling the agent why. */
  close(error: wire.SessionError): void;
}

/**
 * Which agent sessions this replica holds, by container-instance id. One live session per host: a
 * reconnecting agent replaces its stale session, and only the current session may mark the
 * instance disconnected when it ends.
 */
export class AgentSessions {
  private readonly byInstance = new Map<string, SessionHandle>();

  attach(instanceId: string, handle: SessionHandle): void {
    const previous = this.byInstance.get(instanceId);
    this.byInstance.set(instanceId, handle);
    if (previous && previous !== handle) {
      previous.close({ code: 'SessionReplaced', message: 'A newer session for this container instance replaced this one.' });
    }
  }

  /** Returns true when `handle` was the current session (so the caller should mark the instance disconnected). */
  detach(instanceId: string, handle: SessionHandle): boolean {
    if (this.byInstance.get(instanceId) !== handle) return false;
    this.byInstance.delete(instanceId);
    return true;
  }

  endSession(instanceId: string, error: wire.SessionError): void {
    const handle = this.byInstance.get(instanceId);
    if (!handle) return;
    this.byInstance.delete(instanceId);
    handle.close(error);
  }

  send(instanceId: string, message: wire.ControlMessage): boolean {
    const handle = this.byInstance.get(instanceId);
    if (!handle) return false;
    handle.send(message);
    return true;
  }

  has(instanceId: string): boolean {
    return this.byInstance.has(instanceId);
  }

  get size(): number {
    return this.byInstance.size;
  }

  closeAll(error: wire.SessionError): void {
    for (const handle of this.byInstance.values()) handle.close(error);
    this.byInstance.clear();
  }
}
