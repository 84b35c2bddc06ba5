export { reconcileService } from './reconcile.js';
export { planPlacements } from './placements.js';
export { formatStartedEvent, formatStoppedEvent, formatUnableToPlaceEvent, serviceEvents, suppressRepeats } from './events.js';
export { stopReasons } from './stop-reasons.js';
export {
  upperBound,
  lowerBound,
  circuitBreakerThreshold,
  backoffDelayMs,
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  CIRCUIT_BREAKER_MIN_THRESHOLD,
  CIRCUIT_BREAKER_MAX_THRESHOLD,
} from './bounds.js';
export type * from './types.js';
