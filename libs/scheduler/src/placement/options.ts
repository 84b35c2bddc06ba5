import { cpuArchitectureAttribute, invalidParameter, type RuntimePlatform } from '@berth/domain';
import { memberOf } from './member-of.js';
import type { PlacementConstraint, PlacementStrategy } from './types.js';

/** ECS's limits on one request's placement options. */
export const MAX_PLACEMENT_STRATEGIES = 5;
export const MAX_PLACEMENT_CONSTRAINTS = 10;

/** A placement strategy as a request or a stored service carries it. */
export interface PlacementStrategyInput {
  readonly type: string;
  readonly field?: string;
}

/** A placement constraint as a request, a stored service or a task definition carries it. */
export interface PlacementConstraintInput {
  readonly type: string;
  readonly expression?: string;
}

/** placementStrategy → scheduler strategies, refusing unknown types and fields. */
export function placementStrategies(list: readonly PlacementStrategyInput[]): PlacementStrategy[] {
  if (list.length > MAX_PLACEMENT_STRATEGIES) throw invalidParameter(`placementStrategy can have at most ${MAX_PLACEMENT_STRATEGIES} items.`);
  return list.map((s, i): PlacementStrategy => {
    const at = `placementStrategy[${i}]`;
    const field = s.field ?? '';
    switch (s.type) {
      case 'random':
        return { type: 'random' };
      case 'binpack':
        if (field !== 'cpu' && field !== 'memory') throw invalidParameter(`${at}.field must be cpu or memory for binpack, got '${field}'.`);
        return { type: 'binpack', field };
      case 'spread': {
        const spreadField = field === 'instanceId' || field === 'host' ? field : field.startsWith('attribute:') && field.length > 10 ? (field as `attribute:${string}`) : undefined;
        if (!spreadField) throw invalidParameter(`${at}.field must be instanceId, host or attribute:<name> for spread, got '${field}'.`);
        return { type: 'spread', field: spreadField };
      }
      default:
        throw invalidParameter(`${at}.type must be random, binpack or spread, got '${s.type}'.`);
    }
  });
}

/**
 * Constraints of a request (or service) followed by those of its task definition, memberOf
 * expressions compiled once, here: a bad expression is refused with its position.
 */
export function placementConstraints(
  list: readonly PlacementConstraintInput[],
  definition?: { readonly placementConstraints: readonly PlacementConstraintInput[]; readonly runtimePlatform?: RuntimePlatform },
): PlacementConstraint[] {
  return [...requestedConstraints(list, definition), ...platformConstraints(definition?.runtimePlatform)];
}

/** runtimePlatform.cpuArchitecture keeps the task to instances of that architecture (not counted against the limit, as it is no constraint the user wrote). */
function platformConstraints(platform: RuntimePlatform | undefined): PlacementConstraint[] {
  if (!platform?.cpuArchitecture) return [];
  return [memberOf(`attribute:ecs.cpu-architecture == ${cpuArchitectureAttribute(platform.cpuArchitecture)}`)];
}

function requestedConstraints(
  list: readonly PlacementConstraintInput[],
  definition?: { readonly placementConstraints: readonly PlacementConstraintInput[] },
): PlacementConstraint[] {
  const all = [...list, ...(definition?.placementConstraints ?? [])];
  if (all.length > MAX_PLACEMENT_CONSTRAINTS) throw invalidParameter(`placementConstraints can have at most ${MAX_PLACEMENT_CONSTRAINTS} items.`);
  return all.map((c, i): PlacementConstraint => {
    const expression = c.expression ?? '';
    if (c.type === 'distinctInstance') {
      if (expression) throw invalidParameter(`placementConstraints[${i}]: distinctInstance takes no expression.`);
      return { type: 'distinctInstance' };
    }
    if (c.type === 'memberOf') {
      if (!expression) throw invalidParameter(`placementConstraints[${i}]: memberOf needs an expression.`);
      return memberOf(expression);
    }
    throw invalidParameter(`placementConstraints[${i}].type must be distinctInstance or memberOf, got '${c.type}'.`);
  });
}
