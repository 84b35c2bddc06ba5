import { invalidParameter, mergeTaskChange, taskIdFrom, type ReportedTaskChange } from '@berth/domain';
import { MAX_REPORT_SEQUENCE_JUMP } from '@berth/state-store';
import type { AppContext } from '../context.js';

/** One task's change in an agent's report, with the task it is about. */
export interface ReportedChange extends ReportedTaskChange {
  readonly taskArn: string;
}

/** An agent's state report: numbered, so a redelivered copy is applied once. */
export interface StateReport {
  readonly sequence: number;
  readonly tasks: readonly ReportedChange[];
}

/**
 * Applies an agent's report in one transaction, once per sequence: a sequence already applied is a
 * redelivery and changes nothing; one far beyond the last is refused, so it cannot poison the rest. Only tasks placed on the reporting instance are touched (an agent
 * acts for its own host); reservations are recomputed when a task starts or stops. Returns whether
 * a task's status changed, in which case the service loop is kicked.
 */
export async function applyStateReport(app: AppContext, instanceId: string, report: StateReport): Promise<{ statusChanged: boolean }> {
  const now = app.now();
  const statusChanged = await app.store.transaction(async (tx) => {
    const advance = await tx.advanceReportSequence(instanceId, report.sequence);
    if (advance === 'too-far') {
      throw invalidParameter(`stateReport.sequence ${report.sequence} is more than ${MAX_REPORT_SEQUENCE_JUMP} past the last one applied; the report is refused.`);
    }
    if (advance === 'duplicate') return false;
    let usageChanged = false;
    for (const change of report.tasks) {
      let id: string;
      try {
        id = taskIdFrom(change.taskArn).id;
      } catch {
        app.log.warn('agent reported a malformed task ARN; ignored', { instance: instanceId, taskArn: change.taskArn });
        continue;
      }
      const task = await tx.findTaskForUpdate(id);
      if (!task || task.containerInstanceId !== instanceId) {
        app.log.warn('agent reported a task that is not placed on it; ignored', { instance: instanceId, taskArn: change.taskArn });
        continue;
      }
      const patch = mergeTaskChange(task, change, now);
      if (!patch) continue;
      const updated = await tx.updateTask(id, patch, now);
      if (updated.lastStatus !== task.lastStatus) usageChanged = true;
    }
    if (usageChanged) await tx.recomputeInstanceUsage(instanceId, now);
    return usageChanged;
  });
  // A task started or stopped: services may have work (replace it, continue a rollout).
  if (statusChanged) app.kickServices();
  return { statusChanged };
}
