import { CLUSTER, type FaultWorld, type HostName } from './world.js';

/** What the workload was told, which the store must still hold after every fault. */
export interface Ledger {
  /** Standalone tasks RunTask acknowledged, with whether a StopTask for them was acknowledged. */
  readonly tasks: Map<string, { stopRequested: boolean }>;
  /** The service's desired count as last acknowledged. */
  desiredCount: number;
}

/** Each task definition's container reserves this much; instance reservations are checked against it. */
export const TASK_CPU = 16;
export const TASK_MEMORY = 8;

/** At any moment, faults or not: no task ARN has more than one running container across both hosts. */
export async function checkNoDuplicates(world: FaultWorld): Promise<string[]> {
  const seen = new Map<string, string[]>();
  for (const host of ['a', 'b'] as HostName[]) {
    for (const container of await world.runningContainers(host)) seen.set(container.taskArn, [...(seen.get(container.taskArn) ?? []), `${host}:${container.id}`]);
  }
  return [...seen].filter(([, where]) => where.length > 1).map(([arn, where]) => `task ${arn} runs ${where.length} containers (${where.join(', ')})`);
}

interface DescribedTask {
  taskArn?: string;
  lastStatus?: string;
  desiredStatus?: string;
  stoppedReason?: string;
  group?: string;
  containerInstanceArn?: string;
}

/**
 * Once every fault is healed and the system had time to settle: what was acknowledged is there,
 * every task is final or running with exactly its one container, no container runs without a
 * running task, the service is at its desired count, and instance reservations equal the sum
 * over their live tasks. Returns one line per violation (empty when all hold).
 */
export async function checkSettled(world: FaultWorld, ledger: Ledger): Promise<string[]> {
  const violations: string[] = [];
  const arns: string[] = [];
  for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
    for (let token: string | undefined, page = 0; page < 100; page++) {
      const listed = await world.api((c) => c.listTasks({ cluster: CLUSTER, desiredStatus, maxResults: 100, ...(token ? { nextToken: token } : {}) }));
      arns.push(...(listed.taskArns ?? []));
      token = listed.nextToken;
      if (!token) break;
    }
  }
  const wanted = [...new Set([...arns, ...ledger.tasks.keys()])];
  const tasks = new Map<string, DescribedTask>();
  for (let at = 0; at < wanted.length; at += 100) {
    const out = await world.api((c) => c.describeTasks({ cluster: CLUSTER, tasks: wanted.slice(at, at + 100) }));
    for (const task of (out.tasks ?? []) as DescribedTask[]) tasks.set(task.taskArn!, task);
  }

  for (const [arn, { stopRequested }] of ledger.tasks) {
    const task = tasks.get(arn);
    if (!task) violations.push(`acknowledged task ${arn} is not in the store`);
    else if (stopRequested && task.lastStatus !== 'STOPPED') violations.push(`task ${arn} was stopped (acknowledged) but is ${task.lastStatus}`);
  }
  const running = new Map<string, string[]>();
  for (const host of ['a', 'b'] as HostName[]) {
    for (const container of await world.runningContainers(host)) running.set(container.taskArn, [...(running.get(container.taskArn) ?? []), host]);
  }
  const reserved = new Map<string, number>();
  for (const task of tasks.values()) {
    const arn = task.taskArn!;
    const where = running.get(arn) ?? [];
    if (task.lastStatus === 'STOPPED') {
      if (!task.stoppedReason) violations.push(`task ${arn} is STOPPED without a reason`);
      if (where.length > 0) violations.push(`task ${arn} is STOPPED but has a running container on ${where.join(', ')}`);
    } else {
      if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') violations.push(`task ${arn} is ${task.lastStatus} (desired ${task.desiredStatus}), not final`);
      if (where.length !== 1) violations.push(`task ${arn} is ${task.lastStatus} with ${where.length} running containers`);
      const instance = task.containerInstanceArn?.split('/').at(-1) ?? '';
      reserved.set(instance, (reserved.get(instance) ?? 0) + 1);
    }
  }
  for (const arn of running.keys()) {
    if (!tasks.has(arn)) violations.push(`container of ${arn} runs on ${running.get(arn)!.join(', ')} with no such task in the store`);
  }

  const service = (await world.api((c) => c.describeServices({ cluster: CLUSTER, services: ['web'] }))).services?.[0];
  if (!service) violations.push('service web is missing');
  else {
    if (service.desiredCount !== ledger.desiredCount) violations.push(`service web desiredCount ${service.desiredCount}, acknowledged ${ledger.desiredCount}`);
    if (service.runningCount !== ledger.desiredCount) violations.push(`service web runs ${service.runningCount} of ${ledger.desiredCount}`);
    if ((service.deployments ?? []).length !== 1) violations.push(`service web has ${(service.deployments ?? []).length} deployments, not 1`);
    const serviceTasks = [...tasks.values()].filter((t) => t.group === 'service:web' && t.lastStatus === 'RUNNING');
    if (serviceTasks.length !== ledger.desiredCount) violations.push(`service web has ${serviceTasks.length} RUNNING tasks, desired ${ledger.desiredCount}`);
  }

  const instances = await world.api((c) => c.describeContainerInstances({ cluster: CLUSTER, containerInstances: Object.values(world.hosts).map((h) => h.instanceId) }));
  for (const instance of instances.containerInstances ?? []) {
    const id = instance.containerInstanceArn!.split('/').at(-1)!;
    const amount = (list: typeof instance.registeredResources, name: string) => list?.find((r) => r.name === name)?.integerValue ?? 0;
    const cpu = amount(instance.registeredResources, 'CPU') - amount(instance.remainingResources, 'CPU');
    const memory = amount(instance.registeredResources, 'MEMORY') - amount(instance.remainingResources, 'MEMORY');
    const live = reserved.get(id) ?? 0;
    if (cpu !== live * TASK_CPU || memory !== live * TASK_MEMORY) violations.push(`instance ${id} reserves ${cpu} CPU / ${memory} MiB for ${live} live tasks (expected ${live * TASK_CPU} / ${live * TASK_MEMORY})`);
    if (!instance.agentConnected) violations.push(`instance ${id} is not connected after the heal`);
  }
  return violations;
}
