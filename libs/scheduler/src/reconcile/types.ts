import type { Task, TaskReservation } from '@berth/domain';
import type { InstanceSnapshot, PlacementConstraint, PlacementFailure, PlacementRequest, PlacementStrategy } from '../placement/types.js';

/**
 * What the service reconciler sees and what it answers. Everything is a value handed in by the
 * caller (style rule 1): `now`, the rollback deployment id and the seed included, so a plan can be
 * recomputed from its input and table-tested.
 */

export interface DeploymentState {
  /** `ecs-svc/` and 19 digits; the service's tasks carry it in `startedBy`. */
  readonly id: string;
  readonly status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  /** Kept on INACTIVE deployments too: a rollback needs the last COMPLETED one's definition. */
  readonly taskDefinitionArn: string;
  readonly desiredCount: number;
  readonly pendingCount: number;
  readonly runningCount: number;
  readonly rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  readonly rolloutStateReason: string;
  /** Consecutive failed tasks since the last success, for the circuit breaker (recomputed each pass). */
  readonly failedTasks: number;
  /** Consecutive tasks that never reached RUNNING, for the restart backoff (recomputed each pass). */
  readonly launchFailures: number;
  /** No new tasks of this deployment before this instant. */
  readonly nextLaunchAt?: Date;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** What each of its tasks holds on an instance. */
  readonly taskReservation: TaskReservation;
  /** Its task definition's own placement constraints, bound on top of the service's. */
  readonly placementConstraints: readonly PlacementConstraint[];
  /** The definition's essential containers have health checks: RUNNING is not enough to be healthy. */
  readonly hasHealthCheck: boolean;
}

export interface DeploymentConfiguration {
  readonly maximumPercent: number;
  readonly minimumHealthyPercent: number;
  readonly circuitBreaker: { readonly enable: boolean; readonly rollback: boolean };
}

export interface ServiceState {
  readonly name: string;
  readonly arn: string;
  readonly clusterName: string;
  readonly status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  /** REPLICA only; a DAEMON's desired count is the number of eligible instances. */
  readonly desiredCount: number;
  readonly schedulingStrategy: 'REPLICA' | 'DAEMON';
  /** Numbers as stored: the caller has already applied ECS's defaults. */
  readonly deploymentConfiguration: DeploymentConfiguration;
  readonly healthCheckGracePeriodSeconds: number;
  /** The service's own; each deployment adds its definition's (`DeploymentState.placementConstraints`). */
  readonly placementConstraints: readonly PlacementConstraint[];
  readonly placementStrategies: readonly PlacementStrategy[];
  /** Every deployment the service still has, INACTIVE ones that were COMPLETED included. */
  readonly deployments: readonly DeploymentState[];
  /** Event messages, newest last, so the reconciler does not repeat itself. */
  readonly recentEvents: readonly string[];
}

export interface ReconcileInput {
  readonly service: ServiceState;
  /** The service's tasks in any status (STOPPED ones too: they are the launch history). */
  readonly tasks: readonly Task[];
  /** Snapshot of the cluster's instances: DAEMON targets, and where tasks must move away from. */
  readonly instances: readonly InstanceSnapshot[];
  readonly now: Date;
  /** Seeds placement's random tie-breaker; the reconciler itself draws nothing. */
  readonly seed: number;
  /** The id a rollback deployment gets if the circuit breaker trips in this pass. */
  readonly nextDeploymentId: string;
  /** The cluster's lost-host timeout (`berthLostHostTimeout`); DEFAULT_LOST_HOST_TIMEOUT_MS when absent. */
  readonly lostHostTimeoutMs?: number;
  /** DAEMON: may the instance run the service? Defaults to every memberOf constraint of the service and its PRIMARY definition. */
  readonly instanceEligible?: (instance: InstanceSnapshot) => boolean;
}

/** Start `count` tasks of a deployment; DAEMON starts name the exact instances, one task each. */
export interface PlannedStart {
  readonly deploymentId: string;
  readonly count: number;
  readonly instanceIds?: readonly string[];
}

export interface PlannedStop {
  readonly taskArn: string;
  readonly reason: string;
  readonly stopCode: 'ServiceSchedulerInitiated';
}

/**
 * Where the planned starts of one deployment go: instance ids chosen by `place` on the snapshot
 * as it is after this pass's stops, and the request they were chosen for, which the applier
 * re-checks them against under lock.
 */
export interface PlannedPlacement {
  readonly deploymentId: string;
  readonly request: PlacementRequest;
  /** One per task to start, in placement order. */
  readonly instanceIds: readonly string[];
}

/** A decision, not a change: the applier re-checks it against locked rows and commits it (style rule 2). */
export interface ServicePlan {
  /** How many tasks the rollout wants started (before placement). */
  readonly start: readonly PlannedStart[];
  /** The starts placed on concrete instances; fewer than `start` asks for when some fit nowhere. */
  readonly placements: readonly PlannedPlacement[];
  /** Why starts could not be placed (the closest instance and what it lacked); the events name the first. */
  readonly placementFailures: readonly PlacementFailure[];
  readonly stop: readonly PlannedStop[];
  /** The input deployments with counts, statuses, rollout state and launch history brought up to date. */
  readonly deployments: readonly DeploymentState[];
  /** A rollback deployment the circuit breaker created; it is the PRIMARY from now on. */
  readonly newDeployment?: DeploymentState;
  /** New messages only, already checked against `recentEvents`. */
  readonly events: readonly string[];
  /** One deployment, all desired tasks running and healthy, nothing to start or stop. */
  readonly steady: boolean;
  /** DAEMON: the number of eligible instances, to be stored as the service's desiredCount. */
  readonly desiredCountOfService?: number;
  /** Service DRAINING and no task left that is not STOPPED: the caller may mark it INACTIVE. */
  readonly drained: boolean;
}
