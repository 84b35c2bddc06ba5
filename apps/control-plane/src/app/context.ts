import type { ArnScope } from '@berth/domain';
import type { Logger } from '@berth/log';
import type { Notifier, StoreAccess } from '@berth/state-store';
import type { AgentChannel } from './agents/agent-channel.js';
import type { TaskDefinitionCache } from './agents/definition-cache.js';
import type { DesiredTaskSequence } from './agents/desired-sequence.js';
import type { LiveInstanceCache } from './placement/live-instances.js';
import type { IdSource } from './ids.js';
import type { CredentialCache } from './security/credentials.js';
import type { RateLimiter } from './security/rate-limiter.js';
import type { SecretBox } from './security/secret-box.js';

/** Timing of the agent protocol; short values make tests fast, defaults suit real hosts. */
export interface LivenessSettings {
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  /**
   * Since when this process could have heard every agent: its start, or the end of the last
   * outage of the store. A host silent for less than that is not lost — the control plane was
   * away, not the host — so a restart or a database outage never looks like every host dying.
   */
  hearingSince: Date;
}

/** Limits ECS fixes and Berth makes configurable. */
export interface AppLimits {
  /** Most tasks one RunTask may start (ECS: 10). */
  readonly maxRunTaskCount: number;
}

/**
 * Everything an application function needs, passed in: the store (through its own transactions),
 * the clock, ids and seeds, and the links to agents and the service loop. Nothing here is a global,
 * so every function runs the same in a test with a fixed clock and ids.
 */
export interface AppContext {
  readonly store: StoreAccess;
  /** Reaches the other control-plane replicas sharing the store. */
  readonly notifier: Notifier;
  readonly scope: ArnScope;
  readonly now: () => Date;
  readonly ids: IdSource;
  readonly limits: AppLimits;
  readonly liveness: LivenessSettings;
  readonly log: Logger;
  /** The agent sessions this replica holds. */
  readonly agents: AgentChannel;
  readonly desiredSequence: DesiredTaskSequence;
  /** Registered revisions, which never change, for desired sets. */
  readonly definitions: TaskDefinitionCache;
  /** The clusters' live instances as of their versions, for placement. */
  readonly liveInstances: LiveInstanceCache;
  /** Seals secrets at rest with the server key. */
  readonly secrets: SecretBox;
  readonly credentials: CredentialCache;
  readonly rates: RateLimiter;
  /** Asks the service reconciler to run soon (after a service, its tasks or an instance changed). */
  readonly kickServices: () => void;
}
