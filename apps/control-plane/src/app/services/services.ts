import { EcsError, assertServiceName, invalidParameter, serviceArn, validateTags, type Cluster, type Deployment, type Service } from '@berth/domain';
import type { Failure, RequestOf, ResultOf, ServiceView } from '@berth/ecs-api';
import type { StoreReads } from '@berth/state-store';
import { requireActiveCluster } from '../clusters.js';
import type { AppContext } from '../context.js';
import { decodeToken, pageOf, pageSize } from '../pagination.js';
import { enforceClusterPolicy } from '../security/policy.js';
import { resolveTaskDefinition } from '../task-definitions.js';
import { sizePrimaryDeployments } from './desired-count.js';
import { defaultsFor, deploymentConfigurationFrom, desiredCountFrom, gracePeriodFrom, schedulingStrategyFrom, servicePlacementFrom } from './service-settings.js';

const serviceNotFound = () => new EcsError('ServiceNotFoundException', 'Service not found.');
const notActive = () => new EcsError('ServiceNotActiveException', 'Service was not ACTIVE.');

function serviceNameFrom(ref: string, clusterName: string): string {
  const match = /^arn:[^:]+:ecs:[^:]*:[^:]*:service\/([^/]+)\/([^/]+)$/.exec(ref);
  if (match) {
    if (match[1] !== clusterName) throw serviceNotFound();
    return match[2]!;
  }
  return ref;
}

async function requireService(app: AppContext, cluster: Cluster, ref: string | undefined): Promise<Service> {
  if (!ref) throw invalidParameter('service is required.');
  const service = await app.store.read.findService(cluster.name, serviceNameFrom(ref, cluster.name));
  if (!service) throw serviceNotFound();
  return service;
}

function primaryDeployment(app: AppContext, service: Service, taskDefinitionArn: string, now: Date): Deployment {
  return {
    id: app.ids.newDeploymentId(),
    clusterName: service.clusterName,
    serviceName: service.name,
    status: 'PRIMARY',
    taskDefinitionArn,
    desiredCount: service.desiredCount,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: 'ECS deployment in progress.',
    failedTasks: 0,
    launchFailures: 0,
    createdAt: now,
    updatedAt: now,
  };
}

export async function createService(app: AppContext, req: RequestOf<'CreateService'>): Promise<ResultOf<'CreateService'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  if (!req.serviceName) throw invalidParameter('serviceName is required.');
  const name = assertServiceName(req.serviceName);
  const strategy = schedulingStrategyFrom(req.schedulingStrategy);
  const desired = desiredCountFrom(req.desiredCount);
  if (strategy === 'DAEMON' && desired !== undefined) throw invalidParameter('desiredCount cannot be specified for a DAEMON service: it runs one task on each eligible instance.');
  if (strategy === 'REPLICA' && desired === undefined) throw invalidParameter('desiredCount is required for a REPLICA service.');
  const definition = await resolveTaskDefinition(app.store.read, req.taskDefinition);
  if (definition.status === 'INACTIVE') throw new EcsError('ClientException', 'TaskDefinition is inactive');
  enforceClusterPolicy(cluster, definition);
  const deploymentConfiguration = deploymentConfigurationFrom(req.deploymentConfiguration, defaultsFor(strategy), strategy);
  const placement = servicePlacementFrom(req.placementConstraints, req.placementStrategy, strategy);
  const grace = gracePeriodFrom(req.healthCheckGracePeriodSeconds) ?? 0;
  validateTags(req.tags);
  const token = req.clientToken;
  if (token !== undefined && !/^[\x20-\x7e]{1,36}$/.test(token)) throw invalidParameter('clientToken must be 1 to 36 printable ASCII characters.');

  const created = await app.store.transaction(async (tx) => {
    const existing = await tx.findServiceForUpdate(cluster.name, name);
    if (existing && existing.status !== 'INACTIVE') {
      if (token && existing.clientToken === token) return existing;
      throw invalidParameter('Creation of service was not idempotent.');
    }
    const now = app.now();
    const service = await tx.insertService({
      clusterName: cluster.name,
      name,
      arn: serviceArn(app.scope, cluster.name, name),
      status: 'ACTIVE',
      desiredCount: desired ?? 0,
      schedulingStrategy: strategy,
      taskDefinitionArn: definition.arn,
      deploymentConfiguration,
      placementConstraints: placement.constraints,
      placementStrategy: placement.strategies,
      healthCheckGracePeriodSeconds: grace,
      ...(token ? { clientToken: token } : {}),
      createdAt: now,
      updatedAt: now,
    });
    await tx.saveDeployments([primaryDeployment(app, service, definition.arn, now)]);
    return service;
  });
  app.kickServices();
  return { service: await viewOf(app, created) };
}

