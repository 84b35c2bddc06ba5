import type { ArnScope } from '@berth/domain';
import type { Logger } from '@berth/log';
import type { Kysely } from 'kysely';
import type { Database, Notifier } from '@berth/state-store';
import type { AgentSessions } from './agent/agent-sessions.js';
import type { LogRelay } from './agent/log-relay.js';

/** Timing of the agent protocol; short values make tests fast, defaults suit real hosts. */
export interface LivenessSettings {
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
}

/** Everything a handler needs, passed in so handlers never reach for globals or the clock. */
export interface ApiContext {
  readonly db: Kysely<Database>;
  readonly scope: ArnScope;
  readonly now: () => Date;
  readonly newId: () => string;
  readonly log: Logger;
  readonly liveness: LivenessSettings;
  readonly sessions: AgentSessions;
  readonly logRelay: LogRelay;
  /** Reaches the other control-plane replicas sharing the store. */
  readonly notifier: Notifier;
  readonly limits: ApiLimits;
  /** Asks the service reconciler to run soon (after a service or its tasks changed). */
  readonly kickServices: () => void;
}

/** Limits ECS fixes and Berth makes configurable. */
export interface ApiLimits {
  /** Most tasks one RunTask may start (ECS: 10). */
  readonly maxRunTaskCount: number;
}
