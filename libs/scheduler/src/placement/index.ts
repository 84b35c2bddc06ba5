export { place, defaultStrategies } from './place.js';
export { placeByScan } from './place-by-scan.js';
export { recheckPlacements, type RecheckOutcome } from './recheck.js';
export { memberOf } from './member-of.js';
export {
  placementConstraints,
  placementStrategies,
  MAX_PLACEMENT_CONSTRAINTS,
  MAX_PLACEMENT_STRATEGIES,
  type PlacementConstraintInput,
  type PlacementStrategyInput,
} from './options.js';
export { placementRequest } from './request.js';
export { seededRandom } from './random.js';
export { instanceSnapshot, taskGroupsByInstance, afterStops, withLastHeard } from './snapshot.js';
export type * from './types.js';
