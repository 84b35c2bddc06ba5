import type { Deployment, Service, ServiceEvent, Task } from '@berth/domain';
import { toTimestamp, type wire } from '@berth/proto';

function countsOf(tasks: readonly Task[], deploymentId?: string) {
  const live = tasks.filter((t) => t.lastStatus !== 'STOPPED' && t.desiredStatus === 'RUNNING' && (deploymentId === undefined || t.startedBy === deploymentId));
  return {
    runningCount: live.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingCount: live.filter((t) => t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING').length,
  };
}

export function deploymentToWire(d: Deployment, tasks: readonly Task[]): wire.Deployment {
  return {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinitionArn,
    desiredCount: d.desiredCount,
    ...countsOf(tasks, d.id),
    failedTasks: d.failedTasks,
    createdAt: toTimestamp(d.createdAt),
    updatedAt: toTimestamp(d.updatedAt),
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
  };
}

/** A service as DescribeServices shows it: live deployments (PRIMARY first) and newest events first. */
export function serviceToWire(
  service: Service,
  refs: { clusterArn: string },
  deployments: readonly Deployment[],
  tasks: readonly Task[],
  events: readonly ServiceEvent[],
): wire.Service {
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: refs.clusterArn,
    status: service.status,
    desiredCount: service.desiredCount,
    ...countsOf(tasks),
    launchType: 'EC2',
    taskDefinition: service.taskDefinitionArn,
    deploymentConfiguration: {
      maximumPercent: service.deploymentConfiguration.maximumPercent,
      minimumHealthyPercent: service.deploymentConfiguration.minimumHealthyPercent,
      deploymentCircuitBreaker: { ...service.deploymentConfiguration.deploymentCircuitBreaker },
    },
    deployments: deployments.filter((d) => d.status !== 'INACTIVE').map((d) => deploymentToWire(d, tasks)),
    events: events.map((e) => ({ id: e.id, createdAt: toTimestamp(e.createdAt), message: e.message })),
    createdAt: toTimestamp(service.createdAt),
    placementConstraints: service.placementConstraints.map((c) => ({ type: c.type, expression: c.expression ?? '' })),
    placementStrategy: service.placementStrategy.map((s) => ({ type: s.type, field: s.field ?? '' })),
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    schedulingStrategy: service.schedulingStrategy,
  };
}
