import { randomInt } from 'node:crypto';
import {
  EcsError,
  assertServiceName,
  deploymentIdFrom,
  invalidParameter,
  serviceArn,
  type Cluster,
  type Deployment,
  type Service,
} from '@berth/domain';
import type { wire } from '@berth/proto';
import {
  findService,
  findServiceForUpdate,
  insertService,
  listDeployments,
  listGroupTasks,
  listServiceEvents,
  listServices as listStoredServices,
  saveDeployments,
  updateService as patchService,
} from '@berth/state-store';
import type { ApiContext } from '../context.js';
import { deploymentConfigurationFrom, defaultsFor, schedulingStrategyFrom, servicePlacementFrom } from '../services/validate-service.js';
import { serviceToWire } from '../wire/services.js';
import { requireActiveCluster } from './clusters.js';
import { decodeToken, pageOf, pageSize } from './pagination.js';
import { resolveTaskDefinition } from './task-definitions.js';
import { validateTags } from './tags.js';

/** `ecs-svc/` and 19 random digits, as ECS names deployments. */
export function newDeploymentId(): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < 19) digits += String(randomInt(0, 10));
  return deploymentIdFrom(digits);
}

function serviceNameFrom(ref: string, clusterName: string): string {
  const match = /^arn:[^:]+:ecs:[^:]*:[^:]*:service\/([^/]+)\/([^/]+)$/.exec(ref);
  if (match) {
    if (match[1] !== clusterName) throw new EcsError('ServiceNotFoundException', 'Service not found.');
    return match[2]!;
  }
  return ref;
}

async function requireService(ctx: ApiContext, cluster: Cluster, ref: string): Promise<Service> {
  if (!ref) throw invalidParameter('service is required.');
  const service = await findService(ctx.db, cluster.name, serviceNameFrom(ref, cluster.name));
  if (!service) throw new EcsError('ServiceNotFoundException', 'Service not found.');
  return service;
}

function desiredCountFrom(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > 5000) throw invalidParameter(`desiredCount must be between 0 and 5000, got ${value}.`);
  return value;
}

function gracePeriodFrom(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > 2_147_483_647) throw invalidParameter(`healthCheckGracePeriodSeconds must be a non-negative integer, got ${value}.`);
  return value;
}

export async function createService(ctx: ApiContext, req: wire.CreateServiceRequest__Output): Promise<wire.CreateServiceResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  if (!req.serviceName) throw invalidParameter('serviceName is required.');
  const name = assertServiceName(req.serviceName);
  const strategy = schedulingStrategyFrom(req.schedulingStrategy);
  const desired = desiredCountFrom(req.desiredCount);
  if (strategy === 'DAEMON' && desired !== undefined) throw invalidParameter('desiredCount cannot be specified for a DAEMON service: it runs one task on each eligible instance.');
  if (strategy === 'REPLICA' && desired === undefined) throw invalidParameter('desiredCount is required for a REPLICA service.');
  const definition = await resolveTaskDefinition(ctx, req.taskDefinition);
  if (definition.status === 'INACTIVE') throw new EcsError('ClientException', 'TaskDefinition is inactive');
  const deploymentConfiguration = deploymentConfigurationFrom(req.deploymentConfiguration, defaultsFor(strategy), strategy);
  const placement = servicePlacementFrom(req.placementConstraints, req.placementStrategy, strategy);
  const grace = gracePeriodFrom(req.healthCheckGracePeriodSeconds) ?? 0;
  validateTags(req.tags);
  if (req.clientToken && !/^[\x20-\x7e]{1,36}$/.test(req.clientToken)) throw invalidParameter('clientToken must be 1 to 36 printable ASCII characters.');

  const created = await ctx.db.transaction().execute(async (trx) => {
    const existing = await findServiceForUpdate(trx, cluster.name, name);
    if (existing && existing.status !== 'INACTIVE') {
      if (req.clientToken && existing.clientToken === req.clientToken) return existing;
      throw invalidParameter('Creation of service was not idempotent.');
    }
    const now = ctx.now();
    const service = await insertService(trx, {
      clusterName: cluster.name,
      name,
      arn: serviceArn(ctx.scope, cluster.name, name),
      status: 'ACTIVE',
      desiredCount: desired ?? 0,
      schedulingStrategy: strategy,
      taskDefinitionArn: definition.arn,
      deploymentConfiguration,
      placementConstraints: placement.constraints,
      placementStrategy: placement.strategies,
      healthCheckGracePeriodSeconds: grace,
      ...(req.clientToken ? { clientToken: req.clientToken } : {}),
      createdAt: now,
      updatedAt: now,
    });
    await saveDeployments(trx, [primaryDeployment(service, definition.arn, now)]);
    return service;
  });
  ctx.kickServices();
  return { service: await describeOne(ctx, cluster, created) };
}

