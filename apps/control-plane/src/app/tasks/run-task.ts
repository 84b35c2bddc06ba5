import { invalidParameter, launchSpec, taskIdFrom, validateContainerOverrides, type Cluster, type Task, type TaskDefinition } from '@berth/domain';
import type { Failure, RequestOf, ResultOf } from '@berth/ecs-api';
import { place, placementConstraints, placementRequest, placementStrategies, type PlacementFailure } from '@berth/scheduler';
import { pushDesiredTasks } from '../agents/desired-tasks.js';
import { requireActiveCluster } from '../clusters.js';
import { instanceIdIn } from '../container-instances.js';
import type { AppContext } from '../context.js';
import { clusterSnapshot } from '../placement/cluster-snapshot.js';
import { commitPlacements } from '../placement/commit-placements.js';
import { enforceClusterPolicy } from '../security/policy.js';
import { resolveTaskDefinition } from '../task-definitions.js';
import { CLIENT_TOKEN_LIFETIME_MS, checkClientToken, conflictingToken, runTaskRequestHash } from './client-token.js';

type LaunchRequest = Pick<RequestOf<'RunTask'>, 'group' | 'startedBy' | 'overrides'>;

/** What every task of a RunTask or StartTask shares, validated before anything is placed. */
function launchFor(cluster: Cluster, definition: TaskDefinition, req: LaunchRequest) {
  enforceClusterPolicy(cluster, definition);
  return launchSpec({
    clusterName: cluster.name,
    definition,
    overrides: validateContainerOverrides(definition, req.overrides?.containerOverrides ?? []),
    startedBy: req.startedBy,
    group: req.group,
  });
}

/**
 * RunTask: the scheduler places the tasks on a snapshot of the cluster, the applier re-checks the
 * plan under lock and commits it, then each instance's agent gets its new desired set. With a
 * clientToken the first answer is kept for a day and repeated for the same request.
 */
export async function runTask(app: AppContext, req: RequestOf<'RunTask'>): Promise<ResultOf<'RunTask'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const definition = await resolveTaskDefinition(app.store.read, req.taskDefinition);
  const count = req.count ?? 1;
  if (count < 1 || count > app.limits.maxRunTaskCount) throw invalidParameter(`count must be between 1 and ${app.limits.maxRunTaskCount}.`);
  const token = req.clientToken;
  let requestHash: string | undefined;
  if (token) {
    checkClientToken(token);
    requestHash = runTaskRequestHash(req, definition.arn);
    const previous = await app.store.read.findRunTaskToken(cluster.name, token, new Date(app.now().getTime() - CLIENT_TOKEN_LIFETIME_MS));
    if (previous) {
      if (previous.requestHash !== requestHash) throw conflictingToken(previous.response.taskArns);
      return { tasks: await tasksByArn(app, cluster, previous.response.taskArns), failures: previous.response.failures };
    }
  }
  const spec = launchFor(cluster, definition, req);
  const request = placementRequest(spec, {
    count,
    constraints: placementConstraints(req.placementConstraints ?? [], definition),
    strategies: placementStrategies(req.placementStrategy ?? []),
    seed: app.ids.newSeed(),
  });
  const { instances, snapshots } = await clusterSnapshot(app, cluster.name);
  if (instances.length === 0) throw invalidParameter('No Container Instances were found in your cluster.');
  const plan = place(request, snapshots);
  const result = await app.store.transaction(async (tx) => {
    const committed = await commitPlacements(tx, app, spec, request, plan.placements);
    const failures = dedupeFailures([...plan.failures, ...committed.failures]);
    if (token && requestHash) {
      await tx.saveRunTaskToken({ clusterName: cluster.name, token, requestHash, response: { taskArns: committed.tasks.map((t) => t.arn), failures }, now: app.now() });
    }
    return { tasks: committed.tasks, failures };
  });
  await pushDesiredTasks(app, result.tasks.map((t) => t.containerInstanceId));
  return result;
}

/** StartTask: one task on each named instance, no strategy; an instance it does not fit is a failure. */
export async function startTask(app: AppContext, req: RequestOf<'StartTask'>): Promise<ResultOf<'StartTask'>> {
  const cluster = await requireActiveCluster(app, req.cluster);
  const definition = await resolveTaskDefinition(app.store.read, req.taskDefinition);
  const refs = req.containerInstances ?? [];
  if (refs.length === 0) throw invalidParameter('containerInstances must not be empty.');
  if (refs.length > 10) throw invalidParameter('containerInstances can have at most 10 items.');
  const spec = launchFor(cluster, definition, req);
  const request = placementRequest(spec, { count: 1, constraints: placementConstraints([], definition), strategies: [], seed: 0 });
  const failures: PlacementFailure[] = [];
  const instanceIds: string[] = [];
  for (const ref of refs) {
    const id = instanceIdIn(cluster.name, ref);
    if (id === undefined) failures.push({ arn: ref, reason: 'MISSING', detail: 'The container instance is not in this cluster.' });
    else instanceIds.push(id);
  }
  const result = await app.store.transaction((tx) => commitPlacements(tx, app, spec, request, instanceIds));
  await pushDesiredTasks(app, result.tasks.map((t) => t.containerInstanceId));
  return { tasks: result.tasks, failures: dedupeFailures([...failures, ...result.failures]) };
}

async function tasksByArn(app: AppContext, cluster: Cluster, arns: readonly string[]): Promise<Task[]> {
  const tasks: Task[] = [];
  for (const arn of arns) {
    const task = await app.store.read.findTask(cluster.name, taskIdFrom(arn).id);
    if (task) tasks.push(task);
  }
  return tasks;
}

/** One failure per instance and reason, as ECS lists them. */
function dedupeFailures(failures: readonly PlacementFailure[]): Failure[] {
  const seen = new Map<string, Failure>();
  for (const f of failures) seen.set(`${f.arn}\u0000${f.reason}`, { arn: f.arn, reason: f.reason, detail: f.detail });
  return [...seen.values()];
}
