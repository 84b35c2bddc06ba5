import { newTask, taskArn, type LaunchSpec, type Task } from '@berth/domain';
import { instanceSnapshot, recheckPlacements, taskGroupsByInstance, type PlacementFailure, type PlacementRequest } from '@berth/scheduler';
import type { StoreTx } from '@berth/state-store';
import type { AppContext } from '../context.js';

/**
 * The applier, shared by RunTask, StartTask and the service scheduler: inside the caller's
 * transaction it locks the chosen instances (in id order, so two appliers never deadlock),
 * re-checks the plan against their rows as they are now (`recheckPlacements`, the same filters
 * placement used), inserts the tasks that still fit and recomputes the instances' reservations.
 * Reserved resources never exceed what an instance registered because this check and the insert
 * share one transaction. It decides nothing: the plan chose the instances.
 */
export async function commitPlacements(
  tx: StoreTx,
  app: Pick<AppContext, 'scope' | 'now' | 'ids'>,
  spec: LaunchSpec,
  request: PlacementRequest,
  instanceIds: readonly string[],
): Promise<{ tasks: Task[]; failures: PlacementFailure[] }> {
  if (instanceIds.length === 0) return { tasks: [], failures: [] };
  const locked = (await tx.lockContainerInstances(instanceIds)).filter((i) => i.clusterName === spec.clusterName);
  const groups = taskGroupsByInstance(await tx.activeTaskGroupsOnInstances(locked.map((i) => i.id)));
  const outcomes = recheckPlacements(
    request,
    locked.map((i) => instanceSnapshot(i, groups.get(i.id) ?? [])),
    instanceIds,
  );
  const now = app.now();
  const tasks: Task[] = [];
  const failures: PlacementFailure[] = [];
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      failures.push(outcome.failure);
      continue;
    }
    const id = app.ids.newId();
    tasks.push(newTask(spec, { id, arn: taskArn(app.scope, spec.clusterName, id), containerInstanceId: outcome.instanceId, now }));
  }
  await tx.insertTasks(tasks);
  await tx.recomputeInstanceUsage(tasks.map((t) => t.containerInstanceId), now);
  return { tasks, failures };
}
