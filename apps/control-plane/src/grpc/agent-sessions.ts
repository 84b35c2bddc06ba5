import type { ArnScope } from '@berth/domain';
import type { wire } from '@berth/proto';
import type { AgentChannel, DesiredTaskSet, LogRequest, SessionEndReason } from '../app/agents/agent-channel.js';
import { DESIRED_PART_BYTES, desiredTasksToWire, type AgentCapability } from './agent-wire.js';

/** The control plane's end of one agent's session stream. */
export interface SessionHandle {
  readonly sessionId: string;
  /** What the agent said it understands in its hello (empty for older agents). */
  readonly capabilities: ReadonlySet<AgentCapability>;
  send(message: wire.ControlMessage): void;
  /** Ends the stream after telling the agent why. */
  close(error: wire.SessionError): void;
}

/**
 * Which agent sessions this replica holds, by container-instance id. One live session per host: a
 * reconnecting agent replaces its stale session, and only the current session may mark the
 * instance disconnected when it ends.
 */
export class AgentSessions implements AgentChannel {
  private readonly byInstance = new Map<string, SessionHandle>();

  constructor(private readonly scope: ArnScope) {}

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

  has(instanceId: string): boolean {
    return this.byInstance.has(instanceId);
  }

  instanceIds(): string[] {
    return [...this.byInstance.keys()];
  }

  get size(): number {
    return this.byInstance.size;
  }

  sendDesiredTasks(instanceId: string, set: DesiredTaskSet): boolean {
    return this.withSession(instanceId, (handle) => {
      // An agent without parts takes the set in one message, as before (a set over 4 MiB fails there).
      const partBytes = handle.capabilities.has('desired-parts') ? DESIRED_PART_BYTES : Infinity;
      for (const part of desiredTasksToWire(set, this.scope, partBytes)) handle.send({ desiredTasks: part });
    });
  }

  sendLogRequest(instanceId: string, request: LogRequest): boolean {
    return this.withSession(instanceId, (handle) => {
      const window = handle.capabilities.has('log-window') ? request.window : 0;
      handle.send({ logRequest: { ...request, since: String(request.since), window: String(window) } });
    });
  }

  grantLogCredit(instanceId: string, requestId: string, bytes: number): boolean {
    return this.withSession(instanceId, (handle) => {
      // An agent without the window sends unmetered, and would take a grant for a new request.
      if (handle.capabilities.has('log-window')) handle.send({ logRequest: { requestId, grant: String(bytes) } });
    });
  }

  cancelLogRequest(instanceId: string, requestId: string): boolean {
    return this.withSession(instanceId, (handle) => handle.send({ logRequest: { requestId, cancel: true } }));
  }

  end(instanceId: string, reason: SessionEndReason): void {
    const handle = this.byInstance.get(instanceId);
    if (!handle) return;
    this.byInstance.delete(instanceId);
    handle.close(reason);
  }

  /**
   * Ends every session (the replica is going away). The instances are not marked disconnected:
   * their agents are told to reconnect and do so at once, to another replica; one that does not
   * come back is found by the liveness loop as any silent agent is.
   */
  closeAll(reason: SessionEndReason): void {
    const handles = [...this.byInstance.values()];
    this.byInstance.clear();
    for (const handle of handles) handle.close(reason);
  }

  /** Runs `act` on the instance's session when it is held here; false when it is not. */
  private withSession(instanceId: string, act: (handle: SessionHandle) => void): boolean {
    const handle = this.byInstance.get(instanceId);
    if (!handle) return false;
    act(handle);
    return true;
  }
}
