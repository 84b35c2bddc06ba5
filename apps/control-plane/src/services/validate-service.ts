import {
  defaultDeploymentConfiguration,
  invalidParameter,
  type DeploymentConfiguration,
  type SchedulingStrategy,
  type ServicePlacementConstraint,
  type ServicePlacementStrategy,
} from '@berth/domain';
import type { wire } from '@berth/proto';
import { constraintsFrom, strategiesFrom } from '../tasks/placement-options.js';

/**
 * deploymentConfiguration from a request, over `base` (the ECS defaults on create, the current
 * configuration on update). Refuses min > max and the bounds ECS enforces.
 */
export function deploymentConfigurationFrom(
  requested: wire.DeploymentConfiguration__Output | null,
  base: DeploymentConfiguration,
  strategy: SchedulingStrategy,
): DeploymentConfiguration {
  const max = requested?.maximumPercent ?? base.maximumPercent;
  const min = requested?.minimumHealthyPercent ?? base.minimumHealthyPercent;
  const breaker = requested?.deploymentCircuitBreaker
    ? { enable: requested.deploymentCircuitBreaker.enable, rollback: requested.deploymentCircuitBreaker.rollback }
    : base.deploymentCircuitBreaker;
  if (!Number.isInteger(min) || min < 0 || min > 100) throw invalidParameter(`deploymentConfiguration.minimumHealthyPercent must be between 0 and 100, got ${min}.`);
  if (!Number.isInteger(max) || max < 100 || max > 2000) throw invalidParameter(`deploymentConfiguration.maximumPercent must be between 100 and 2000, got ${max}.`);
  if (min > max) throw invalidParameter(`deploymentConfiguration.minimumHealthyPercent (${min}) cannot be greater than maximumPercent (${max}).`);
  if (strategy === 'DAEMON' && max !== 100) throw invalidParameter('deploymentConfiguration.maximumPercent must be 100 for a DAEMON service.');
  if (breaker.rollback && !breaker.enable) throw invalidParameter('deploymentCircuitBreaker.rollback requires enable.');
  return { maximumPercent: max, minimumHealthyPercent: min, deploymentCircuitBreaker: breaker };
}

export function schedulingStrategyFrom(value: string): SchedulingStrategy {
  const strategy = value || 'REPLICA';
  if (strategy !== 'REPLICA' && strategy !== 'DAEMON') throw invalidParameter(`schedulingStrategy must be REPLICA or DAEMON, got '${value}'.`);
  return strategy;
}

export function defaultsFor(strategy: SchedulingStrategy): DeploymentConfiguration {
  return defaultDeploymentConfiguration(strategy);
}

/** Placement options are checked now (so a bad one is refused at the API) and stored as given. */
export function servicePlacementFrom(
  constraints: readonly wire.PlacementConstraint__Output[],
  strategies: readonly wire.PlacementStrategy__Output[],
  strategy: SchedulingStrategy,
): { constraints: ServicePlacementConstraint[]; strategies: ServicePlacementStrategy[] } {
  strategiesFrom(strategies);
  constraintsFrom(constraints, undefined);
  if (strategy === 'DAEMON' && strategies.length > 0) throw invalidParameter('placementStrategy cannot be used with a DAEMON service.');
  return {
    constraints: constraints.map((c) => ({ type: c.type as ServicePlacementConstraint['type'], ...(c.expression ? { expression: c.expression } : {}) })),
    strategies: strategies.map((s) => ({ type: s.type as ServicePlacementStrategy['type'], ...(s.field ? { field: s.field } : {}) })),
  };
}
