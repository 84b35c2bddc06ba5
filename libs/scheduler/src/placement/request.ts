import type { TaskReservation } from '@berth/domain';
import type { PlacementConstraint, PlacementRequest, PlacementStrategy } from './types.js';

/** The request `place` answers for `count` tasks that each hold `reservation`, in task group `group`. */
export function placementRequest(
  launch: { readonly group: string; readonly reservation: TaskReservation },
  options: { count: number; constraints: readonly PlacementConstraint[]; strategies: readonly PlacementStrategy[]; seed: number },
): PlacementRequest {
  return {
    count: options.count,
    cpu: launch.reservation.cpu,
    memory: launch.reservation.memory,
    ports: launch.reservation.ports,
    portsUdp: launch.reservation.portsUdp,
    group: launch.group,
    constraints: options.constraints,
    strategies: options.strategies,
    seed: options.seed,
  };
}
