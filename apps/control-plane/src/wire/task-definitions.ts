import type { ContainerDefinition, TaskDefinition, Volume } from '@berth/domain';
import { toTimestamp, type wire } from '@berth/proto';

/** Domain container definition → wire (ECS names: healthCheck.interval in seconds, …). */
export function containerDefinitionToWire(c: ContainerDefinition): wire.ContainerDefinition {
  return {
    name: c.name,
    image: c.image,
    cpu: c.cpu,
    ...(c.memory !== undefined ? { memory: c.memory } : {}),
    ...(c.memoryReservation !== undefined ? { memoryReservation: c.memoryReservation } : {}),
    essential: c.essential,
    portMappings: c.portMappings.map((p) => ({ ...p })),
    environment: c.environment.map((e) => ({ ...e })),
    command: [...c.command],
    entryPoint: [...c.entryPoint],
    workingDirectory: c.workingDirectory ?? '',
    user: c.user ?? '',
    hostname: c.hostname ?? '',
    dockerLabels: { ...c.dockerLabels },
    ulimits: c.ulimits.map((u) => ({ ...u })),
    privileged: c.privileged,
    readonlyRootFilesystem: c.readonlyRootFilesystem,
    ...(c.stopTimeout !== undefined ? { stopTimeout: c.stopTimeout } : {}),
    ...(c.startTimeout !== undefined ? { startTimeout: c.startTimeout } : {}),
    links: [...c.links],
    mountPoints: c.mountPoints.map((m) => ({ ...m })),
    volumesFrom: c.volumesFrom.map((v) => ({ ...v })),
    logConfiguration: c.logConfiguration ? { logDriver: c.logConfiguration.logDriver, options: { ...c.logConfiguration.options } } : null,
    healthCheck: c.healthCheck
      ? {
          command: [...c.healthCheck.command],
          interval: c.healthCheck.intervalSeconds,
          timeout: c.healthCheck.timeoutSeconds,
          retries: c.healthCheck.retries,
          startPeriod: c.healthCheck.startPeriodSeconds,
        }
      : null,
    dependsOn: c.dependsOn.map((d) => ({ ...d })),
  };
}

function volumeToWire(v: Volume): wire.Volume {
  return {
    name: v.name,
    host: v.host ? { sourcePath: v.host.sourcePath } : null,
    dockerVolumeConfiguration: v.dockerVolumeConfiguration
      ? {
          scope: v.dockerVolumeConfiguration.scope,
          autoprovision: v.dockerVolumeConfiguration.autoprovision,
          driver: v.dockerVolumeConfiguration.driver,
          driverOpts: { ...v.dockerVolumeConfiguration.driverOpts },
          labels: { ...v.dockerVolumeConfiguration.labels },
        }
      : null,
  };
}

export function taskDefinitionToWire(td: TaskDefinition): wire.TaskDefinition {
  return {
    taskDefinitionArn: td.arn,
    family: td.family,
    revision: td.revision,
    status: td.status,
    containerDefinitions: td.containerDefinitions.map(containerDefinitionToWire),
    cpu: td.cpu !== undefined ? String(td.cpu) : '',
    memory: td.memory !== undefined ? String(td.memory) : '',
    networkMode: td.networkMode,
    volumes: td.volumes.map(volumeToWire),
    placementConstraints: td.placementConstraints.map((p) => ({ type: p.type, expression: p.expression ?? '' })),
    requiresCompatibilities: [...td.requiresCompatibilities],
    executionRoleArn: td.executionRoleArn ?? '',
    taskRoleArn: td.taskRoleArn ?? '',
    registeredAt: toTimestamp(td.registeredAt),
    deregisteredAt: toTimestamp(td.deregisteredAt),
  };
}