function primaryDeployment(service: Service, taskDefinitionArn: string, now: Date): Deployment {
  return {
    id: newDeploymentId(),
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

export async function updateService(ctx: ApiContext, req: wire.UpdateServiceRequest__Output): Promise<wire.UpdateServiceResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  const current = await requireService(ctx, cluster, req.service);
  if (current.status !== 'ACTIVE') throw new EcsError('ServiceNotActiveException', 'Service was not ACTIVE.');
  const desired = desiredCountFrom(req.desiredCount);
  if (current.schedulingStrategy === 'DAEMON' && desired !== undefined) throw invalidParameter('desiredCount cannot be changed for a DAEMON service.');
  const definition = req.taskDefinition ? await resolveTaskDefinition(ctx, req.taskDefinition) : undefined;
  if (definition?.status === 'INACTIVE') throw new EcsError('ClientException', 'TaskDefinition is inactive');
  const deploymentConfiguration = req.deploymentConfiguration
    ? deploymentConfigurationFrom(req.deploymentConfiguration, current.deploymentConfiguration, current.schedulingStrategy)
    : undefined;
  const placement =
    req.placementConstraints.length > 0 || req.placementStrategy.length > 0
      ? servicePlacementFrom(req.placementConstraints, req.placementStrategy, current.schedulingStrategy)
      : undefined;
  const grace = gracePeriodFrom(req.healthCheckGracePeriodSeconds);

  const updated = await ctx.db.transaction().execute(async (trx) => {
    const locked = await findServiceForUpdate(trx, cluster.name, current.name);
    if (!locked || locked.status !== 'ACTIVE') throw new EcsError('ServiceNotActiveException', 'Service was not ACTIVE.');
    const now = ctx.now();
    const newDefinition = definition && definition.arn !== locked.taskDefinitionArn ? definition.arn : undefined;
    const service = await patchService(
      trx,
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
    const deployments = await listDeployments(trx, cluster.name, locked.name);
    if (newDefinition || req.forceNewDeployment) {
      // The new deployment takes over; the old ones drain as the rollout proceeds.
      const demoted = deployments.filter((d) => d.status === 'PRIMARY').map((d) => ({ ...d, status: 'ACTIVE' as const, updatedAt: now }));
      await saveDeployments(trx, [...demoted, primaryDeployment(service, service.taskDefinitionArn, now)]);
    } else if (desired !== undefined) {
      await saveDeployments(
        trx,
        deployments.filter((d) => d.status === 'PRIMARY').map((d) => ({ ...d, desiredCount: desired, updatedAt: now })),
      );
    }
    return service;
  });
  ctx.kickServices();
  return { service: await describeOne(ctx, cluster, updated) };
}

export async function deleteService(ctx: ApiContext, req: wire.DeleteServiceRequest__Output): Promise<wire.DeleteServiceResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  const current = await requireService(ctx, cluster, req.service);
  const deleted = await ctx.db.transaction().execute(async (trx) => {
    const locked = await findServiceForUpdate(trx, cluster.name, current.name);
    if (!locked || locked.status === 'INACTIVE') throw new EcsError('ServiceNotActiveException', 'Service was not ACTIVE.');
    if (locked.status === 'DRAINING') return locked;
    if (locked.schedulingStrategy === 'REPLICA' && locked.desiredCount > 0 && !req.force) {
      throw invalidParameter('The service cannot be stopped while it is scaled above 0.');
    }
    return patchService(trx, cluster.name, locked.name, { status: 'DRAINING', desiredCount: 0 }, ctx.now());
  });
  ctx.kickServices();
  return { service: await describeOne(ctx, cluster, deleted) };
}

export async function describeServices(ctx: ApiContext, req: wire.DescribeServicesRequest__Output): Promise<wire.DescribeServicesResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  if (req.services.length === 0) throw invalidParameter('services must not be empty.');
  if (req.services.length > 10) throw invalidParameter('services can have at most 10 items.');
  const services: wire.Service[] = [];
  const failures: wire.Failure[] = [];
  for (const ref of req.services) {
    const service = await findService(ctx.db, cluster.name, serviceNameFrom(ref, cluster.name)).catch(() => undefined);
    if (service) services.push(await describeOne(ctx, cluster, service));
    else failures.push({ arn: ref.startsWith('arn:') ? ref : serviceArn(ctx.scope, cluster.name, ref), reason: 'MISSING' });
  }
  return { services, failures };
}

export async function listServices(ctx: ApiContext, req: wire.ListServicesRequest__Output): Promise<wire.ListServicesResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  const strategy = req.schedulingStrategy ? schedulingStrategyFrom(req.schedulingStrategy) : undefined;
  const size = pageSize(req.maxResults);
  const rows = await listStoredServices(ctx.db, {
    clusterName: cluster.name,
    ...(strategy ? { schedulingStrategy: strategy } : {}),
    limit: size + 1,
    afterName: decodeToken(req.nextToken),
  });
  const page = pageOf(rows, size, (s) => s.name);
  return { serviceArns: page.items.map((s) => s.arn), nextToken: page.nextToken };
}

async function describeOne(ctx: ApiContext, cluster: Cluster, service: Service): Promise<wire.Service> {
  const [deployments, tasks, events] = await Promise.all([
    listDeployments(ctx.db, cluster.name, service.name),
    listGroupTasks(ctx.db, cluster.name, `service:${service.name}`, ctx.now()),
    listServiceEvents(ctx.db, cluster.name, service.name),
  ]);
  return serviceToWire(service, { clusterArn: cluster.arn }, deployments, tasks, events);
}
