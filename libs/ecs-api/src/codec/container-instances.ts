import { remaining, type ContainerInstance, type InstanceAttribute, type Resources } from '@berth/domain';
import { compact, encodeTags, instant, type JsonObject } from './json.js';

/** Domain resources → ECS's `[{name, type, integerValue | stringSetValue}]` list. */
export function encodeResources(resources: Resources): JsonObject[] {
  return [
    { name: 'CPU', type: 'INTEGER', integerValue: resources.cpu },
    { name: 'MEMORY', type: 'INTEGER', integerValue: resources.memory },
    { name: 'PORTS', type: 'STRINGSET', stringSetValue: resources.ports.map(String) },
    { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: resources.portsUdp.map(String) },
  ];
}

/** An attribute; with its target when listed across instances (ListAttributes, PutAttributes). */
export function encodeAttribute(attribute: InstanceAttribute, targetArn?: string): JsonObject {
  return compact({
    name: attribute.name,
    value: attribute.value,
    ...(targetArn ? { targetType: 'container-instance', targetId: targetArn } : {}),
  });
}

/** A container instance; with `extensions`, also Berth's own members (agentVersion at the top, lastHeartbeatAt). */
export function encodeContainerInstance(instance: ContainerInstance, extensions = true): JsonObject {
  const ours = extensions ? { agentVersion: instance.agentVersion || undefined, lastHeartbeatAt: instant(instance.lastHeartbeatAt) } : {};
  return compact({
    containerInstanceArn: instance.arn,
    ec2InstanceId: instance.hostname,
    status: instance.status,
    statusReason: instance.statusReason || undefined,
    agentConnected: instance.agentConnected,
    registeredResources: encodeResources(instance.registeredResources),
    remainingResources: encodeResources(remaining(instance.registeredResources, [instance.reservedResources])),
    attributes: [...instance.agentAttributes, ...instance.customAttributes].map((a) => encodeAttribute(a)),
    runningTasksCount: instance.runningTasksCount,
    pendingTasksCount: instance.pendingTasksCount,
    versionInfo: compact({ agentVersion: instance.agentVersion || undefined, dockerVersion: instance.dockerVersion || undefined }),
    registeredAt: instant(instance.registeredAt),
    version: instance.version,
    tags: encodeTags(instance.tags),
    ...ours,
  });
}
