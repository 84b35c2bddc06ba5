import { taskDefinitionArn, type TaskDefinition } from '@berth/domain';
import type { AppContext } from '../context.js';
import type { DesiredTask, DesiredTaskSet } from './agent-channel.js';

/** The complete set of tasks the control plane wants on an instance, numbered for the agent. */
export async function desiredTasksFor(app: Pick<AppContext, 'store' | 'scope' | 'now' | 'desiredSequence' | 'definitions'>, instanceId: string): Promise<DesiredTaskSet> {
  const tasks = await app.store.read.tasksForInstance(instanceId);
  const definitions = new Map<string, TaskDefinition | undefined>();
  const desired: DesiredTask[] = [];
  for (const task of tasks) {
    const key = taskDefinitionArn(app.scope, task.family, task.revision);
    if (!definitions.has(key)) definitions.set(key, await app.definitions.get(app.store, task.family, task.revision));
    const definition = definitions.get(key);
    if (definition) desired.push({ task, definition });
  }
  return { sequence: app.desiredSequence.next(app.now()), tasks: desired };
}

/** The notification channel that carries "the desired tasks of instance <id> changed" between replicas. */
export const DESIRED_TASKS_CHANNEL = 'berth_desired_tasks';

/**
 * After a commit that changed what instances should run: sends each its desired set — directly
 * when this replica holds the agent's session, else through the store's notifier to the replica
 * that does. Failing to send is not an error: the agent gets the full set again when it (re)connects.
 */
export async function pushDesiredTasks(app: AppContext, instanceIds: Iterable<string>): Promise<void> {
  for (const instanceId of new Set(instanceIds)) {
    if (app.agents.has(instanceId)) {
      await pushHere(app, instanceId);
    } else {
      await app.notifier.publish(DESIRED_TASKS_CHANNEL, instanceId).catch((error: unknown) => app.log.warn('could not notify other replicas', { instance: instanceId, error }));
    }
  }
}

/** Another replica changed this instance's tasks: push them if the agent's session is here. */
export async function onDesiredTasksChanged(app: AppContext, instanceId: string): Promise<void> {
  if (app.agents.has(instanceId)) await pushHere(app, instanceId);
}

/**
 * Listening resumed after the store was away: changes other replicas announced meanwhile were not
 * heard, so every agent held here gets its current desired set again (the agent applies a set idempotently).
 */
export async function resyncDesiredTasks(app: AppContext): Promise<void> {
  for (const instanceId of app.agents.instanceIds()) await pushHere(app, instanceId);
}

interface PushRounds {
  /** The round after the one under way, when someone asked during it: they wait for that one only. */
  next?: { readonly done: Promise<void>; readonly resolve: () => void };
}

/** Pushes under way, per agent channel (one per replica) and instance. */
const inFlight = new WeakMap<AppContext['agents'], Map<string, PushRounds>>();

/**
 * Coalesced: while a push to an instance is under way, later asks share one more round after it
 * (its read may predate their commit), so a burst of launches onto one host costs two reads and
 * two sets, not one per launch. Each caller waits for the first round that starts after it asked,
 * never longer: the round under way plus one.
 */
function pushHere(app: AppContext, instanceId: string): Promise<void> {
  let pushes = inFlight.get(app.agents);
  if (!pushes) inFlight.set(app.agents, (pushes = new Map()));
  const running = pushes.get(instanceId);
  if (running) {
    if (!running.next) {
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      running.next = { done, resolve };
    }
    return running.next.done;
  }
  const rounds: PushRounds = {};
  pushes.set(instanceId, rounds);
  return (async () => {
    try {
      await pushOnce(app, instanceId);
    } finally {
      // Later rounds run on their own; their callers wait for them, this one does not.
      void (async () => {
        try {
          for (let next = rounds.next; next; next = rounds.next) {
            rounds.next = undefined;
            await pushOnce(app, instanceId);
            next.resolve();
          }
        } finally {
          pushes.delete(instanceId);
        }
      })();
    }
  })();
}

async function pushOnce(app: AppContext, instanceId: string): Promise<void> {
  try {
    app.agents.sendDesiredTasks(instanceId, await desiredTasksFor(app, instanceId));
  } catch (error) {
    app.log.error('could not push desired tasks', { instance: instanceId, error });
  }
}
