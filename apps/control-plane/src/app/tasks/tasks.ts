import { desiredTaskStatuses, invalidParameter, isOneOf, taskIdFrom, type ContainerInstance, type Task } from '@berth/domain';
import type { Failure, RequestOf, ResultOf, TaskConnectivity } from '@berth/ecs-api';
import { pushDesiredTasks } from '../agents/desired-tasks.js';
import { requireActiveCluster } from '../clusters.js';
import { instanceIdIn } from '../container-instances.js';
import type { AppContext } from '../context.js';
import { decodeToken, pageOf, pageSize } from '../pagination.js';
import { stopLockedTask } from './stop-task.js';

const taskNotFound = () => invalidParameter('The referenced task was not found.');

export async function stopTask(app: AppContext, req: RequestOf<'StopTask'>): Promise<ResultOf<'StopTask'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  if (!req.task) throw invalidParameter('task is required.');
  const reason = req.reason ?? '';
  if (reason.length > 255) throw invalidParameter('reason can be at most 255 characters.');
  const { id, cluster: arnCluster } = taskIdFrom(req.task);
  if (arnCluster !== undefined && arnCluster !== cluster.name) throw taskNotFound();
  const { task, changed } = await app.store.transaction(async (tx) => {
    const found = await tx.findTaskForUpdate(id);
    if (!found || found.clusterName !== cluster.name) throw taskNotFound();
    return stopLockedTask(tx, found, { stopCode: 'UserInitiated', reason: reason || 'Task stopped by user' }, app.now());
  });
  if (changed) await pushDesiredTasks(app, [task.containerInstanceId]);
  return { task };
}

export async function describeTasks(app: AppContext, req: RequestOf<'DescribeTasks'>): Promise<ResultOf<'DescribeTasks'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const refs = req.tasks ?? [];
  if (refs.length === 0) throw invalidParameter('tasks must not be empty.');
  if (refs.length > 100) throw invalidParameter('tasks can have at most 100 items.');
  const tasks: Task[] = [];
  const failures: Failure[] = [];
  for (const ref of refs) {
    const { id, cluster: arnCluster } = taskIdFrom(ref);
    const task = arnCluster !== undefined && arnCluster !== cluster.name ? undefined : await app.store.read.findTask(cluster.name, id);
    if (task) tasks.push(task);
    else failures.push({ arn: ref, reason: 'MISSING' });
  }
  return { tasks, failures, connectivity: await connectivityOf(app, tasks) };
}

/** For each task not yet STOPPED: is its instance's agent connected, and if not, since when is it silent. */
async function connectivityOf(app: AppContext, tasks: readonly Task[]): Promise<Map<string, TaskConnectivity>> {
  const instances = new Map<string, ContainerInstance | undefined>();
  const out = new Map<string, TaskConnectivity>();
  for (const task of tasks) {
    if (task.lastStatus === 'STOPPED') continue;
    if (!instances.has(task.containerInstanceId)) instances.set(task.containerInstanceId, await app.store.read.findContainerInstanceById(task.containerInstanceId));
    const instance = instances.get(task.containerInstanceId);
    if (!instance) continue;
    out.set(task.arn, instance.agentConnected ? { status: 'CONNECTED' } : { status: 'DISCONNECTED', at: instance.lastHeartbeatAt ?? instance.registeredAt });
  }
  return out;
}

export async function listTasks(app: AppContext, req: RequestOf<'ListTasks'>): Promise<ResultOf<'ListTasks'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const desiredStatus = req.desiredStatus || 'RUNNING';
  if (!isOneOf(desiredTaskStatuses, desiredStatus)) throw invalidParameter(`Invalid desiredStatus '${desiredStatus}'. Valid values: RUNNING, STOPPED.`);
  if (req.serviceName && req.startedBy) throw invalidParameter('serviceName and startedBy cannot be used together.');
  const containerInstanceId = req.containerInstance ? instanceIdIn(cluster.name, req.containerInstance) : undefined;
  if (req.containerInstance && containerInstanceId === undefined) return { items: [] };
  const size = pageSize(req.maxResults);
  const rows = await app.store.read.listTasks({
    clusterName: cluster.name,
    containerInstanceId,
    family: req.family || undefined,
    startedBy: req.startedBy || undefined,
    group: req.serviceName ? `service:${req.serviceName}` : undefined,
    desiredStatus,
    limit: size + 1,
    afterId: decodeToken(req.nextToken),
  });
  const page = pageOf(rows, size, (t) => t.id);
  return { items: page.items.map((t) => t.arn), nextToken: page.nextToken };
}
