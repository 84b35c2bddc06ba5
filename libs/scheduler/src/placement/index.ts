export { place, defaultStrategies } from './place.js';
export { recheckPlacements, type RecheckOutcome } from './recheck.js';
export { memberOf } from './member-of.js';
export type * from './types.js';
