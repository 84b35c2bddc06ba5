import { validateContainerOverrides, validateTaskDefinition } from '@berth/domain';
import { plainFromWire, toTimestamp, type wire } from '@berth/proto';
import type { DesiredTask, TaskStateChange } from '../engine/task-engine.js';
import type { ContainerSecrets } from '../engine/task-setup.js';

/** Fields of a registered definition the validator does not take (they describe the registration). */
const registrationFields = ['taskDefinitionArn', 'revision', 'status', 'registeredAt', 'deregisteredAt', 'registeredBy'];

/**
 * A desired task from the control plane → the engine's DesiredTask. The control plane is trusted
 * to have validated the definition, but the agent checks it again with the same rules: a bad
 * message must never become a half-created container.
 */
export function desiredTaskFromWire(task: wire.DesiredTask__Output): DesiredTask {
  if (!task.taskArn) throw new Error('desired task without taskArn');
  if (task.desiredStatus !== 'RUNNING' && task.desiredStatus !== 'STOPPED') {
    throw new Error(`desired task ${task.taskArn}: desiredStatus '${task.desiredStatus}' is not RUNNING or STOPPED`);
  }
  const td = task.taskDefinition;
  if (!td) throw new Error(`desired task ${task.taskArn} has no task definition`);
  const body = Object.fromEntries(Object.entries(plainFromWire(td) as Record<string, unknown>).filter(([k]) => !registrationFields.includes(k)));
  const { definition } = validateTaskDefinition(body);
  const containerOverrides = validateContainerOverrides(definition, plainFromWire(task.overrides?.containerOverrides ?? []));
  return {
    taskArn: task.taskArn,
    clusterArn: task.clusterArn,
    desiredStatus: task.desiredStatus,
    definition: { ...definition, arn: td.taskDefinitionArn, revision: td.revision },
    overrides: { containerOverrides },
    ...(task.acknowledgedStatus === 'RUNNING' || task.acknowledgedStatus === 'PENDING' ? { lastStatus: task.acknowledgedStatus } : {}),
    ...secretsFromWire(task, new Set(definition.containerDefinitions.map((c) => c.name))),
  };
}

/** The secret store's values for the task's containers; a container the definition lacks is a bad message. */
function secretsFromWire(task: wire.DesiredTask__Output, containers: ReadonlySet<string>): Pick<DesiredTask, 'secrets' | 'startError'> {
  if (task.startError) return { startError: task.startError.slice(0, 1024) };
  if (!task.containerSecrets || task.containerSecrets.length === 0) return {};
  const secrets = new Map<string, ContainerSecrets>();
  for (const c of task.containerSecrets) {
    if (!containers.has(c.containerName)) throw new Error(`desired task ${task.taskArn}: secrets for container '${c.containerName}', which the definition does not have`);
    secrets.set(c.containerName, {
      environment: (c.environment ?? []).map((e) => ({ name: e.name, value: e.value })),
      ...(c.registryUsername ? { registryAuth: { username: c.registryUsername, password: c.registryPassword } } : {}),
    });
  }
  return { secrets };
}

/** The engine's change → the report the control plane takes. */
export function taskStateChangeToWire(change: TaskStateChange): wire.TaskStateChange {
  return {
    taskArn: change.taskArn,
    status: change.status,
    reason: (change.reason ?? '').slice(0, 1024),
    stopCode: change.stopCode === 'EssentialContainerExited' || change.stopCode === 'TaskFailedToStart' ? change.stopCode : '',
    containers: change.containers.map((c) => ({
      containerName: c.name,
      status: c.status,
      runtimeId: c.runtimeId ?? '',
      imageDigest: c.imageDigest ?? '',
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      reason: (c.reason ?? '').slice(0, 1024),
      networkBindings: c.networkBindings.map((b) => ({ bindIP: b.bindIP, containerPort: b.containerPort, hostPort: b.hostPort, protocol: b.protocol })),
      healthStatus: c.healthStatus,
    })),
    pullStartedAt: toTimestamp(change.pullStartedAt),
    pullStoppedAt: toTimestamp(change.pullStoppedAt),
    executionStoppedAt: toTimestamp(change.executionStoppedAt),
    startedAt: toTimestamp(change.startedAt),
  };
}
