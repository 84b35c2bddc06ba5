import {
  EcsError,
  invalidParameter,
  isOneOf,
  desiredTaskStatuses,
  taskIdFrom,
  containerInstanceArn,
  type Cluster,
  type Task,
} from '@berth/domain';
import { place, type PlacementFailure } from '@berth/scheduler';
import type { wire } from '@berth/proto';
import { findRunTaskToken, findTask, findTaskForUpdate, listTasks as listStoredTasks, recomputeInstanceUsage, saveRunTaskToken, updateTask } from '@berth/state-store';
import type { ApiContext } from '../context.js';
import { pushDesiredTasks } from '../agent/desired-tasks.js';
import { commitPlacements } from '../tasks/commit-placements.js';
import { buildLaunch, checkClientToken, runTaskRequestHash } from '../tasks/launch.js';
import { constraintsFrom, strategiesFrom } from '../tasks/placement-options.js';
import { clusterSnapshot } from '../tasks/snapshot.js';
import { taskToWire } from '../wire/tasks.js';
import { requireActiveCluster } from './clusters.js';
import { instanceIdIn } from './container-instances.js';
import { decodeToken, pageOf, pageSize } from './pagination.js';
import { resolveTaskDefinition } from './task-definitions.js';

const TOKEN_LIFETIME_MS = 24 * 3600_000;

export async function runTask(ctx: ApiContext, req: wire.RunTaskRequest__Output): Promise<wire.RunTaskResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  const definition = await resolveTaskDefinition(ctx, req.taskDefinition);
  const count = req.count === 0 ? 1 : req.count;
  if (!Number.isInteger(count) || count < 1 || count > ctx.limits.maxRunTaskCount) {
    throw invalidParameter(`count must be between 1 and ${ctx.limits.maxRunTaskCount}.`);
  }
  let requestHash: string | undefined;
  if (req.clientToken) {
    checkClientToken(req.clientToken);
    requestHash = runTaskRequestHash(req, definition.arn);
    const previous = await findRunTaskToken(ctx.db, cluster.name, req.clientToken, new Date(ctx.now().getTime() - TOKEN_LIFETIME_MS));
    if (previous) {
      if (previous.requestHash !== requestHash) {
        throw new EcsError('ConflictException', `The clientToken was already used for a different request that started: ${previous.response.taskArns.join(', ') || 'no tasks'}.`);
      }
      return { tasks: await describeByArns(ctx, cluster, previous.response.taskArns), failures: previous.response.failures };
    }
  }
  const launch = buildLaunch(cluster, definition, { count, group: req.group, startedBy: req.startedBy, overrides: req.overrides }, {
    constraints: constraintsFrom(req.placementConstraints, definition),
    strategies: strategiesFrom(req.placementStrategy),
    seed: Math.floor(Math.random() * 2 ** 31),
  });
  const { instances, snapshots } = await clusterSnapshot(ctx, cluster.name);
  if (instances.length === 0) throw invalidParameter('No Container Instances were found in your cluster.');
  const plan = place(launch.request, snapshots);
  const result = await ctx.db.transaction().execute(async (trx) => {
    const committed = await commitPlacements(trx, ctx, launch, plan.placements);
    const failures = dedupeFailures([...plan.failures, ...committed.failures]);
    if (req.clientToken && requestHash) {
      await saveRunTaskToken(trx, {
        clusterName: cluster.name,
        token: req.clientToken,
        requestHash,
        response: { taskArns: committed.tasks.map((t) => t.arn), failures },
        now: ctx.now(),
      });
    }
    return { tasks: committed.tasks, failures };
  });
  await pushToInstances(ctx, result.tasks);
  return { tasks: tasksToWire(ctx, cluster, result.tasks), failures: result.failures };
}

export async function startTask(ctx: ApiContext, req: wire.StartTaskRequest__Output): Promise<wire.StartTaskResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  const definition = await resolveTaskDefinition(ctx, req.taskDefinition);
  if (req.containerInstances.length === 0) throw invalidParameter('containerInstances must not be empty.');
  if (req.containerInstances.length > 10) throw invalidParameter('containerInstances can have at most 10 items.');
  const launch = buildLaunch(cluster, definition, { count: 1, group: req.group, startedBy: req.startedBy, overrides: req.overrides }, {
    constraints: constraintsFrom([], definition),
    strategies: [],
    seed: 0,
  });
  const failures: PlacementFailure[] = [];
  const placements: string[] = [];
  for (const ref of req.containerInstances) {
    const id = instanceIdIn(cluster.name, ref);
    if (id === undefined) failures.push({ arn: ref, reason: 'MISSING', detail: 'The container instance is not in this cluster.' });
    else placements.push(id);
  }
  const result = await ctx.db.transaction().execute((trx) => commitPlacements(trx, ctx, launch, placements));
  await pushToInstances(ctx, result.tasks);
  return { tasks: tasksToWire(ctx, cluster, result.tasks), failures: dedupeFailures([...failures, ...result.failures]) };
}

