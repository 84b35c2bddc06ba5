import {
  NOT_SUSPENDED,
  boundsAfter,
  checkCapacityBounds,
  parseServiceResourceId,
  scalableTargetArn,
  validationError,
  type ScalableTarget,
  type SuspendedState,
} from '@berth/domain';
import type { RequestOf, ResultOf } from '@berth/ecs-api';
import type { Caller } from '../caller.js';
import type { AppContext } from '../context.js';
import { pageOf } from '../pagination.js';
import { clampToBounds, uuidFrom } from './activities.js';
import { describedRefFrom, lockTarget, requireScalableService, scalingPageSize, scalingToken, targetRefFrom, visibleTo } from './scalable-service.js';

/**
 * RegisterScalableTarget: the first registration needs both bounds; a later one changes what it
 * gives (bounds, suspension) and keeps the rest. Either way a desired count left outside the
 * bounds moves inside them at once, as a scaling activity.
 */
export async function registerScalableTarget(app: AppContext, req: RequestOf<'RegisterScalableTarget'>): Promise<ResultOf<'RegisterScalableTarget'>> {
  const ref = targetRefFrom(req);
  checkCapacityBounds({ minCapacity: req.minCapacity, maxCapacity: req.maxCapacity });
  await requireScalableService(app.store.read, ref);
  const changed = await app.store.transaction(async (tx) => {
    const service = await tx.findServiceForUpdate(ref.clusterName, ref.serviceName);
    if (!service) throw validationError(`ECS service doesn't exist: ${ref.resourceId}`);
    const existing = await tx.findScalableTargetForUpdate(ref.clusterName, ref.serviceName);
    if (!existing && (req.minCapacity === undefined || req.maxCapacity === undefined)) {
      throw validationError('MinCapacity and MaxCapacity are required when a scalable target is registered for the first time.');
    }
    const bounds = existing ? boundsAfter(existing, { minCapacity: req.minCapacity, maxCapacity: req.maxCapacity }) : { minCapacity: req.minCapacity!, maxCapacity: req.maxCapacity! };
    const now = app.now();
    const target: ScalableTarget = {
      clusterName: ref.clusterName,
      serviceName: ref.serviceName,
      arn: existing?.arn ?? scalableTargetArn(app.scope, uuidFrom(app.ids.newId()).replace(/-/g, '')),
      ...bounds,
      suspendedState: suspendedStateFrom(req.suspendedState, existing?.suspendedState),
      createdAt: existing?.createdAt ?? now,
    };
    const saved = await tx.saveScalableTarget(target);
    return clampToBounds(app, tx, service, saved, 'RegisterScalableTarget', now);
  });
  if (changed) app.kickServices();
  return {};
}

function suspendedStateFrom(given: RequestOf<'RegisterScalableTarget'>['suspendedState'], current: SuspendedState = NOT_SUSPENDED): SuspendedState {
  return {
    dynamicScalingInSuspended: given?.dynamicScalingInSuspended ?? current.dynamicScalingInSuspended,
    dynamicScalingOutSuspended: given?.dynamicScalingOutSuspended ?? current.dynamicScalingOutSuspended,
    scheduledScalingSuspended: given?.scheduledScalingSuspended ?? current.scheduledScalingSuspended,
  };
}

/** Deregisters a target with its policies and scheduled actions; the service keeps its count. */
export async function deregisterScalableTarget(app: AppContext, req: RequestOf<'DeregisterScalableTarget'>): Promise<ResultOf<'DeregisterScalableTarget'>> {
  const ref = targetRefFrom(req);
  await app.store.transaction(async (tx) => {
    await lockTarget(tx, ref);
    await tx.deleteScalableTarget(ref.clusterName, ref.serviceName);
  });
  return {};
}

export async function describeScalableTargets(app: AppContext, req: RequestOf<'DescribeScalableTargets'>, caller: Caller): Promise<ResultOf<'DescribeScalableTargets'>> {
  describedRefFrom({ serviceNamespace: req.serviceNamespace, scalableDimension: req.scalableDimension });
  if (req.resourceIds && req.resourceIds.length > 50) throw validationError(`ResourceIds may name at most 50 resources; got ${req.resourceIds.length}.`);
  const services = req.resourceIds?.map((id) => {
    const { cluster, service } = parseServiceResourceId(id);
    return { clusterName: cluster, serviceName: service };
  });
  const size = scalingPageSize(req.maxResults);
  const after = scalingToken(req.nextToken)?.split('/');
  const rows = await app.store.read.listScalableTargets({
    ...(services ? { services } : {}),
    ...(after ? { after: { clusterName: after[0] ?? '', serviceName: after[1] ?? '' } } : {}),
    limit: size + 1,
  });
  const page = pageOf(rows, size, (t) => `${t.clusterName}/${t.serviceName}`);
  return {
    scalableTargets: page.items.filter((t) => visibleTo(caller, t.clusterName)),
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
}
