import { EcsError, checkCapacityBounds, nextScheduledRun, parseScalingSchedule, scheduledActionArn, validationError, type ScheduledAction } from '@berth/domain';
import type { RequestOf, ResultOf } from '@berth/ecs-api';
import type { Caller } from '../caller.js';
import type { AppContext } from '../context.js';
import { pageOf } from '../pagination.js';
import { uuidFrom } from './activities.js';
import { policyNameFrom } from './scaling-policies.js';
import { describedRefFrom, lockTarget, requireScalableService, scalingPageSize, scalingToken, targetRefFrom, visibleTo, type TargetRef } from './scalable-service.js';

/** Application Auto Scaling's limit on one target's scheduled actions. */
export const MAX_SCHEDULED_ACTIONS_PER_TARGET = 200;

function instantFrom(value: number | string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) throw validationError(`${field} must be a time (epoch seconds or ISO-8601); got ${JSON.stringify(value)}.`);
  return date;
}

/**
 * PutScheduledAction: creates the action or replaces what the request gives of it. The schedule
 * is parsed here, so a bad expression or time zone is refused before anything is stored, and the
 * next run is computed now; the evaluation loop runs what is due.
 */
export async function putScheduledAction(app: AppContext, req: RequestOf<'PutScheduledAction'>): Promise<ResultOf<'PutScheduledAction'>> {
  const ref = targetRefFrom(req);
  const name = policyNameFrom(req.scheduledActionName, 'ScheduledActionName');
  const startTime = instantFrom(req.startTime, 'StartTime');
  const endTime = instantFrom(req.endTime, 'EndTime');
  if (startTime && endTime && endTime <= startTime) throw validationError('EndTime must be after StartTime.');
  const bounds = req.scalableTargetAction ?? {};
  checkCapacityBounds(bounds, 'ScalableTargetAction.');
  await requireScalableService(app.store.read, ref);
  await app.store.transaction(async (tx) => {
    await lockTarget(tx, ref);
    const existing = await tx.listScheduledActions({ clusterName: ref.clusterName, serviceName: ref.serviceName });
    const same = existing.find((a) => a.name === name);
    if (!same && existing.length >= MAX_SCHEDULED_ACTIONS_PER_TARGET) {
      throw new EcsError('ValidationException', `${ref.resourceId} already has ${MAX_SCHEDULED_ACTIONS_PER_TARGET} scheduled actions, the most one scalable target may have.`);
    }
    const schedule = req.schedule ?? same?.schedule;
    if (!schedule) throw validationError('Schedule is required for a new scheduled action.');
    const timezone = req.timezone ?? same?.timezone ?? 'UTC';
    const parsed = parseScalingSchedule(schedule, timezone);
    const minCapacity = bounds.minCapacity ?? same?.minCapacity;
    const maxCapacity = bounds.maxCapacity ?? same?.maxCapacity;
    if (minCapacity === undefined && maxCapacity === undefined) throw validationError('ScalableTargetAction needs MinCapacity, MaxCapacity or both.');
    const now = app.now();
    const createdAt = same?.createdAt ?? now;
    const window = { createdAt, ...(startTime ? { startTime } : {}), ...(endTime ? { endTime } : {}) };
    const action: ScheduledAction = {
      clusterName: ref.clusterName,
      serviceName: ref.serviceName,
      name,
      arn: same?.arn ?? scheduledActionArn(app.scope, uuidFrom(app.ids.newId()), { cluster: ref.clusterName, service: ref.serviceName }, name),
      schedule,
      timezone,
      ...window,
      ...(minCapacity !== undefined ? { minCapacity } : {}),
      ...(maxCapacity !== undefined ? { maxCapacity } : {}),
      createdAt,
    };
    const next = nextScheduledRun(parsed, now, window);
    await tx.saveScheduledAction(next ? { ...action, nextRunAt: next } : action);
  });
  return {};
}

const actionNotFound = (ref: TargetRef, name: string) =>
  new EcsError('ObjectNotFoundException', `No scheduled action found for service namespace: ecs, resource ID: ${ref.resourceId}, scalable dimension: ecs:service:DesiredCount, scheduled action name: ${name}`);

export async function deleteScheduledAction(app: AppContext, req: RequestOf<'DeleteScheduledAction'>): Promise<ResultOf<'DeleteScheduledAction'>> {
  const ref = targetRefFrom(req);
  const name = policyNameFrom(req.scheduledActionName, 'ScheduledActionName');
  await app.store.transaction(async (tx) => {
    await lockTarget(tx, ref);
    if (!(await tx.deleteScheduledAction(ref.clusterName, ref.serviceName, name))) throw actionNotFound(ref, name);
  });
  return {};
}

export async function describeScheduledActions(app: AppContext, req: RequestOf<'DescribeScheduledActions'>, caller: Caller): Promise<ResultOf<'DescribeScheduledActions'>> {
  const ref = describedRefFrom(req);
  const size = scalingPageSize(req.maxResults);
  const after = scalingToken(req.nextToken)?.split('/');
  const rows = await app.store.read.listScheduledActions({
    ...(ref ? { clusterName: ref.clusterName, serviceName: ref.serviceName } : {}),
    ...(req.scheduledActionNames ? { names: req.scheduledActionNames } : {}),
    ...(after ? { after: { clusterName: after[0] ?? '', serviceName: after[1] ?? '', name: after.slice(2).join('/') } } : {}),
    limit: size + 1,
  });
  const page = pageOf(rows, size, (a) => `${a.clusterName}/${a.serviceName}/${a.name}`);
  return {
    scheduledActions: page.items.filter((a) => visibleTo(caller, a.clusterName)),
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
}
