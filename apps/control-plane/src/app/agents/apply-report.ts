import { EcsError, invalidParameter, mergeTaskChange, taskIdFrom, type ReportedTaskChange, type Task, type TaskPatch } from '@berth/domain';
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

/** A report and the instance whose agent sent it. */
export interface InstanceReport {
  readonly instanceId: string;
  readonly report: StateReport;
}

/** What applying one report did: whether a task's status changed. */
export interface ReportOutcome {
  readonly statusChanged: boolean;
}

/**
 * Applies one agent's report (see applyStateReports); a report refused for its sequence throws.
 */
export async function applyStateReport(app: AppContext, instanceId: string, report: StateReport): Promise<ReportOutcome> {
  const [outcome] = await applyStateReports(app, [{ instanceId, report }]);
  if (outcome instanceof EcsError) throw outcome;
  return outcome!;
}

/**
 * Applies several agents' reports in one transaction, each once per sequence: a sequence already
 * applied is a redelivery and changes nothing; one far beyond the last is refused (its outcome is
 * the error), so it cannot poison the rest. Only tasks placed on the reporting instance are touched
 * (an agent acts for its own host); reservations are recomputed where a task started or stopped.
 * The statements are per batch, not per task: instances and tasks are locked, patched and
 * recomputed a set at a time. At most one report per instance (the caller queues the next).
 * When a task's status changed the service loop is kicked.
 */
export async function applyStateReports(app: AppContext, reports: readonly InstanceReport[]): Promise<(ReportOutcome | EcsError)[]> {
  const now = app.now();
  const outcomes = await app.store.transaction(async (tx) => {
    const advances = await tx.advanceReportSequences(reports.map(({ instanceId, report }) => ({ instanceId, sequence: report.sequence })));
    const applied = reports.filter((r) => advances.get(r.instanceId) === 'applied');
    const changes = applied.flatMap(({ instanceId, report }) =>
      report.tasks.flatMap((change) => {
        try {
          return [{ instanceId, change, id: taskIdFrom(change.taskArn).id }];
        } catch {
          app.log.warn('agent reported a malformed task ARN; ignored', { instance: instanceId, taskArn: change.taskArn });
          return [];
        }
      }),
    );
    const stored = new Map((await tx.findTasksForUpdate(changes.map((c) => c.id))).map((t) => [t.id, t]));
    // A task reported twice (in one report) merges the second change into the first's result.
    const patched = new Map<string, { task: Task; patch: TaskPatch }>();
    const changedOn = new Set<string>();
    for (const { instanceId, change, id } of changes) {
      const before = stored.get(id);
      if (!before || before.containerInstanceId !== instanceId) {
        app.log.warn('agent reported a task that is not placed on it; ignored', { instance: instanceId, taskArn: change.taskArn });
        continue;
      }
      const current = patched.get(id);
      const task = current ? ({ ...current.task, ...current.patch } as Task) : before;
      const patch = mergeTaskChange(task, change, now);
      if (!patch) continue;
      patched.set(id, { task: before, patch: { ...current?.patch, ...patch } });
      if ((patch.lastStatus ?? task.lastStatus) !== before.lastStatus) changedOn.add(instanceId);
    }
    await tx.updateTasks([...patched].map(([id, { patch }]) => ({ id, patch })), now);
    await tx.recomputeInstanceUsage([...changedOn], now);
    return reports.map(({ instanceId, report }): ReportOutcome | EcsError =>
      advances.get(instanceId) === 'too-far'
        ? invalidParameter(`stateReport.sequence ${report.sequence} is more than ${MAX_REPORT_SEQUENCE_JUMP} past the last one applied; the report is refused.`)
        : { statusChanged: changedOn.has(instanceId) },
    );
  });
  // A task started or stopped: services may have work (replace it, continue a rollout).
  if (outcomes.some((o) => !(o instanceof EcsError) && o.statusChanged)) app.kickServices();
  return outcomes;
}
