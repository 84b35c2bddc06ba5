import type { PlacementRequest } from '../placement/types.js';
import type { DeploymentState, ServiceState } from './types.js';

/**
 * The PlacementRequest the applier hands to `place` for a planned start: the deployment's
 * reservation, the service's task group and its (opaque) constraints and strategies. For a DAEMON
 * start the applier places one copy on each named instance instead (snapshot narrowed to it).
 */
export function placementRequestFor(service: ServiceState, deployment: DeploymentState, count: number, seed: number): PlacementRequest {
  return {
    count,
    cpu: deployment.taskReservation.cpu,
    memory: deployment.taskReservation.memory,
    ports: deployment.taskReservation.ports,
    portsUdp: deployment.taskReservation.portsUdp,
    group: `service:${service.name}`,
    constraints: service.placementConstraints,
    strategies: service.placementStrategies,
    seed,
  };
}
