import { activityDescription, serviceResourceId, validationError, type ScalableTarget, type ScalingActivity, type Service } from '@berth/domain';
import type { RequestOf, ResultOf } from '@berth/ecs-api';
import type { StoreTx } from '@berth/state-store';
import type { Caller } from '../caller.js';
import type { AppContext } from '../context.js';
import { encodeToken } from '../pagination.js';
import { setDesiredCount } from '../services/desired-count.js';
import { describedRefFrom, scalingPageSize, scalingToken, visibleTo } from './scalable-service.js';

/** 32 hex characters as a UUID (8-4-4-4-12), the form Application Auto Scaling's ids take. */
export const uuidFrom = (hex: string): string => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

/**
 * Moves a service to `capacity` in the caller's transaction and records it as a successful
 * scaling activity with a service event, in ECS's and Application Auto Scaling's words. The
 * service row must be locked by the caller; the caller kicks the reconciler after commit.
 */
export async function scaleService(
  app: AppContext,
  tx: StoreTx,
  service: Service,
  capacity: number,
  cause: string,
  now: Date,
): Promise<ScalingActivity> {
  await setDesiredCount(tx, service, capacity, now);
  const activity: ScalingActivity = {
    id: uuidFrom(app.ids.newId()),
    clusterName: service.clusterName,
    serviceName: service.name,
    description: activityDescription(capacity),
    cause,
    startTime: now,
    endTime: now,
    statusCode: 'Successful',
    statusMessage: `Successfully set desired count to ${capacity}. Change successfully fulfilled by ecs.`,
  };
  await tx.insertScalingActivity(activity);
  await tx.appendServiceEvents(service.clusterName, service.name, [`(service ${service.name}) auto scaling changed the desired count from ${service.desiredCount} to ${capacity}: ${cause}.`], now);
  return activity;
}

/** When a change of bounds leaves the count outside them, the count follows at once (as RegisterScalableTarget does). */
export async function clampToBounds(app: AppContext, tx: StoreTx, service: Service, target: ScalableTarget, why: string, now: Date): Promise<boolean> {
  const clamped = Math.min(target.maxCapacity, Math.max(target.minCapacity, service.desiredCount));
  if (clamped === service.desiredCount) return false;
  await scaleService(app, tx, service, clamped, `${why} set the bounds of ${serviceResourceId({ cluster: service.clusterName, service: service.name })} to [${target.minCapacity}, ${target.maxCapacity}]`, now);
  return true;
}

export async function describeScalingActivities(app: AppContext, req: RequestOf<'DescribeScalingActivities'>, caller: Caller): Promise<ResultOf<'DescribeScalingActivities'>> {
  const ref = describedRefFrom(req);
  const size = scalingPageSize(req.maxResults);
  const before = activityKeyFrom(scalingToken(req.nextToken));
  const rows = await app.store.read.listScalingActivities({
    ...(ref ? { clusterName: ref.clusterName, serviceName: ref.serviceName } : {}),
    ...(before ? { before: { startTime: new Date(before.t), id: before.id } } : {}),
    limit: size + 1,
  });
  const visible = rows.filter((a) => visibleTo(caller, a.clusterName));
  const items = visible.slice(0, size);
  const last = items.at(-1);
  return {
    scalingActivities: items,
    ...(rows.length > size && last ? { nextToken: encodeToken(`${last.startTime.getTime()}/${last.id}`) } : {}),
  };
}

function activityKeyFrom(token: string | undefined): { t: number; id: string } | undefined {
  if (token === undefined) return undefined;
  const [t, id] = token.split('/');
  if (!t || !id || !Number.isSafeInteger(Number(t))) throw validationError('NextToken is not valid: pass the NextToken of the previous answer unchanged.');
  return { t: Number(t), id };
}
