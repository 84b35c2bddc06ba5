import type { ContainerStatus, Task, TaskContainer } from '@berth/domain';
import { toTimestamp, type wire } from '@berth/proto';

/** The agent's container steps before RUNNING all read PENDING in the ECS API. */
function containerStatusToWire(status: ContainerStatus): string {
  return status === 'RUNNING' || status === 'STOPPED' ? status : 'PENDING';
}

function containerToWire(task: Task, c: TaskContainer): wire.Container {
  return {
    containerArn: `${task.arn.replace(':task/', ':container/')}/${c.name}`,
    taskArn: task.arn,
    name: c.name,
    image: c.image,
    imageDigest: c.imageDigest ?? '',
    runtimeId: c.runtimeId ?? '',
    lastStatus: containerStatusToWire(c.lastStatus),
    ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
    reason: c.reason ?? '',
    networkBindings: c.networkBindings.map((b) => ({ bindIP: b.bindIP, containerPort: b.containerPort, hostPort: b.hostPort, protocol: b.protocol })),
    healthStatus: c.healthStatus,
    cpu: String(c.cpu),
    memory: c.memory !== undefined ? String(c.memory) : '',
    memoryReservation: c.memoryReservation !== undefined ? String(c.memoryReservation) : '',
    essential: c.essential,
  };
}

/** A task's container overrides in ECS shape (DescribeTasks and the agent's desired set). */
export function overridesToWire(overrides: Task['overrides']): wire.TaskOverride {
  return {
    containerOverrides: overrides.map((o) => ({
      name: o.name,
      command: [...(o.command ?? [])],
      environment: (o.environment ?? []).map((e) => ({ ...e })),
      ...(o.cpu !== undefined ? { cpu: o.cpu } : {}),
      ...(o.memory !== undefined ? { memory: o.memory } : {}),
      ...(o.memoryReservation !== undefined ? { memoryReservation: o.memoryReservation } : {}),
    })),
  };
}

export function taskToWire(task: Task, refs: { clusterArn: string; containerInstanceArn: string }): wire.Task {
  return {
    taskArn: task.arn,
    clusterArn: refs.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    containerInstanceArn: refs.containerInstanceArn,
    overrides: overridesToWire(task.overrides),
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    cpu: String(task.cpu),
    memory: String(task.memory),
    containers: task.containers.map((c) => containerToWire(task, c)),
    startedBy: task.startedBy,
    version: String(task.version),
    stoppedReason: task.stoppedReason ?? '',
    stopCode: task.stopCode ?? '',
    group: task.group,
    launchType: 'EC2',
    healthStatus: task.healthStatus,
    createdAt: toTimestamp(task.createdAt),
    startedAt: toTimestamp(task.startedAt),
    stoppingAt: toTimestamp(task.stoppingAt),
    stoppedAt: toTimestamp(task.stoppedAt),
    pullStartedAt: toTimestamp(task.pullStartedAt),
    pullStoppedAt: toTimestamp(task.pullStoppedAt),
    executionStoppedAt: toTimestamp(task.executionStoppedAt),
  };
}
