import { containerStatusRank, type ContainerStatus } from '@berth/domain';

/** Task statuses the agent reports (the control plane owns PROVISIONING and STOPPING). */
export const engineTaskStatuses = ['NONE', 'PENDING', 'RUNNING', 'STOPPED'] as const;
export type EngineTaskStatus = (typeof engineTaskStatuses)[number];

const rank = (s: EngineTaskStatus) => engineTaskStatuses.indexOf(s);

/** A container's status as a task status: not yet running → PENDING. */
export function taskStatusOfContainer(status: ContainerStatus): EngineTaskStatus {
  if (status === 'STOPPED') return 'STOPPED';
  if (status === 'RUNNING') return 'RUNNING';
  return 'PENDING';
}

/**
 * A task's known status is the minimum over its containers (ECS agent `updateTaskKnownStatus`):
 * any container not yet running keeps it PENDING, all running (or already exited) makes it
 * RUNNING, all stopped makes it STOPPED. It never moves backwards, and a task already on its way
 * down is not announced as RUNNING on the way.
 */
export function rollupTaskStatus(
  containers: readonly { readonly knownStatus: ContainerStatus }[],
  desired: 'RUNNING' | 'STOPPED',
  previous: EngineTaskStatus,
): EngineTaskStatus {
  if (containers.length === 0) return desired === 'STOPPED' ? 'STOPPED' : previous;
  let min: EngineTaskStatus = 'STOPPED';
  for (const c of containers) {
    const s = taskStatusOfContainer(c.knownStatus);
    if (rank(s) < rank(min)) min = s;
  }
  if (min === 'RUNNING' && desired === 'STOPPED' && rank(previous) < rank('RUNNING')) min = 'PENDING';
  return rank(min) > rank(previous) ? min : previous;
}

export const isContainerAtLeast = (status: ContainerStatus, than: ContainerStatus): boolean =>
  containerStatusRank(status) >= containerStatusRank(than);
