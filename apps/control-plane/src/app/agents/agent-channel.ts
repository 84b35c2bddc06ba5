import type { Task, TaskDefinition } from '@berth/domain';
import type { ResolvedSecrets } from '../secrets/resolve.js';

/** One task the control plane wants on an instance, with the definition the agent runs it from. */
export interface DesiredTask {
  readonly task: Task;
  readonly definition: TaskDefinition;
  /** For a task about to start whose definition uses the secret store: the values, or why it cannot start. */
  readonly secrets?: ResolvedSecrets;
}

/** The complete set of tasks the control plane wants on an instance; a higher sequence replaces a lower one. */
export interface DesiredTaskSet {
  readonly sequence: number;
  readonly tasks: readonly DesiredTask[];
}

/** Asks the agent holding a task's container to stream its output back on its session. */
export interface LogRequest {
  readonly requestId: string;
  readonly taskArn: string;
  readonly containerName: string;
  readonly follow: boolean;
  /** Unix seconds; 0 means from the start. */
  readonly since: number;
  /** Last lines only; 0 means all. */
  readonly tail: number;
  /** Bytes of output the agent may send before it is granted more (0: no limit). */
  readonly window: number;
}

/** Why the control plane ends an agent's session (`code` tells the agent what to do next). */
export interface SessionEndReason {
  readonly code: 'InstanceDeregistered' | 'SessionReplaced' | 'ControlPlaneShuttingDown';
  readonly message: string;
}

/**
 * The agent sessions this replica holds, as the application layer uses them. The transport (the
 * gRPC edge's AgentSessions) implements it; sending to an instance without a session here does
 * nothing and returns false.
 */
export interface AgentChannel {
  has(instanceId: string): boolean;
  /** The instances whose sessions are held here. */
  instanceIds(): string[];
  sendDesiredTasks(instanceId: string, set: DesiredTaskSet): boolean;
  sendLogRequest(instanceId: string, request: LogRequest): boolean;
  cancelLogRequest(instanceId: string, requestId: string): boolean;
  /** Lets the agent send `bytes` more of a request's output (its caller has read that much). */
  grantLogCredit(instanceId: string, requestId: string, bytes: number): boolean;
  end(instanceId: string, reason: SessionEndReason): void;
}
