import { lostHostTimeoutMs, staticHostPorts, taskDefinitionRefFrom, taskReservation, type Deployment, type Service, type Task, type TaskDefinition } from '@berth/domain';
import { placementConstraints, placementStrategies, type DeploymentState, type ReconcileInput, type ServiceState } from '@berth/scheduler';
import type { AppContext } from '../context.js';
import { clusterSnapshot } from '../placement/cluster-snapshot.js';

/** Everything one reconcile pass of a service reads, plus the definitions the applier launches from. */
export interface LoadedService {
  readonly service: Service;
  readonly input: ReconcileInput;
  readonly definitions: ReadonlyMap<string, TaskDefinition>;
  readonly deployments: readonly Deployment[];
}

/** How far back stopped tasks still matter (launch history for backoff and the circuit breaker). */
const HISTORY_MS = 3600_000;

/** Reads a service's state for one pass of the pure reconciler, with a fresh seed and rollback id. */
export async function loadService(app: Pick<AppContext, 'store' | 'now' | 'ids' | 'liveness' | 'liveInstances'>, service: Service): Promise<LoadedService> {
  const read = app.store.read;
  const now = app.now();
  const deployments = await read.listDeployments(service.clusterName, service.name);
  const definitions = new Map<string, TaskDefinition>();
  for (const d of deployments) {
    if (definitions.has(d.taskDefinitionArn)) continue;
    const ref = taskDefinitionRefFrom(d.taskDefinitionArn);
    const td = await read.findTaskDefinition(ref.family, ref.revision);
    if (td) definitions.set(d.taskDefinitionArn, td);
  }
  const oldestLive = Math.min(now.getTime(), ...deployments.filter((d) => d.status !== 'INACTIVE').map((d) => d.createdAt.getTime()));
  const tasks: Task[] = await read.listGroupTasks(service.clusterName, `service:${service.name}`, new Date(Math.max(oldestLive, now.getTime() - HISTORY_MS)));
  const { snapshots } = await clusterSnapshot(app, service.clusterName);
  const events = await read.listServiceEvents(service.clusterName, service.name, 20);
  const cluster = await read.findCluster(service.clusterName);

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
    placementConstraints: placementConstraints(service.placementConstraints),
    placementStrategies: placementStrategies(service.placementStrategy),
    deployments: deployments.flatMap((d) => {
      const td = definitions.get(d.taskDefinitionArn);
      return td ? [deploymentState(d, td, tasks)] : [];
    }),
    recentEvents: events.map((e) => e.message).reverse(),
  };
  return {
    service,
    definitions,
    deployments,
    input: {
      service: serviceState,
      tasks,
      // Silence before this process could hear (its start, a store outage) is not the host's.
      instances: snapshots.map((s) => (s.lastHeardAt && s.lastHeardAt < app.liveness.hearingSince ? { ...s, lastHeardAt: app.liveness.hearingSince } : s)),
      now,
      seed: app.ids.newSeed(),
      nextDeploymentId: app.ids.newDeploymentId(),
      lostHostTimeoutMs: lostHostTimeoutMs(cluster?.settings ?? []),
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
    taskReservation: { ...taskReservation(td), ...staticHostPorts(td) },
    // The definition's own constraints bind its tasks too, as RunTask applies them.
    placementConstraints: placementConstraints([], td),
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
