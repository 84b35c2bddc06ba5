/**
 * Task and container status vocabularies, ordered so status only moves forward (style rule 7).
 * Berth uses the ECS subset PROVISIONING < PENDING < RUNNING < STOPPING < STOPPED for tasks and
 * NONE < PULLED < CREATED < RUNNING < STOPPED for containers (the agent's view).
 */
export const taskStatuses = ['PROVISIONING', 'PENDING', 'RUNNING', 'STOPPING', 'STOPPED'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const desiredTaskStatuses = ['RUNNING', 'STOPPED'] as const;
export type DesiredTaskStatus = (typeof desiredTaskStatuses)[number];

export const containerStatuses = ['NONE', 'PULLED', 'CREATED', 'RUNNING', 'STOPPED'] as const;
export type ContainerStatus = (typeof containerStatuses)[number];

export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';

export type StopCode = 'TaskFailedToStart' | 'EssentialContainerExited' | 'UserInitiated' | 'ServiceSchedulerInitiated';

export function taskStatusRank(status: TaskStatus): number {
  return taskStatuses.indexOf(status);
}

export function containerStatusRank(status: ContainerStatus): number {
  return containerStatuses.indexOf(status);
}

/** The later of two task statuses: a report never moves a task backwards. */
export function laterTaskStatus(a: TaskStatus, b: TaskStatus): TaskStatus {
  return taskStatusRank(a) >= taskStatusRank(b) ? a : b;
}

export interface NetworkBinding {
  readonly bindIP: string;
  readonly containerPort: number;
  readonly hostPort: number;
  readonly protocol: 'tcp' | 'udp';
}

/** Task health from its essential containers: any UNHEALTHY → UNHEALTHY, any UNKNOWN → UNKNOWN, else HEALTHY. */
export function taskHealth(essentialContainerHealth: readonly HealthStatus[]): HealthStatus {
  if (essentialContainerHealth.includes('UNHEALTHY')) return 'UNHEALTHY';
  if (essentialContainerHealth.length === 0 || essentialContainerHealth.includes('UNKNOWN')) return 'UNKNOWN';
  return 'HEALTHY';
}
