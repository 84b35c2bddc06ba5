import type Docker from 'dockerode';
import type { ContainerCreateSpec, ContainerInspection, PortBindingSpec, RuntimeEvent, RuntimeHealth } from '../engine/runtime.js';

/**
 * Pure conversions between the engine's runtime-neutral shapes and the Docker Engine API, kept
 * apart from the calls so they are unit-tested; dockerode types stay in this directory.
 */

const portName = (p: { containerPort: number; protocol: string }) => `${p.containerPort}/${p.protocol}`;

export function createOptions(spec: ContainerCreateSpec): Docker.ContainerCreateOptions {
  const portBindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const b of spec.portBindings) (portBindings[portName(b)] ??= []).push({ HostIp: b.hostIp, HostPort: String(b.hostPort) });
  return {
    name: spec.name,
    Image: spec.image,
    Labels: { ...spec.labels },
    Env: [...spec.env],
    ...(spec.cmd ? { Cmd: [...spec.cmd] } : {}),
    ...(spec.entrypoint ? { Entrypoint: [...spec.entrypoint] } : {}),
    ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
    ...(spec.user ? { User: spec.user } : {}),
    ...(spec.hostname ? { Hostname: spec.hostname } : {}),
    ExposedPorts: Object.fromEntries(spec.exposedPorts.map((p) => [portName(p), {}])),
    ...(spec.healthcheck
      ? {
          Healthcheck: {
            Test: [...spec.healthcheck.test],
            Interval: spec.healthcheck.intervalNs,
            Timeout: spec.healthcheck.timeoutNs,
            Retries: spec.healthcheck.retries,
            StartPeriod: spec.healthcheck.startPeriodNs,
          },
        }
      : {}),
    HostConfig: {
      NetworkMode: spec.networkMode,
      PortBindings: portBindings,
      Binds: [...spec.binds],
      Links: [...spec.links],
      VolumesFrom: [...spec.volumesFrom],
      Ulimits: spec.ulimits.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
      Privileged: spec.privileged,
      ReadonlyRootfs: spec.readonlyRootfs,
      CpuShares: spec.cpuShares,
      ...(spec.memoryBytes !== undefined ? { Memory: spec.memoryBytes } : {}),
      ...(spec.memoryReservationBytes !== undefined ? { MemoryReservation: spec.memoryReservationBytes } : {}),
      ...(spec.logConfig ? { LogConfig: { Type: spec.logConfig.type, Config: { ...spec.logConfig.config } } } : {}),
      ...linuxHostConfig(spec),
    },
  };
}

/** The linuxParameters, systemControls and namespace modes; only what was asked for, so Docker's defaults hold otherwise. */
function linuxHostConfig(spec: ContainerCreateSpec): Docker.HostConfig {
  return {
    ...(spec.capAdd?.length ? { CapAdd: [...spec.capAdd] } : {}),
    ...(spec.capDrop?.length ? { CapDrop: [...spec.capDrop] } : {}),
    ...(spec.init ? { Init: true } : {}),
    ...(spec.shmSizeBytes !== undefined ? { ShmSize: spec.shmSizeBytes } : {}),
    ...(spec.tmpfs && Object.keys(spec.tmpfs).length > 0 ? { Tmpfs: { ...spec.tmpfs } } : {}),
    ...(spec.devices?.length
      ? { Devices: spec.devices.map((d) => ({ PathOnHost: d.hostPath, PathInContainer: d.containerPath, CgroupPermissions: d.permissions })) }
      : {}),
    ...(spec.memorySwapBytes !== undefined ? { MemorySwap: spec.memorySwapBytes } : {}),
    ...(spec.memorySwappiness !== undefined ? { MemorySwappiness: spec.memorySwappiness } : {}),
    ...(spec.sysctls && Object.keys(spec.sysctls).length > 0 ? { Sysctls: { ...spec.sysctls } } : {}),
    ...(spec.pidMode ? { PidMode: spec.pidMode } : {}),
    ...(spec.ipcMode ? { IpcMode: spec.ipcMode } : {}),
  };
}

/** Docker writes "0001-01-01T00:00:00Z" for "never". */
function time(value: string | undefined): Date | undefined {
  if (!value || value.startsWith('0001-')) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function healthOf(status: string | undefined): RuntimeHealth {
  switch (status) {
    case 'healthy':
      return 'HEALTHY';
    case 'unhealthy':
      return 'UNHEALTHY';
    case 'starting':
      return 'STARTING';
    default:
      return 'NONE';
  }
}

export function inspectionOf(info: Docker.ContainerInspectInfo): ContainerInspection {
  const ports: PortBindingSpec[] = [];
  for (const [key, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
    const [port, protocol] = key.split('/');
    for (const b of bindings ?? []) {
      ports.push({ containerPort: Number(port), protocol: protocol === 'udp' ? 'udp' : 'tcp', hostIp: b.HostIp, hostPort: Number(b.HostPort) });
    }
  }
  const startedAt = time(info.State.StartedAt);
  const finishedAt = time(info.State.FinishedAt);
  return {
    id: info.Id,
    running: info.State.Running,
    exitCode: info.State.ExitCode,
    health: healthOf(info.State.Health?.Status),
    ...(startedAt ? { startedAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
    imageId: info.Image,
    ports,
    error: info.State.Error ?? '',
  };
}

interface DockerEventMessage {
  readonly Type?: string;
  readonly Action?: string;
  readonly Actor?: { readonly ID?: string; readonly Attributes?: Record<string, string> };
}

/** One line of /events → a runtime event (undefined for non-container events). */
export function eventOf(message: DockerEventMessage): RuntimeEvent | undefined {
  if (message.Type !== 'container' || !message.Actor?.ID || !message.Action) return undefined;
  const attributes = message.Actor.Attributes ?? {};
  const [verb, detail] = message.Action.split(': ');
  const base = { containerId: message.Actor.ID, labels: attributes };
  switch (verb) {
    case 'die': {
      const code = Number(attributes['exitCode']);
      return { ...base, action: 'die', ...(Number.isFinite(code) && attributes['exitCode'] !== undefined ? { exitCode: code } : {}) };
    }
    case 'health_status':
      return { ...base, action: 'health_status', health: healthOf(detail?.trim()) };
    case 'start':
    case 'destroy':
    case 'oom':
      return { ...base, action: verb };
    default:
      return { ...base, action: 'other' };
  }
}

/** The registry an image comes from, as Docker's X-Registry-Auth names it: its first path part when that is a host, else Docker Hub. */
export function registryOf(image: string): string {
  const [first, ...rest] = image.split('/');
  if (rest.length > 0 && first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost')) return first;
  return 'https://index.docker.io/v1/';
}