export async function updateService(app: AppContext, req: RequestOf<'UpdateService'>): Promise<ResultOf<'UpdateService'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const current = await requireService(app, cluster, req.service);
  if (current.status !== 'ACTIVE') throw notActive();
  const desired = desiredCountFrom(req.desiredCount);
  if (current.schedulingStrategy === 'DAEMON' && desired !== undefined) throw invalidParameter('desiredCount cannot be changed for a DAEMON service.');
  const definition = req.taskDefinition ? await resolveTaskDefinition(app.store.read, req.taskDefinition) : undefined;
  if (definition?.status === 'INACTIVE') throw new EcsError('ClientException', 'TaskDefinition is inactive');
  if (definition) enforceClusterPolicy(cluster, definition);
  const deploymentConfiguration = req.deploymentConfiguration
    ? deploymentConfigurationFrom(req.deploymentConfiguration, current.deploymentConfiguration, current.schedulingStrategy)
    : undefined;
  const placement =
    req.placementConstraints !== undefined || req.placementStrategy !== undefined
      ? servicePlacementFrom(req.placementConstraints, req.placementStrategy, current.schedulingStrategy)
      : undefined;
  const grace = gracePeriodFrom(req.healthCheckGracePeriodSeconds);

  const updated = await app.store.transaction(async (tx) => {
    const locked = await tx.findServiceForUpdate(cluster.name, current.name);
    if (!locked || locked.status !== 'ACTIVE') throw notActive();
    const now = app.now();
    const newDefinition = definition && definition.arn !== locked.taskDefinitionArn ? definition.arn : undefined;
    const service = await tx.updateService(
      cluster.name,
      locked.name,
      {
        ...(desired !== undefined ? { desiredCount: desired } : {}),
        ...(newDefinition ? { taskDefinitionArn: newDefinition } : {}),
        ...(deploymentConfiguration ? { deploymentConfiguration } : {}),
        ...(placement ? { placementConstraints: placement.constraints, placementStrategy: placement.strategies } : {}),
        ...(grace !== undefined ? { healthCheckGracePeriodSeconds: grace } : {}),
      },
      now,
    );
    const deployments = await tx.listDeployments(cluster.name, locked.name);
    if (newDefinition || req.forceNewDeployment) {
      // The new deployment takes over; the old ones drain as the rollout proceeds.
      const demoted = deployments.filter((d) => d.status === 'PRIMARY').map((d) => ({ ...d, status: 'ACTIVE' as const, updatedAt: now }));
      await tx.saveDeployments([...demoted, primaryDeployment(app, service, service.taskDefinitionArn, now)]);
    } else if (desired !== undefined) {
      await sizePrimaryDeployments(tx, deployments, desired, now);
    }
    return service;
  });
  app.kickServices();
  return { service: await viewOf(app, updated) };
}

export async function deleteService(app: AppContext, req: RequestOf<'DeleteService'>): Promise<ResultOf<'DeleteService'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const current = await requireService(app, cluster, req.service);
  const deleted = await app.store.transaction(async (tx) => {
    const locked = await tx.findServiceForUpdate(cluster.name, current.name);
    if (!locked || locked.status === 'INACTIVE') throw notActive();
    if (locked.status === 'DRAINING') return locked;
    if (locked.schedulingStrategy === 'REPLICA' && locked.desiredCount > 0 && !req.force) {
      throw invalidParameter('The service cannot be stopped while it is scaled above 0.');
    }
    // Its scaling goes with it (policies and scheduled actions too), as a deleted service has no count to scale.
    await tx.deleteScalableTarget(cluster.name, locked.name);
    return tx.updateService(cluster.name, locked.name, { status: 'DRAINING', desiredCount: 0 }, app.now());
  });
  app.kickServices();
  return { service: await viewOf(app, deleted) };
}

export async function describeServices(app: AppContext, req: RequestOf<'DescribeServices'>): Promise<ResultOf<'DescribeServices'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const refs = req.services ?? [];
  if (refs.length === 0) throw invalidParameter('services must not be empty.');
  if (refs.length > 10) throw invalidParameter('services can have at most 10 items.');
  const services: ServiceView[] = [];
  const failures: Failure[] = [];
  for (const ref of refs) {
    const service = await findByRef(app.store.read, cluster, ref);
    if (service) services.push(await viewOf(app, service));
    else failures.push({ arn: ref.startsWith('arn:') ? ref : serviceArn(app.scope, cluster.name, ref), reason: 'MISSING' });
  }
  return { services, failures };
}

/** A service named by name or ARN; an ARN of another cluster is simply not found here. */
async function findByRef(read: StoreReads, cluster: Cluster, ref: string): Promise<Service | undefined> {
  try {
    return await read.findService(cluster.name, serviceNameFrom(ref, cluster.name));
  } catch (error) {
    if (error instanceof EcsError && error.errorName === 'ServiceNotFoundException') return undefined;
    throw error;
  }
}

export async function listServices(app: AppContext, req: RequestOf<'ListServices'>): Promise<ResultOf<'ListServices'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const strategy = req.schedulingStrategy ? schedulingStrategyFrom(req.schedulingStrategy) : undefined;
  const size = pageSize(req.maxResults);
  const rows = await app.store.read.listServices({
    clusterName: cluster.name,
    ...(strategy ? { schedulingStrategy: strategy } : {}),
    limit: size + 1,
    afterName: decodeToken(req.nextToken),
  });
  const page = pageOf(rows, size, (s) => s.name);
  return { items: page.items.map((s) => s.arn), nextToken: page.nextToken };
}

/** A service with what DescribeServices shows of it: deployments, its tasks (for the counts) and events. */
async function viewOf(app: AppContext, service: Service): Promise<ServiceView> {
  const [deployments, tasks, events] = await Promise.all([
    app.store.read.listDeployments(service.clusterName, service.name),
    app.store.read.listGroupTasks(service.clusterName, `service:${service.name}`, app.now()),
    app.store.read.listServiceEvents(service.clusterName, service.name),
  ]);
  return { service, deployments, tasks, events };
}
