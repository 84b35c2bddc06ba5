import {
  defaultDeploymentConfiguration,
  invalidParameter,
  type DeploymentConfiguration,
  type SchedulingStrategy,
  type ServicePlacementConstraint,
  type ServicePlacementStrategy,
} from '@berth/domain';
import type { RequestOf } from '@berth/ecs-api';
import { placementConstraints, placementStrategies } from '@berth/scheduler';

type Request = RequestOf<'CreateService'>;

/**
 * deploymentConfiguration from a request, over `base` (the ECS defaults on create, the current
 * configuration on update). Refuses min > max and the bounds ECS enforces.
 */
export function deploymentConfigurationFrom(
  requested: Request['deploymentConfiguration'],
  base: DeploymentConfiguration,
  strategy: SchedulingStrategy,
): DeploymentConfiguration {
  const max = requested?.maximumPercent ?? base.maximumPercent;
  const min = requested?.minimumHealthyPercent ?? base.minimumHealthyPercent;
  const given = requested?.deploymentCircuitBreaker;
  const breaker = given ? { enable: given.enable ?? false, rollback: given.rollback ?? false } : base.deploymentCircuitBreaker;
  if (min < 0 || min > 100) throw invalidParameter(`deploymentConfiguration.minimumHealthyPercent must be between 0 and 100, got ${min}.`);
  if (max < 100 || max > 2000) throw invalidParameter(`deploymentConfiguration.maximumPercent must be between 100 and 2000, got ${max}.`);
  if (min > max) throw invalidParameter(`deploymentConfiguration.minimumHealthyPercent (${min}) cannot be greater than maximumPercent (${max}).`);
  if (strategy === 'DAEMON' && max !== 100) throw invalidParameter('deploymentConfiguration.maximumPercent must be 100 for a DAEMON service.');
  if (breaker.rollback && !breaker.enable) throw invalidParameter('deploymentCircuitBreaker.rollback requires enable.');
  return { maximumPercent: max, minimumHealthyPercent: min, deploymentCircuitBreaker: breaker };
}

export function schedulingStrategyFrom(value: string | undefined): SchedulingStrategy {
  const strategy = value || 'REPLICA';
  if (strategy !== 'REPLICA' && strategy !== 'DAEMON') throw invalidParameter(`schedulingStrategy must be REPLICA or DAEMON, got '${value}'.`);
  return strategy;
}

export function defaultsFor(strategy: SchedulingStrategy): DeploymentConfiguration {
  return defaultDeploymentConfiguration(strategy);
}

/** Placement options are checked now (so a bad one is refused at the API) and stored as given. */
export function servicePlacementFrom(
  constraints: Request['placementConstraints'] = [],
  strategies: Request['placementStrategy'] = [],
  strategy: SchedulingStrategy,
): { constraints: ServicePlacementConstraint[]; strategies: ServicePlacementStrategy[] } {
  placementStrategies(strategies);
  placementConstraints(constraints);
  if (strategy === 'DAEMON' && strategies.length > 0) throw invalidParameter('placementStrategy cannot be used with a DAEMON service.');
  return {
    constraints: constraints.map((c) => ({ type: c.type as ServicePlacementConstraint['type'], ...(c.expression ? { expression: c.expression } : {}) })),
    strategies: strategies.map((s) => ({ type: s.type as ServicePlacementStrategy['type'], ...(s.field ? { field: s.field } : {}) })),
  };
}

export function desiredCountFrom(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value < 0 || value > 5000) throw invalidParameter(`desiredCount must be between 0 and 5000, got ${value}.`);
  return value;
}

export function gracePeriodFrom(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value < 0 || value > 2_147_483_647) throw invalidParameter(`healthCheckGracePeriodSeconds must be a non-negative integer, got ${value}.`);
  return value;
}
