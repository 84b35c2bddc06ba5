import { remaining, type ContainerInstance, type InstanceAttribute } from '@berth/domain';
import { toTimestamp, type wire } from '@berth/proto';
import { resourcesToWire } from './resources.js';

export function attributeToWire(attr: InstanceAttribute, targetArn?: string): wire.Attribute {
  return {
    name: attr.name,
    value: attr.value ?? '',
    ...(targetArn ? { targetType: 'container-instance', targetId: targetArn } : {}),
  };
}

export function containerInstanceToWire(instance: ContainerInstance): wire.ContainerInstance {
  return {
    containerInstanceArn: instance.arn,
    ec2InstanceId: instance.hostname,
    status: instance.status,
    statusReason: instance.statusReason,
    agentConnected: instance.agentConnected,
    registeredResources: resourcesToWire(instance.registeredResources),
    remainingResources: resourcesToWire(remaining(instance.registeredResources, [instance.reservedResources])),
    attributes: [...instance.agentAttributes, ...instance.customAttributes].map((a) => attributeToWire(a)),
    runningTasksCount: instance.runningTasksCount,
    pendingTasksCount: instance.pendingTasksCount,
    versionInfo: { agentVersion: instance.agentVersion, agentHash: '', dockerVersion: instance.dockerVersion },
    agentVersion: instance.agentVersion,
    registeredAt: toTimestamp(instance.registeredAt),
    version: String(instance.version),
    tags: instance.tags.map((t) => ({ key: t.key, value: t.value })),
    lastHeartbeatAt: toTimestamp(instance.lastHeartbeatAt),
  };
}
