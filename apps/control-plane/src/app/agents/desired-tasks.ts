import { taskDefinitionArn, type TaskDefinition } from '@berth/domain';
import type { AppContext } from '../context.js';
import { loadReferenced, resolveFor, usesSecrets } from '../secrets/resolve.js';
import type { DesiredTask, DesiredTaskSet } from './agent-channel.js';

/** Most instances whose tasks one query reads when sets are pushed. */
const INSTANCES_PER_READ = 500;

/** The complete sets of tasks the control plane wants on each of `instanceIds`, numbered for their agents, in one query. */
export async function desiredTaskSets(
  app: Pick<AppContext, 'store' | 'scope' | 'now' | 'desiredSequence' | 'definitions' | 'secrets'>,
  instanceIds: readonly string[],
): Promise<Map<string, DesiredTaskSet>> {
  const tasks = await app.store.read.activeTasksOnInstances(instanceIds);
  const byInstance = new Map(instanceIds.map((id) => [id, [] as DesiredTask[]]));
  const definitions = new Map<string, TaskDefinition | undefined>();
  const placed: { task: (typeof tasks)[number]; definition: TaskDefinition }[] = [];
  for (const task of tasks) {
    const key = taskDefinitionArn(app.scope, task.family, task.revision);
    if (!definitions.has(key)) definitions.set(key, await app.definitions.get(app.store, task.family, task.revision));
    const definition = definitions.get(key);
    if (definition) placed.push({ task, definition });
  }
  // Secrets go only to tasks that are about to start (the agent holds them in memory, never on disk), read once per round.
  const starting = (t: (typeof placed)[number]) => t.task.desiredStatus === 'RUNNING' && (t.task.lastStatus === 'PROVISIONING' || t.task.lastStatus === 'PENDING') && usesSecrets(t.definition);
  const needing = placed.filter(starting);
  const loaded = needing.length > 0 ? await loadReferenced(app, [...new Set(needing.map((t) => t.definition))]) : undefined;
  for (const { task, definition } of placed) {
    const secrets = loaded && starting({ task, definition }) ? resolveFor(app, definition, loaded) : undefined;
    byInstance.get(task.containerInstanceId)?.push({ task, definition, ...(secrets ? { secrets } : {}) });
  }
  return new Map([...byInstance].map(([id, desired]) => [id, { sequence: app.desiredSequence.next(app.now()), tasks: desired }]));
}

/** The complete set of tasks the control plane wants on an instance, numbered for the agent. */
export async function desiredTasksFor(app: Pick<AppContext, 'store' | 'scope' | 'now' | 'desiredSequence' | 'definitions' | 'secrets'>, instanceId: string): Promise<DesiredTaskSet> {
  return (await desiredTaskSets(app, [instanceId])).get(instanceId)!;
}

/** The notification channel that carries "the desired tasks of instance <id> changed" between replicas. */
export const DESIRED_TASKS_CHANNEL = 'berth_desired_tasks';

/**
 * After a commit that changed what instances should run: sends each its desired set — directly
 * when this replica holds the agent's session, else through the store's notifier to the replica
 * that does. Failing to send is not an error: the agent gets the full set again when it (re)connects.
 */
export async function pushDesiredTasks(app: AppContext, instanceIds: Iterable<string>): Promise<void> {
  const here: string[] = [];
  for (const instanceId of new Set(instanceIds)) {
    if (app.agents.has(instanceId)) {
      here.push(instanceId);
    } else {
      await app.notifier.publish(DESIRED_TASKS_CHANNEL, instanceId).catch((error: unknown) => app.log.warn('could not notify other replicas', { instance: instanceId, error }));
    }
  }
  await pusherOf(app).push(here);
}

/** Another replica changed this instance's tasks: push them if the agent's session is here. */
export async function onDesiredTasksChanged(app: AppContext, instanceId: string): Promise<void> {
  if (app.agents.has(instanceId)) await pusherOf(app).push([instanceId]);
}

/**
 * Listening resumed after the store was away: changes other replicas announced meanwhile were not
 * heard, so every agent held here gets its current desired set again (the agent applies a set idempotently).
 */
export async function resyncDesiredTasks(app: AppContext): Promise<void> {
  await pusherOf(app).push(app.agents.instanceIds());
}

/**
 * Pushes to the agents held here, coalesced in rounds: a round reads the tasks of every instance
 * asked for since the last round began (a query per 500 instances) and sends each its set; asks
 * made while a round is under way join the next one, since its read may predate their commit. A
 * burst of launches onto many hosts costs a read per round, not one per host per launch, and each
 * caller waits for the first round that starts after it asked — the round under way plus one.
 */
class DesiredSetPusher {
  private asked = new Set<string>();
  private waiting: (() => void)[] = [];
  private running = false;

  constructor(private readonly app: AppContext) {}

  push(instanceIds: Iterable<string>): Promise<void> {
    const before = this.asked.size;
    for (const id of instanceIds) this.asked.add(id);
    if (this.asked.size === before && !this.running) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiting.push(resolve));
    if (!this.running) void this.drain();
    return done;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.asked.size > 0 || this.waiting.length > 0) {
        const ids = [...this.asked];
        const waiting = this.waiting;
        this.asked = new Set();
        this.waiting = [];
        for (let from = 0; from < ids.length; from += INSTANCES_PER_READ) await this.pushRound(ids.slice(from, from + INSTANCES_PER_READ));
        for (const resolve of waiting) resolve();
      }
    } finally {
      this.running = false;
    }
  }

  private async pushRound(instanceIds: readonly string[]): Promise<void> {
    const held = instanceIds.filter((id) => this.app.agents.has(id));
    try {
      for (const [instanceId, set] of await desiredTaskSets(this.app, held)) this.app.agents.sendDesiredTasks(instanceId, set);
    } catch (error) {
      this.app.log.error('could not push desired tasks', { instances: held.length, error });
    }
  }
}

/** One pusher per agent channel (one per replica). */
const pushers = new WeakMap<AppContext['agents'], DesiredSetPusher>();

function pusherOf(app: AppContext): DesiredSetPusher {
  let pusher = pushers.get(app.agents);
  if (!pusher) pushers.set(app.agents, (pusher = new DesiredSetPusher(app)));
  return pusher;
}
