import type { Task, TaskContainer, TaskContainerOverride, TaskDefinition } from '@berth/domain';
import { taskArn } from '@berth/domain';
import { recheckPlacements, type PlacementFailure, type PlacementRequest } from '@berth/scheduler';
import type { Transaction } from 'kysely';
import {
  activeTasksOnInstances,
  findContainerInstanceById,
  insertTasks,
  recomputeInstanceUsage,
  type Database,
} from '@berth/state-store';
import type { ApiContext } from '../context.js';
import { snapshotOf } from './snapshot.js';

export interface TaskLaunch {
  readonly clusterName: string;
  readonly definition: TaskDefinition;
  readonly overrides: readonly TaskContainerOverride[];
  readonly containers: readonly TaskContainer[];
  readonly startedBy: string;
  readonly request: PlacementRequest;
}

/**
 * The applier: inside the caller's transaction, locks the chosen instances (in id order, so two
 * appliers never deadlock), re-checks the plan against their current rows, inserts the tasks that
 * still fit and recomputes the instances' reservations. Reserved resources never exceed what an
 * instance registered because this check and the insert share one transaction.
 */
export async function commitPlacements(
  trx: Transaction<Database>,
  ctx: Pick<ApiContext, 'scope' | 'now' | 'newId'>,
  launch: TaskLaunch,
  placements: readonly string[],
): Promise<{ tasks: Task[]; failures: PlacementFailure[] }> {
  const ids = [...new Set(placements)].sort();
  for (const id of ids) await trx.selectFrom('container_instances').select('id').where('id', '=', id).forUpdate().execute();
  const instances = (await Promise.all(ids.map((id) => findContainerInstanceById(trx, id)))).filter((i) => i !== undefined);
  const groups = new Map<string, string[]>();
  for (const t of await activeTasksOnInstances(trx, ids)) groups.set(t.containerInstanceId, [...(groups.get(t.containerInstanceId) ?? []), t.group]);
  const outcomes = recheckPlacements(
    launch.request,
    instances.filter((i) => i.clusterName === launch.clusterName).map((i) => snapshotOf(i, groups.get(i.id) ?? [])),
    placements,
  );

  const now = ctx.now();
  const tasks: Task[] = [];
  const failures: PlacementFailure[] = [];
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      failures.push(outcome.failure);
      continue;
    }
    const id = ctx.newId();
    tasks.push({
      id,
      arn: taskArn(ctx.scope, launch.clusterName, id),
      clusterName: launch.clusterName,
      containerInstanceId: outcome.instanceId,
      taskDefinitionArn: launch.definition.arn,
      family: launch.definition.family,
      revision: launch.definition.revision,
      desiredStatus: 'RUNNING',
      lastStatus: 'PROVISIONING',
      startedBy: launch.startedBy,
      group: launch.request.group,
      overrides: launch.overrides,
      cpu: launch.request.cpu,
      memory: launch.request.memory,
      reservedPorts: launch.request.ports,
      reservedPortsUdp: launch.request.portsUdp,
      containers: launch.containers,
      healthStatus: 'UNKNOWN',
      createdAt: now,
      version: 1,
    });
  }
  await insertTasks(trx, tasks);
  for (const id of new Set(tasks.map((t) => t.containerInstanceId))) await recomputeInstanceUsage(trx, id, now);
  return { tasks, failures };
}
