import type { Task } from '@berth/domain';
import type { InstanceSnapshot } from '../placement/types.js';
import { reconcileService } from './reconcile.js';
import type { DeploymentState, ReconcileInput, ServicePlan, ServiceState } from './types.js';

/**
 * Builders for reconciler tests, and a tiny harness that "applies" a plan the way the control
 * plane would (stops take effect, starts become tasks) so multi-pass rollouts read as tables.
 */
export const NOW = new Date('2025-01-01T12:00:00.000Z');
export const at = (secondsFromNow: number): Date => new Date(NOW.getTime() + secondsFromNow * 1000);

export const depId = (n: number): string => `ecs-svc/${String(n).padStart(19, '0')}`;

export function deployment(n: number, over: Partial<DeploymentState> = {}): DeploymentState {
  return {
    id: depId(n),
    status: 'PRIMARY',
    taskDefinitionArn: `arn:aws:ecs:local:000000000000:task-definition/web:${n}`,
    desiredCount: 0,
    pendingCount: 0,
    runningCount: 0,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: '',
    failedTasks: 0,
    launchFailures: 0,
    createdAt: at(-3600 + n),
    updatedAt: at(-3600 + n),
    taskReservation: { cpu: 256, memory: 512, ports: [], portsUdp: [] },
    placementConstraints: [],
    hasHealthCheck: false,
    ...over,
  };
}

export function service(over: Partial<ServiceState> & { min?: number; max?: number; breaker?: { enable: boolean; rollback: boolean } } = {}): ServiceState {
  const { min = 100, max = 200, breaker = { enable: false, rollback: false }, ...rest } = over;
  return {
    name: 'web',
    arn: 'arn:aws:ecs:local:000000000000:service/c/web',
    clusterName: 'c',
    status: 'ACTIVE',
    desiredCount: 0,
    schedulingStrategy: 'REPLICA',
    deploymentConfiguration: { maximumPercent: max, minimumHealthyPercent: min, circuitBreaker: breaker },
    healthCheckGracePeriodSeconds: 0,
    placementConstraints: [],
    placementStrategies: [],
    deployments: [deployment(1)],
    recentEvents: [],
    ...rest,
  };
}

let serial = 0;
export function task(deploymentN: number, over: Partial<Task> = {}): Task {
  const id = over.id ?? `t${deploymentN}-${String(serial++).padStart(4, '0')}`;
  return {
    id,
    arn: `arn:aws:ecs:local:000000000000:task/c/${id}`,
    clusterName: 'c',
    containerInstanceId: 'i1',
    taskDefinitionArn: `arn:aws:ecs:local:000000000000:task-definition/web:${deploymentN}`,
    family: 'web',
    revision: deploymentN,
    desiredStatus: 'RUNNING',
    lastStatus: 'RUNNING',
    startedBy: depId(deploymentN),
    group: 'service:web',
    overrides: [],
    cpu: 256,
    memory: 512,
    reservedPorts: [],
    reservedPortsUdp: [],
    containers: [],
    healthStatus: 'UNKNOWN',
    createdAt: at(-600),
    startedAt: at(-590),
    version: 1,
    ...over,
  };
}

/** `n` RUNNING tasks of a deployment, created a second apart (oldest first). */
export function tasks(n: number, deploymentN: number, over: Partial<Task> = {}): Task[] {
  return Array.from({ length: n }, (_, i) => task(deploymentN, { createdAt: at(-600 + i), ...over }));
}

/** A task that stopped before reaching RUNNING, `secondsAgo` before NOW. */
export function failedStart(deploymentN: number, secondsAgo: number, over: Partial<Task> = {}): Task {
  const { startedAt: _s, ...base } = task(deploymentN, {
    desiredStatus: 'STOPPED',
    lastStatus: 'STOPPED',
    stopCode: 'TaskFailedToStart',
    stoppedReason: 'CannotPullContainerError: pull access denied',
    createdAt: at(-secondsAgo - 5),
    stoppedAt: at(-secondsAgo),
    ...over,
  });
  return base;
}

export function instance(id: string, over: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  return {
    id,
    arn: `arn:aws:ecs:local:000000000000:container-instance/c/${id}`,
    hostname: `host-${id}`,
    status: 'ACTIVE',
    agentConnected: true,
    remainingCpu: 4096,
    remainingMemory: 8192,
    takenPorts: new Set(),
    takenPortsUdp: new Set(),
    attributes: {},
    taskGroups: [],
    agentVersion: '1.0.0',
    registeredAt: at(-86_400),
    runningTasksCount: 0,
    ...over,
  };
}

export function input(svc: ServiceState, taskList: readonly Task[], over: Partial<ReconcileInput> = {}): ReconcileInput {
  return { service: svc, tasks: taskList, instances: [instance('i1'), instance('i2')], now: NOW, seed: 7, nextDeploymentId: depId(99), ...over };
}

export interface HarnessOptions {
  /** Status new tasks come up in on the next pass (RUNNING tasks are HEALTHY when health-checked). */
  readonly startAs?: 'RUNNING' | 'PENDING';
}

/**
 * Applies a plan as the control plane would, then moves time on: stopped tasks are STOPPED,
 * started tasks exist on the instances the plan placed them on, deployments and events are stored.
 */
export function apply(prev: ReconcileInput, plan: ServicePlan, opts: HarnessOptions = {}): ReconcileInput {
  const stopped = new Map(plan.stop.map((s) => [s.taskArn, s]));
  const next: Task[] = prev.tasks.map((t) => {
    const s = stopped.get(t.arn);
    return s ? { ...t, desiredStatus: 'STOPPED', lastStatus: 'STOPPED', stopCode: s.stopCode, stoppedReason: s.reason, stoppedAt: prev.now } : t;
  });
  const deployments = [...plan.deployments, ...(plan.newDeployment ? [plan.newDeployment] : [])];
  const byId = new Map(deployments.map((d) => [d.id, d]));
  for (const p of plan.placements) {
    const n = Number(p.deploymentId.slice('ecs-svc/'.length));
    const checked = byId.get(p.deploymentId)?.hasHealthCheck ?? false;
    for (const instanceId of p.instanceIds) {
      const running = (opts.startAs ?? 'RUNNING') === 'RUNNING';
      next.push(
        task(n, {
          containerInstanceId: instanceId,
          lastStatus: running ? 'RUNNING' : 'PENDING',
          healthStatus: running && checked ? 'HEALTHY' : 'UNKNOWN',
          createdAt: prev.now,
          ...(running ? { startedAt: prev.now } : { startedAt: undefined }),
        }),
      );
    }
  }
  const service: ServiceState = { ...prev.service, deployments, recentEvents: [...prev.service.recentEvents, ...plan.events] };
  return { ...prev, service, tasks: next, now: new Date(prev.now.getTime() + 10_000) };
}

/** Runs `passes` passes, returning every plan. */
export function run(first: ReconcileInput, passes: number, opts: HarnessOptions = {}): { plans: ServicePlan[]; last: ReconcileInput } {
  const plans: ServicePlan[] = [];
  let state = first;
  for (let i = 0; i < passes; i++) {
    const plan = reconcileService(state);
    plans.push(plan);
    state = apply(state, plan, opts);
  }
  return { plans, last: state };
}

export const startCount = (plan: ServicePlan): number => plan.start.reduce((n, s) => n + s.count, 0);
