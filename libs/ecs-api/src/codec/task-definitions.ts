import type { ContainerDefinition, LinuxParameters, TaskDefinition, Volume } from '@berth/domain';
import { compact, instant, type JsonObject } from './json.js';

/** A container definition in ECS's names (healthCheck.interval in seconds, …). */
export function encodeContainerDefinition(c: ContainerDefinition): JsonObject {
  return compact({
    name: c.name,
    image: c.image,
    cpu: c.cpu,
    memory: c.memory,
    memoryReservation: c.memoryReservation,
    essential: c.essential,
    portMappings: c.portMappings.map((p) => ({ containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol })),
    environment: c.environment.map((e) => ({ name: e.name, value: e.value })),
    secrets: c.secrets.map((e) => ({ name: e.name, valueFrom: e.valueFrom })),
    repositoryCredentials: c.repositoryCredentials ? { credentialsParameter: c.repositoryCredentials.credentialsParameter } : undefined,
    command: [...c.command],
    entryPoint: [...c.entryPoint],
    workingDirectory: c.workingDirectory,
    user: c.user,
    hostname: c.hostname,
    dockerLabels: { ...c.dockerLabels },
    ulimits: c.ulimits.map((u) => ({ name: u.name, softLimit: u.softLimit, hardLimit: u.hardLimit })),
    privileged: c.privileged,
    readonlyRootFilesystem: c.readonlyRootFilesystem,
    stopTimeout: c.stopTimeout,
    startTimeout: c.startTimeout,
    links: [...c.links],
    mountPoints: c.mountPoints.map((m) => ({ sourceVolume: m.sourceVolume, containerPath: m.containerPath, readOnly: m.readOnly })),
    volumesFrom: c.volumesFrom.map((v) => ({ sourceContainer: v.sourceContainer, readOnly: v.readOnly })),
    logConfiguration: c.logConfiguration ? { logDriver: c.logConfiguration.logDriver, options: { ...c.logConfiguration.options } } : undefined,
    healthCheck: c.healthCheck
      ? {
          command: [...c.healthCheck.command],
          interval: c.healthCheck.intervalSeconds,
          timeout: c.healthCheck.timeoutSeconds,
          retries: c.healthCheck.retries,
          startPeriod: c.healthCheck.startPeriodSeconds,
        }
      : undefined,
    dependsOn: c.dependsOn.map((d) => ({ containerName: d.containerName, condition: d.condition })),
    linuxParameters: c.linuxParameters ? encodeLinuxParameters(c.linuxParameters) : undefined,
    systemControls: (c.systemControls ?? []).map((s) => ({ namespace: s.namespace, value: s.value })),
    firelensConfiguration: c.firelensConfiguration ? { type: c.firelensConfiguration.type, options: { ...c.firelensConfiguration.options } } : undefined,
  });
}

function encodeLinuxParameters(p: LinuxParameters): JsonObject {
  return compact({
    capabilities: { add: [...p.capabilities.add], drop: [...p.capabilities.drop] },
    initProcessEnabled: p.initProcessEnabled,
    sharedMemorySize: p.sharedMemorySize,
    tmpfs: p.tmpfs.map((t) => ({ containerPath: t.containerPath, size: t.size, mountOptions: [...t.mountOptions] })),
    devices: p.devices.map((d) => compact({ hostPath: d.hostPath, containerPath: d.containerPath, permissions: [...d.permissions] })),
    maxSwap: p.maxSwap,
    swappiness: p.swappiness,
  });
}

function encodeVolume(v: Volume): JsonObject {
  return compact({
    name: v.name,
    host: v.host ? { sourcePath: v.host.sourcePath } : undefined,
    dockerVolumeConfiguration: v.dockerVolumeConfiguration
      ? {
          scope: v.dockerVolumeConfiguration.scope,
          autoprovision: v.dockerVolumeConfiguration.autoprovision,
          driver: v.dockerVolumeConfiguration.driver,
          driverOpts: { ...v.dockerVolumeConfiguration.driverOpts },
          labels: { ...v.dockerVolumeConfiguration.labels },
        }
      : undefined,
  });
}

/** A registered definition; task-level cpu and memory are strings in ECS JSON. */
export function encodeTaskDefinition(td: TaskDefinition): JsonObject {
  return compact({
    taskDefinitionArn: td.arn,
    family: td.family,
    revision: td.revision,
    status: td.status,
    containerDefinitions: td.containerDefinitions.map(encodeContainerDefinition),
    cpu: td.cpu !== undefined ? String(td.cpu) : undefined,
    memory: td.memory !== undefined ? String(td.memory) : undefined,
    networkMode: td.networkMode,
    volumes: td.volumes.map(encodeVolume),
    placementConstraints: td.placementConstraints.map((p) => compact({ type: p.type, expression: p.expression })),
    requiresCompatibilities: [...td.requiresCompatibilities],
    executionRoleArn: td.executionRoleArn,
    taskRoleArn: td.taskRoleArn,
    pidMode: td.pidMode,
    ipcMode: td.ipcMode,
    runtimePlatform: td.runtimePlatform ? compact({ ...td.runtimePlatform }) : undefined,
    ephemeralStorage: td.ephemeralStorage ? { sizeInGiB: td.ephemeralStorage.sizeInGiB } : undefined,
    registeredAt: instant(td.registeredAt),
    deregisteredAt: instant(td.deregisteredAt),
  });
}
