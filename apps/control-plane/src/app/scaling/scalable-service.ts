import {
  EcsError,
  checkScalableDimension,
  parseServiceResourceId,
  validationError,
  type ScalableTarget,
  type Service,
} from '@berth/domain';
import type { StoreReads, StoreTx } from '@berth/state-store';
import type { Caller } from '../caller.js';
import { decodeToken } from '../pagination.js';

/**
 * What every Application Auto Scaling call names first: namespace `ecs`, a resource id
 * `service/<cluster>/<service>` and the dimension `ecs:service:DesiredCount`, checked here once,
 * with that API's error names and texts.
 */
export interface TargetRef {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly resourceId: string;
}

export function targetRefFrom(req: { serviceNamespace?: string; resourceId?: string; scalableDimension?: string }): TargetRef {
  if (!req.serviceNamespace) throw validationError('ServiceNamespace is required.');
  if (!req.resourceId) throw validationError('ResourceId is required.');
  if (!req.scalableDimension) throw validationError('ScalableDimension is required.');
  checkScalableDimension(req.serviceNamespace, req.scalableDimension);
  const { cluster, service } = parseServiceResourceId(req.resourceId);
  return { clusterName: cluster, serviceName: service, resourceId: req.resourceId };
}

/** The namespace and dimension of a Describe call, where the resource id is optional. */
export function describedRefFrom(req: { serviceNamespace?: string; resourceId?: string; scalableDimension?: string }): TargetRef | undefined {
  if (!req.serviceNamespace) throw validationError('ServiceNamespace is required.');
  checkScalableDimension(req.serviceNamespace, req.scalableDimension);
  if (req.resourceId === undefined) return undefined;
  const { cluster, service } = parseServiceResourceId(req.resourceId);
  return { clusterName: cluster, serviceName: service, resourceId: req.resourceId };
}

export const targetNotFound = (ref: TargetRef) =>
  new EcsError('ObjectNotFoundException', `No scalable target registered for service namespace: ecs, resource ID: ${ref.resourceId}, scalable dimension: ecs:service:DesiredCount`);

/** The service a target scales: it must exist, be ACTIVE and be a REPLICA service (a DAEMON's count follows its hosts). */
export async function requireScalableService(read: Pick<StoreReads, 'findService'>, ref: TargetRef): Promise<Service> {
  const service = await read.findService(ref.clusterName, ref.serviceName);
  if (!service || service.status !== 'ACTIVE') throw validationError(`ECS service doesn't exist: ${ref.resourceId}`);
  if (service.schedulingStrategy === 'DAEMON') {
    throw validationError(`${ref.resourceId} is a DAEMON service: it runs one task per container instance, so its desired count cannot be scaled.`);
  }
  return service;
}

export async function requireTarget(read: Pick<StoreReads, 'findScalableTarget'>, ref: TargetRef): Promise<ScalableTarget> {
  const target = await read.findScalableTarget(ref.clusterName, ref.serviceName);
  if (!target) throw targetNotFound(ref);
  return target;
}

export async function lockTarget(tx: StoreTx, ref: TargetRef): Promise<ScalableTarget> {
  const target = await tx.findScalableTargetForUpdate(ref.clusterName, ref.serviceName);
  if (!target) throw targetNotFound(ref);
  return target;
}

/** Whether a caller limited to some clusters may see a resource of this cluster (Describe calls without a resource id). */
export function visibleTo(caller: Caller, clusterName: string): boolean {
  return !caller.clusters || caller.clusters.includes(clusterName);
}

/** Application Auto Scaling's MaxResults: 1–50, 50 unless given. */
export function scalingPageSize(maxResults: number | undefined): number {
  if (maxResults === undefined) return 50;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) throw validationError(`MaxResults must be from 1 to 50; got ${maxResults}.`);
  return maxResults;
}

export function scalingToken(token: string | undefined): string | undefined {
  try {
    return decodeToken(token);
  } catch {
    throw validationError('NextToken is not valid: pass the NextToken of the previous answer unchanged.');
  }
}
