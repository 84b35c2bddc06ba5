import { stopTaskPatch, type StopRequest, type Task } from '@berth/domain';
import type { StoreTx } from '@berth/state-store';

/**
 * Stops a locked task by the domain's rule (`stopTaskPatch`): a task never started is STOPPED at
 * once and its instance's usage recomputed in the same transaction. Returns the task as it is now,
 * and whether it changed (a task already meant to stop keeps its first stop code and reason).
 */
export async function stopLockedTask(tx: StoreTx, task: Task, stop: StopRequest, now: Date): Promise<{ task: Task; changed: boolean }> {
  const decided = stopTaskPatch(task, stop, now);
  if (!decided) return { task, changed: false };
  const stopped = await tx.updateTask(task.id, decided.patch, now);
  if (decided.releasesNow) await tx.recomputeInstanceUsage([stopped.containerInstanceId], now);
  return { task: stopped, changed: true };
}