export async function stopTask(ctx: ApiContext, req: wire.StopTaskRequest__Output): Promise<wire.StopTaskResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  if (!req.task) throw invalidParameter('task is required.');
  if (req.reason.length > 255) throw invalidParameter('reason can be at most 255 characters.');
  const { id, cluster: arnCluster } = taskIdFrom(req.task);
  if (arnCluster !== undefined && arnCluster !== cluster.name) throw invalidParameter('The referenced task was not found.');
  const task = await ctx.db.transaction().execute(async (trx) => {
    const found = await findTaskForUpdate(trx, id);
    if (!found || found.clusterName !== cluster.name) throw invalidParameter('The referenced task was not found.');
    if (found.desiredStatus === 'STOPPED') return found;
    const now = ctx.now();
    const stopped = await updateTask(
      trx,
      id,
      { desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: req.reason || 'Task stopped by user', stoppingAt: now },
      now,
    );
    // A task the agent never started has nothing to stop: it is done now.
    if (stopped.lastStatus === 'PROVISIONING') {
      const done = await updateTask(trx, id, { lastStatus: 'STOPPED', stoppedAt: now }, now);
      await recomputeInstanceUsage(trx, done.containerInstanceId, now);
      return done;
    }
    return stopped;
  });
  await pushDesiredTasks(ctx, task.containerInstanceId);
  return { task: taskToWire(task, refsFor(ctx, cluster, task)) };
}

export async function describeTasks(ctx: ApiContext, req: wire.DescribeTasksRequest__Output): Promise<wire.DescribeTasksResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  if (req.tasks.length === 0) throw invalidParameter('tasks must not be empty.');
  if (req.tasks.length > 100) throw invalidParameter('tasks can have at most 100 items.');
  const found: wire.Task[] = [];
  const failures: wire.Failure[] = [];
  for (const ref of req.tasks) {
    const { id, cluster: arnCluster } = taskIdFrom(ref);
    const task = arnCluster !== undefined && arnCluster !== cluster.name ? undefined : await findTask(ctx.db, cluster.name, id);
    if (task) found.push(taskToWire(task, refsFor(ctx, cluster, task)));
    else failures.push({ arn: ref, reason: 'MISSING' });
  }
  return { tasks: found, failures };
}

export async function listTasks(ctx: ApiContext, req: wire.ListTasksRequest__Output): Promise<wire.ListTasksResponse> {
  const cluster = await requireActiveCluster(ctx, req.cluster);
  const desiredStatus = req.desiredStatus || 'RUNNING';
  if (!isOneOf(desiredTaskStatuses, desiredStatus)) throw invalidParameter(`Invalid desiredStatus '${desiredStatus}'. Valid values: RUNNING, STOPPED.`);
  if (req.serviceName && req.startedBy) throw invalidParameter('serviceName and startedBy cannot be used together.');
  const containerInstanceId = req.containerInstance ? instanceIdIn(cluster.name, req.containerInstance) : undefined;
  if (req.containerInstance && containerInstanceId === undefined) return { taskArns: [], nextToken: '' };
  const size = pageSize(req.maxResults);
  const rows = await listStoredTasks(ctx.db, {
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
  return { taskArns: page.items.map((t) => t.arn), nextToken: page.nextToken };
}

async function describeByArns(ctx: ApiContext, cluster: Cluster, arns: readonly string[]): Promise<wire.Task[]> {
  const tasks: wire.Task[] = [];
  for (const arn of arns) {
    const task = await findTask(ctx.db, cluster.name, taskIdFrom(arn).id);
    if (task) tasks.push(taskToWire(task, refsFor(ctx, cluster, task)));
  }
  return tasks;
}

function refsFor(ctx: ApiContext, cluster: Cluster, task: Task) {
  return { clusterArn: cluster.arn, containerInstanceArn: containerInstanceArn(ctx.scope, cluster.name, task.containerInstanceId) };
}

function tasksToWire(ctx: ApiContext, cluster: Cluster, tasks: readonly Task[]): wire.Task[] {
  return tasks.map((t) => taskToWire(t, refsFor(ctx, cluster, t)));
}

async function pushToInstances(ctx: ApiContext, tasks: readonly Task[]): Promise<void> {
  for (const id of new Set(tasks.map((t) => t.containerInstanceId))) await pushDesiredTasks(ctx, id);
}

/** One failure per instance and reason, as ECS lists them. */
function dedupeFailures(failures: readonly PlacementFailure[]): { arn: string; reason: string; detail: string }[] {
  const seen = new Map<string, { arn: string; reason: string; detail: string }>();
  for (const f of failures) seen.set(`${f.arn}\u0000${f.reason}`, { arn: f.arn, reason: f.reason, detail: f.detail });
  return [...seen.values()];
}
