import type { ContainerInstanceStatus } from '@berth/domain';

/** What placement sees of one container instance: a snapshot, taken by the caller. */
export interface InstanceSnapshot {
  readonly id: string;
  readonly arn: string;
  readonly hostname: string;
  readonly status: ContainerInstanceStatus;
  readonly agentConnected: boolean;
  /** Registered minus reserved, as numbers and taken-port sets. */
  readonly remainingCpu: number;
  readonly remainingMemory: number;
  readonly takenPorts: ReadonlySet<number>;
  readonly takenPortsUdp: ReadonlySet<number>;
  readonly attributes: Readonly<Record<string, string | undefined>>;
  /** Groups of the tasks already on the instance (one entry per task), for spread and distinctInstance. */
  readonly taskGroups: readonly string[];
  /** For memberOf expressions (cluster query language subjects). */
  readonly agentVersion: string;
  readonly registeredAt: Date;
  readonly runningTasksCount: number;
  /** When its agent was last heard from (heartbeat, else registration): how long a disconnected host has been away. */
  readonly lastHeardAt?: Date;
}

export type PlacementStrategy =
  | { readonly type: 'random' }
  | { readonly type: 'binpack'; readonly field: 'cpu' | 'memory' }
  | { readonly type: 'spread'; readonly field: 'instanceId' | 'host' | `attribute:${string}` };

export interface MemberOfConstraint {
  readonly type: 'memberOf';
  readonly expression: string;
  /** Reads task:group or runningTasksCount, which change as the plan places tasks. */
  readonly dynamic: boolean;
  /** `live` is what the plan has added so far (groups include the snapshot's). */
  readonly matches: (instance: InstanceSnapshot, live?: { readonly taskGroups: readonly string[]; readonly placed: number }) => boolean;
}

export type PlacementConstraint = { readonly type: 'distinctInstance' } | MemberOfConstraint;

export interface PlacementRequest {
  readonly count: number;
  readonly cpu: number;
  readonly memory: number;
  readonly ports: readonly number[];
  readonly portsUdp: readonly number[];
  /** The task group (`family:web`, `service:api`), for spread and distinctInstance. */
  readonly group: string;
  readonly constraints: readonly PlacementConstraint[];
  readonly strategies: readonly PlacementStrategy[];
  /** Seeds the random tie-breaker: the same seed and snapshot give the same plan. */
  readonly seed: number;
}

/** ECS reasons, plus DRAINING *(ours)* for an instance that is not ACTIVE. */
export type FailureReason = 'RESOURCE:CPU' | 'RESOURCE:MEMORY' | 'RESOURCE:PORTS' | 'AGENT' | 'ATTRIBUTE' | 'MISSING' | 'DRAINING';

export interface PlacementFailure {
  /** The instance that came closest, when there was any. */
  readonly arn: string;
  readonly reason: FailureReason;
  readonly detail: string;
}

export interface PlacementPlan {
  /** Instance id per placed task, in placement order. */
  readonly placements: readonly string[];
  readonly failures: readonly PlacementFailure[];
}
