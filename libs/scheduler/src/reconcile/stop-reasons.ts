/**
 * Why the service scheduler stops a task, as stored in the task's `stoppedReason`. The ECS texts
 * are kept where ECS has one; the applier must store them verbatim, because the launch history
 * (history.ts) recognises health-check stops by their reason.
 */
export const stopReasons = {
  /** ECS's text for both a rollout and a scale-in. */
  scalingActivity: (deploymentId: string): string => `Scaling activity initiated by (deployment ${deploymentId})`,
  /** ECS's text; marks a failed task for the circuit breaker. */
  unhealthy: 'Task failed container health checks',
  /** *(ours)* The instance is DRAINING, deregistered, gone, or (DAEMON) no longer eligible. */
  instanceLeaving: (instanceId: string, why: string): string => `Container instance ${instanceId} ${why}`,
  /** *(ours)* DeleteService: the service is DRAINING. */
  serviceDeleted: (serviceName: string): string => `Service ${serviceName} is being deleted`,
} as const;
