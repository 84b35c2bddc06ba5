import { clusterArn, taskDefinitionArn, type Task, type TaskDefinition } from '@berth/domain';
import type { wire } from '@berth/proto';
import { findTaskDefinition, tasksForInstance } from '@berth/state-store';
import type { ApiContext } from '../context.js';
import { taskDefinitionToWire } from '../wire/task-definitions.js';
import { overridesToWire } from '../wire/tasks.js';

let lastSequence = 0;

/**
 * Desired-state sequences increase across control-plane restarts too (they start from the clock),
 * so an agent can always drop an older set that arrives late.
 */
function nextSequence(now: Date): number {
  lastSequence = Math.max(lastSequence + 1, now.getTime() * 1000);
  return lastSequence;
}

/** The complete set of tasks the control plane wants on an instance, as the agent needs them. */
export async function desiredTasksFor(ctx: Pick<ApiContext, 'db' | 'scope' | 'now'>, instanceId: string): Promise<wire.DesiredTasks> {
  const tasks = await tasksForInstance(ctx.db, instanceId);
  const definitions = new Map<string, TaskDefinition | undefined>();
  const desired: wire.DesiredTask[] = [];
  for (const task of tasks) {
    const key = taskDefinitionArn(ctx.scope, task.family, task.revision);
    if (!definitions.has(key)) definitions.set(key, await findTaskDefinition(ctx.db, task.family, task.revision));
    const definition = definitions.get(key);
    if (!definition) continue;
    desired.push(desiredTaskToWire(task, definition, clusterArn(ctx.scope, task.clusterName)));
  }
  return { sequence: String(nextSequence(ctx.now())), tasks: desired };
}

function desiredTaskToWire(task: Task, definition: TaskDefinition, clusterArnOfTask: string): wire.DesiredTask {
  return {
    taskArn: task.arn,
    desiredStatus: task.desiredStatus,
    taskDefinition: taskDefinitionToWire(definition),
    overrides: overridesToWire(task.overrides),
    acknowledgedStatus: task.lastStatus,
    clusterArn: clusterArnOfTask,
  };
}

/** The notification channel that carries "the desired tasks of instance <id> changed" between replicas. */
export const DESIRED_TASKS_CHANNEL = 'berth_desired_tasks';

/**
 * Sends an instance's desired set to its agent: directly if this replica holds the agent's session,
 * else through the store's notifier to the replica that does. Failing to send is not an error: the
 * agent gets the full set again when it (re)connects.
 */
export async function pushDesiredTasks(ctx: ApiContext, instanceId: string): Promise<void> {
  if (!ctx.sessions.has(instanceId)) {
    await ctx.notifier.publish(DESIRED_TASKS_CHANNEL, instanceId).catch((error: unknown) => ctx.log.warn('could not notify other replicas', { instance: instanceId, error }));
    return;
  }
  await pushLocally(ctx, instanceId);
}

/** Another replica changed this instance's tasks: push them if the agent's session is here. */
export async function onDesiredTasksChanged(ctx: ApiContext, instanceId: string): Promise<void> {
  if (ctx.sessions.has(instanceId)) await pushLocally(ctx, instanceId);
}

async function pushLocally(ctx: ApiContext, instanceId: string): Promise<void> {
  try {
    const desiredTasks = await desiredTasksFor(ctx, instanceId);
    ctx.sessions.send(instanceId, { desiredTasks });
  } catch (error) {
    ctx.log.error('could not push desired tasks', { instance: instanceId, error });
  }
}
