import { taskDefinitionRefFrom, taskReservation, type Deployment, type Service, type Task, type TaskDefinition } from '@berth/domain';
import type { DeploymentState, InstanceSnapshot, ReconcileInput, ServiceState } from '@berth/scheduler';
import { findTaskDefinition, listDeployments, listGroupTasks, listServiceEvents } from '@berth/state-store';
import type { ApiContext } from '../context.js';
import { constraintsFrom, staticPorts, strategiesFrom } from '../tasks/placement-options.js';
import { clusterSnapshot } from '../tasks/snapshot.js';

/** Everything one reconcile pass of a service reads, plus the definitions the applier needs to launch. */
export interface LoadedService {
  readonly service: Service;
  readonly input: ReconcileInput;
  readonly definitions: ReadonlyMap<string, TaskDefinition>;
  readonly deployments: readonly Deployment[];
}

/** How far back stopped tasks still matter (launch history for backoff and the circuit breaker). */
const HISTORY_MS = 3600_000;

export async function loadService(
  ctx: Pick<ApiContext, 'db' | 'now'>,
  service: Service,
  options: { seed: number; nextDeploymentId: string },
): Promise<LoadedService> {
  const now = ctx.now();
  const deployments = await listDeployments(ctx.db, service.clusterName, service.name);
  const definitions = new Map<string, TaskDefinition>();
  for (const d of deployments) {
    if (definitions.has(d.taskDefinitionArn)) continue;
    const ref = taskDefinitionRefFrom(d.taskDefinitionArn);
    const td = await findTaskDefinition(ctx.db, ref.family, ref.revision);
    if (td) definitions.set(d.taskDefinitionArn, td);
  }
  const oldestLive = Math.min(now.getTime(), ...deployments.filter((d) => d.status !== 'INACTIVE').map((d) => d.createdAt.getTime()));
  const tasks: Task[] = await listGroupTasks(ctx.db, service.clusterName, `service:${service.name}`, new Date(Math.max(oldestLive, now.getTime() - HISTORY_MS)));
  const { snapshots } = await clusterSnapshot(ctx, service.clusterName);
  const events = await listServiceEvents(ctx.db, service.clusterName, service.name, 20);

  const constraints = constraintsFrom(service.placementConstraints, undefined);
  const serviceState: ServiceState = {
    name: service.name,
    arn: service.arn,
    clusterName: service.clusterName,
    status: service.status,
    desiredCount: service.desiredCount,
    schedulingStrategy: service.schedulingStrategy,
    deploymentConfiguration: {
      maximumPercent: service.deploymentConfiguration.maximumPercent,
      minimumHealthyPercent: service.deploymentConfiguration.minimumHealthyPercent,
      circuitBreaker: service.deploymentConfiguration.deploymentCircuitBreaker,
    },
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    placementConstraints: constraints,
    placementStrategies: strategiesFrom(service.placementStrategy.map((s) => ({ type: s.type, field: s.field ?? '' }))),
    deployments: deployments.flatMap((d) => {
      const td = definitions.get(d.taskDefinitionArn);
      return td ? [deploymentState(d, td, tasks)] : [];
    }),
    recentEvents: events.map((e) => e.message).reverse(),
  };
  const memberOfConstraints = constraints.filter((c) => c.type === 'memberOf');
  return {
    service,
    definitions,
    deployments,
    input: {
      service: serviceState,
      tasks,
      instances: snapshots,
      now,
      seed: options.seed,
      nextDeploymentId: options.nextDeploymentId,
      instanceEligible: (instance: InstanceSnapshot) => memberOfConstraints.every((c) => c.matches(instance)),
    },
  };
}

function deploymentState(d: Deployment, td: TaskDefinition, tasks: readonly Task[]): DeploymentState {
  const mine = tasks.filter((t) => t.startedBy === d.id && t.desiredStatus === 'RUNNING' && t.lastStatus !== 'STOPPED');
  return {
    id: d.id,
    status: d.status,
    taskDefinitionArn: d.taskDefinitionArn,
    desiredCount: d.desiredCount,
    pendingCount: mine.filter((t) => t.lastStatus !== 'RUNNING').length,
    runningCount: mine.filter((t) => t.lastStatus === 'RUNNING').length,
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
    failedTasks: d.failedTasks,
    launchFailures: d.launchFailures,
    ...(d.nextLaunchAt ? { nextLaunchAt: d.nextLaunchAt } : {}),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    taskReservation: { ...taskReservation(td), ...staticPorts(td) },
    hasHealthCheck: td.containerDefinitions.some((c) => c.essential && c.healthCheck !== undefined),
  };
}

/** The reconciler's deployment → the stored shape. */
export function deploymentFromState(service: Service, d: DeploymentState): Deployment {
  return {
    id: d.id,
    clusterName: service.clusterName,
    serviceName: service.name,
    status: d.status,
    taskDefinitionArn: d.taskDefinitionArn,
    desiredCount: d.desiredCount,
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
    failedTasks: d.failedTasks,
    launchFailures: d.launchFailures,
    ...(d.nextLaunchAt ? { nextLaunchAt: d.nextLaunchAt } : {}),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}
