import { clusterArn, type ArnScope, type Deployment, type Service, type ServiceEvent, type Task } from '@berth/domain';
import { compact, instant, type JsonObject } from './json.js';

/** What DescribeServices shows of one service: it, its deployments, its tasks (for the counts), its events. */
export interface ServiceView {
  readonly service: Service;
  readonly deployments: readonly Deployment[];
  readonly tasks: readonly Task[];
  /** Newest first. */
  readonly events: readonly ServiceEvent[];
}

function countsOf(tasks: readonly Task[], deploymentId?: string) {
  const live = tasks.filter((t) => t.lastStatus !== 'STOPPED' && t.desiredStatus === 'RUNNING' && (deploymentId === undefined || t.startedBy === deploymentId));
  return {
    runningCount: live.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingCount: live.filter((t) => t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING').length,
  };
}

function encodeDeployment(d: Deployment, tasks: readonly Task[]): JsonObject {
  return compact({
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinitionArn,
    desiredCount: d.desiredCount,
    ...countsOf(tasks, d.id),
    failedTasks: d.failedTasks,
    createdAt: instant(d.createdAt),
    updatedAt: instant(d.updatedAt),
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason || undefined,
  });
}

/** A service as DescribeServices shows it: live deployments (PRIMARY first) and newest events first. */
export function encodeService(view: ServiceView, scope: ArnScope): JsonObject {
  const { service, tasks } = view;
  const config = service.deploymentConfiguration;
  return compact({
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: clusterArn(scope, service.clusterName),
    status: service.status,
    desiredCount: service.desiredCount,
    ...countsOf(tasks),
    launchType: 'EC2',
    taskDefinition: service.taskDefinitionArn,
    deploymentConfiguration: {
      maximumPercent: config.maximumPercent,
      minimumHealthyPercent: config.minimumHealthyPercent,
      deploymentCircuitBreaker: { enable: config.deploymentCircuitBreaker.enable, rollback: config.deploymentCircuitBreaker.rollback },
    },
    deployments: view.deployments.filter((d) => d.status !== 'INACTIVE').map((d) => encodeDeployment(d, tasks)),
    events: view.events.map((e) => ({ id: e.id, createdAt: instant(e.createdAt), message: e.message })),
    createdAt: instant(service.createdAt),
    placementConstraints: service.placementConstraints.map((c) => compact({ type: c.type, expression: c.expression })),
    placementStrategy: service.placementStrategy.map((s) => compact({ type: s.type, field: s.field })),
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    schedulingStrategy: service.schedulingStrategy,
  });
}
