import { EcsError, invalidParameter, taskIdFrom } from '@berth/domain';
import type { RequestOf } from '@berth/ecs-api';
import { requireActiveCluster } from '../clusters.js';
import type { AppContext } from '../context.js';

/** Where a container's output comes from: the agent on `instanceId`, asked over its session. */
export interface LogSource {
  readonly instanceId: string;
  /** The session is on this replica; otherwise on another one, which relays. */
  readonly here: boolean;
  readonly taskArn: string;
  readonly containerName: string;
  readonly follow: boolean;
  readonly since: number;
  readonly tail: number;
}

/**
 * `berth logs`: finds the task's container and the agent that holds it. The container's logs never
 * touch the control plane's storage; the edge relays them from the agent's session.
 */
export async function openContainerLogs(app: AppContext, req: RequestOf<'GetContainerLogs'>): Promise<LogSource> {
  const cluster = await requireActiveCluster(app, req.cluster);
  if (!req.task) throw invalidParameter('task is required.');
  const tail = req.tail ?? 0;
  if (tail < 0) throw invalidParameter('tail must not be negative.');
  const since = req.since ?? 0;
  if (since < 0) throw invalidParameter('since must not be negative.');
  const task = await app.store.read.findTask(cluster.name, taskIdFrom(req.task).id);
  if (!task) throw invalidParameter('The referenced task was not found.');
  const containerName = req.containerName || (task.containers.length === 1 ? task.containers[0]!.name : task.containers.find((c) => c.essential)?.name);
  if (!containerName || !task.containers.some((c) => c.name === containerName)) {
    throw invalidParameter(`Task has no container named '${req.containerName}'. Containers: ${task.containers.map((c) => c.name).join(', ')}.`);
  }
  const here = app.agents.has(task.containerInstanceId);
  if (!here && !(await app.store.read.findContainerInstanceById(task.containerInstanceId))?.agentConnected) {
    throw new EcsError('ServerException', 'The agent holding this task is not connected, so its logs cannot be read now.');
  }
  return { instanceId: task.containerInstanceId, here, taskArn: task.arn, containerName, follow: req.follow ?? false, since, tail };
}
