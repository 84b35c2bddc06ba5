import { fromTimestamp, type wire } from '@berth/proto';
import type { HealthStatus, TaskContainer } from '@berth/domain';
import { taskIdFrom } from '@berth/domain';
import type { Transaction } from 'kysely';
import { findTaskForUpdate, recomputeInstanceUsage, updateTask, type Database } from '@berth/state-store';
import type { Logger } from '@berth/log';
import { mergeTaskChange, type ReportedTaskChange } from './apply-task-change.js';

const healthValues = new Set(['HEALTHY', 'UNHEALTHY', 'UNKNOWN']);

/** Wire (already validated by validateStateReport) → the pure merge's input. */
export function reportedChangeFromWire(change: wire.TaskStateChange__Output): ReportedTaskChange {
  return {
    status: change.status as ReportedTaskChange['status'],
    reason: change.reason,
    ...(change.stopCode === 'EssentialContainerExited' || change.stopCode === 'TaskFailedToStart' ? { stopCode: change.stopCode } : {}),
    containers: change.containers.map((c) => ({
      name: c.containerName,
      status: c.status as ReportedTaskChange['containers'][number]['status'],
      runtimeId: c.runtimeId,
      imageDigest: c.imageDigest,
      ...(c.exitCode !== undefined && c.exitCode !== null ? { exitCode: c.exitCode } : {}),
      reason: c.reason,
      networkBindings: c.networkBindings.map(
        (b): TaskContainer['networkBindings'][number] => ({
          bindIP: b.bindIP,
          containerPort: b.containerPort,
          hostPort: b.hostPort,
          protocol: b.protocol === 'udp' ? 'udp' : 'tcp',
        }),
      ),
      healthStatus: healthValues.has(c.healthStatus) ? (c.healthStatus as HealthStatus) : '',
    })),
    pullStartedAt: fromTimestamp(change.pullStartedAt) ?? undefined,
    pullStoppedAt: fromTimestamp(change.pullStoppedAt) ?? undefined,
    executionStoppedAt: fromTimestamp(change.executionStoppedAt) ?? undefined,
    startedAt: fromTimestamp(change.startedAt) ?? undefined,
  };
}

/**
 * Applies an agent's task changes inside the report's transaction. Only tasks placed on the
 * reporting instance are touched; reservations are recomputed when a task starts or stops.
 */
export async function applyTaskChanges(
  trx: Transaction<Database>,
  instanceId: string,
  changes: readonly wire.TaskStateChange__Output[],
  deps: { now: Date; log: Logger },
): Promise<{ stoppedTaskArns: string[]; statusChanged: boolean }> {
  let usageChanged = false;
  const stoppedTaskArns: string[] = [];
  for (const change of changes) {
    let id: string;
    try {
      id = taskIdFrom(change.taskArn).id;
    } catch {
      deps.log.warn('agent reported a malformed task ARN; ignored', { instance: instanceId, taskArn: change.taskArn });
      continue;
    }
    const task = await findTaskForUpdate(trx, id);
    if (!task || task.containerInstanceId !== instanceId) {
      deps.log.warn('agent reported a task that is not placed on it; ignored', { instance: instanceId, taskArn: change.taskArn });
      continue;
    }
    const patch = mergeTaskChange(task, reportedChangeFromWire(change), deps.now);
    if (!patch) continue;
    const updated = await updateTask(trx, id, patch, deps.now);
    if (updated.lastStatus !== task.lastStatus) usageChanged = true;
    if (updated.lastStatus === 'STOPPED') stoppedTaskArns.push(updated.arn);
  }
  if (usageChanged) await recomputeInstanceUsage(trx, instanceId, deps.now);
  return { stoppedTaskArns, statusChanged: usageChanged };
}
