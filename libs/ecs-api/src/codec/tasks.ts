import { clusterArn, containerInstanceArn, type ArnScope, type ContainerStatus, type Task, type TaskContainer } from '@berth/domain';
import { compact, instant, type JsonObject } from './json.js';

/** The agent's container steps before RUNNING all read PENDING in the ECS API. */
function containerStatus(status: ContainerStatus): string {
  return status === 'RUNNING' || status === 'STOPPED' ? status : 'PENDING';
}

function encodeContainer(task: Task, c: TaskContainer, extensions: boolean): JsonObject {
  return compact({
    containerArn: `${task.arn.replace(':task/', ':container/')}/${c.name}`,
    taskArn: task.arn,
    name: c.name,
    image: c.image,
    imageDigest: c.imageDigest,
    runtimeId: c.runtimeId,
    lastStatus: containerStatus(c.lastStatus),
    exitCode: c.exitCode,
    reason: c.reason,
    networkBindings: c.networkBindings.map((b) => ({ bindIP: b.bindIP, containerPort: b.containerPort, hostPort: b.hostPort, protocol: b.protocol })),
    healthStatus: c.healthStatus,
    cpu: String(c.cpu),
    memory: c.memory !== undefined ? String(c.memory) : undefined,
    memoryReservation: c.memoryReservation !== undefined ? String(c.memoryReservation) : undefined,
    ...(extensions ? { essential: c.essential } : {}),
  });
}

/** A task's container overrides in ECS shape (DescribeTasks, and the agent's desired set). */
export function encodeOverrides(overrides: Task['overrides']): JsonObject {
  return {
    containerOverrides: overrides.map((o) =>
      compact({
        name: o.name,
        command: o.command ? [...o.command] : undefined,
        environment: o.environment?.map((e) => ({ name: e.name, value: e.value })),
        cpu: o.cpu,
        memory: o.memory,
        memoryReservation: o.memoryReservation,
      }),
    ),
  };
}

/**
 * Whether a task's agent is connected, as ECS's `connectivity`; `at`: since when it has not been
 * heard from (DISCONNECTED only). A task on a lost host keeps its last status with this beside it.
 */
export interface TaskConnectivity {
  readonly status: 'CONNECTED' | 'DISCONNECTED';
  readonly at?: Date;
}

/**
 * A task as DescribeTasks shows it; the cluster and instance ARNs are built in `scope`. With
 * `extensions`, also Berth's own members (each container's `essential`).
 */
export function encodeTask(task: Task, scope: ArnScope, extensions = true, connectivity?: TaskConnectivity): JsonObject {
  return compact({
    taskArn: task.arn,
    clusterArn: clusterArn(scope, task.clusterName),
    taskDefinitionArn: task.taskDefinitionArn,
    containerInstanceArn: containerInstanceArn(scope, task.clusterName, task.containerInstanceId),
    overrides: encodeOverrides(task.overrides),
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    cpu: String(task.cpu),
    memory: String(task.memory),
    containers: task.containers.map((c) => encodeContainer(task, c, extensions)),
    startedBy: task.startedBy || undefined,
    version: task.version,
    stoppedReason: task.stoppedReason,
    connectivity: connectivity?.status,
    connectivityAt: instant(connectivity?.at),
    stopCode: task.stopCode,
    group: task.group,
    launchType: 'EC2',
    healthStatus: task.healthStatus,
    createdAt: instant(task.createdAt),
    startedAt: instant(task.startedAt),
    stoppingAt: instant(task.stoppingAt),
    stoppedAt: instant(task.stoppedAt),
    pullStartedAt: instant(task.pullStartedAt),
    pullStoppedAt: instant(task.pullStoppedAt),
    executionStoppedAt: instant(task.executionStoppedAt),
  });
}
