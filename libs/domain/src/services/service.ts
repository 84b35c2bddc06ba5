/** Services in domain form (style rule 5): readonly, camelCase, ECS vocabulary. */
export type ServiceStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE';
export type SchedulingStrategy = 'REPLICA' | 'DAEMON';
export type DeploymentStatus = 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface DeploymentConfiguration {
  readonly maximumPercent: number;
  readonly minimumHealthyPercent: number;
  readonly deploymentCircuitBreaker: { readonly enable: boolean; readonly rollback: boolean };
}

export interface ServicePlacementConstraint {
  readonly type: 'distinctInstance' | 'memberOf';
  readonly expression?: string;
}

export interface ServicePlacementStrategy {
  readonly type: 'random' | 'binpack' | 'spread';
  readonly field?: string;
}

export interface Service {
  readonly clusterName: string;
  readonly name: string;
  readonly arn: string;
  readonly status: ServiceStatus;
  readonly desiredCount: number;
  readonly schedulingStrategy: SchedulingStrategy;
  /** The PRIMARY deployment's task definition. */
  readonly taskDefinitionArn: string;
  readonly deploymentConfiguration: DeploymentConfiguration;
  readonly placementConstraints: readonly ServicePlacementConstraint[];
  readonly placementStrategy: readonly ServicePlacementStrategy[];
  readonly healthCheckGracePeriodSeconds: number;
  readonly clientToken?: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

export interface Deployment {
  /** `ecs-svc/` and 19 digits. */
  readonly id: string;
  readonly clusterName: string;
  readonly serviceName: string;
  readonly status: DeploymentStatus;
  readonly taskDefinitionArn: string;
  readonly desiredCount: number;
  readonly rolloutState: RolloutState;
  readonly rolloutStateReason: string;
  /** Consecutive failed tasks, for the circuit breaker. */
  readonly failedTasks: number;
  /** Consecutive launch failures, for the restart backoff. */
  readonly launchFailures: number;
  readonly nextLaunchAt?: Date;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ServiceEvent {
  readonly id: string;
  readonly createdAt: Date;
  readonly message: string;
}

/** ECS defaults: REPLICA max 200 / min 100; DAEMON max 100 / min 0. */
export function defaultDeploymentConfiguration(strategy: SchedulingStrategy): DeploymentConfiguration {
  return strategy === 'DAEMON'
    ? { maximumPercent: 100, minimumHealthyPercent: 0, deploymentCircuitBreaker: { enable: false, rollback: false } }
    : { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: false, rollback: false } };
}

/** `ecs-svc/` and 19 digits, from digits the caller drew. */
export function deploymentIdFrom(digits: string): string {
  if (!/^\d{19}$/.test(digits)) throw new Error('a deployment id needs exactly 19 digits');
  return `ecs-svc/${digits}`;
}
