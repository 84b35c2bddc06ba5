import { place } from '../placement/place.js';
import { placementRequest } from '../placement/request.js';
import type { InstanceSnapshot, PlacementFailure } from '../placement/types.js';
import type { DeploymentState, PlannedPlacement, PlannedStart, ServiceState } from './types.js';

/**
 * Places a pass's starts (the scheduler decides where; the applier only re-checks and commits):
 * the deployment's reservation in the service's task group, under the service's constraints and
 * the deployment definition's. A DAEMON start names its instances: one copy on each, and only there.
 */
export function planPlacements(
  service: ServiceState,
  deployment: DeploymentState,
  start: PlannedStart,
  instances: readonly InstanceSnapshot[],
  seed: number,
): { placement?: PlannedPlacement; failures: PlacementFailure[] } {
  const launch = { group: `service:${service.name}`, reservation: deployment.taskReservation };
  const constraints = [...service.placementConstraints, ...deployment.placementConstraints];
  const failures: PlacementFailure[] = [];
  const instanceIds: string[] = [];
  if (start.instanceIds) {
    const request = placementRequest(launch, { count: 1, constraints, strategies: [], seed });
    for (const id of start.instanceIds) {
      const plan = place(request, instances.filter((i) => i.id === id));
      instanceIds.push(...plan.placements);
      failures.push(...plan.failures);
    }
  } else {
    const plan = place(placementRequest(launch, { count: start.count, constraints, strategies: service.placementStrategies, seed }), instances);
    instanceIds.push(...plan.placements);
    failures.push(...plan.failures);
  }
  if (instanceIds.length === 0) return { failures };
  const request = placementRequest(launch, { count: instanceIds.length, constraints, strategies: service.placementStrategies, seed });
  return { placement: { deploymentId: deployment.id, request, instanceIds }, failures };
}
