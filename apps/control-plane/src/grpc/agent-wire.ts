/**
 * The agent protocol's messages ⇄ the application layer's types. Agent input is untrusted: every
 * status is checked and every string bounded here, once, before the application sees it.
 */
import {
  clusterArn,
  invalidParameter,
  isValidPort,
  maxContainers,
  isBuiltInAttribute,
  validateAttribute,
  MAX_CUSTOM_ATTRIBUTES,
  type ArnScope,
  type HealthStatus,
  type InstanceAttribute,
  type Resources,
  type TaskContainer,
} from '@berth/domain';
import { encodeOverrides, encodeTaskDefinition } from '@berth/ecs-api';
import { berthSchema, fromTimestamp, toProto, type wire } from '@berth/proto';
import type { DesiredTaskSet } from '../app/agents/agent-channel.js';
import type { ResolvedSecrets } from '../app/secrets/resolve.js';
import type { ReportedChange, StateReport } from '../app/agents/apply-report.js';
import type { Registration } from '../app/agents/register.js';

/** Limits on what an agent may send (its input is untrusted: a fake agent is an attacker). */
export const AGENT_LIMITS = {
  arn: 512,
  hostname: 255,
  version: 128,
  attributes: 100,
  ports: 1024,
  tasksPerReport: 1000,
  containerName: 255,
  runtimeId: 128,
  imageDigest: 256,
  bindingsPerContainer: 100,
  bindIp: 64,
  logFrameBytes: 1024 * 1024,
  requestId: 64,
} as const;

/**
 * A string the agent sent, refused when longer than `max`, or when it holds a NUL or a character
 * protobuf decoded from invalid UTF-8 (U+FFFD): such input is a bug or an attack, never data. The
 * error quotes at most a bounded prefix.
 */
export function agentText(value: string, field: string, max: number): string {
  if (value.length > max) throw invalidParameter(`${field} is longer than ${max} characters.`);
  if (value.includes('\u0000')) throw invalidParameter(`${field} contains a NUL character.`);
  if (value.includes('\uFFFD')) throw invalidParameter(`${field} is not valid UTF-8.`);
  return value;
}

function atMost<T>(list: readonly T[], field: string, max: number): readonly T[] {
  if (list.length > max) throw invalidParameter(`${field} has ${list.length} items; at most ${max} are allowed.`);
  return list;
}

/** Turns the agent's reported resources into domain Resources, refusing anything malformed. */
export function resourcesFromWire(list: readonly wire.Resource__Output[]): Resources {
  const byName = new Map(list.map((r) => [r.name, r]));
  for (const r of list) {
    if (!['CPU', 'MEMORY', 'PORTS', 'PORTS_UDP'].includes(r.name)) throw invalidParameter(`totalResources: unknown resource '${r.name.slice(0, 32)}'.`);
  }
  const integer = (name: string): number => {
    const value = byName.get(name)?.integerValue;
    if (value === undefined || !Number.isInteger(value) || value <= 0) {
      throw invalidParameter(`totalResources: ${name} must be a positive integer, got ${value ?? 'nothing'}.`);
    }
    return value;
  };
  const ports = (name: string): number[] =>
    atMost(byName.get(name)?.stringSetValue ?? [], `totalResources: ${name}`, AGENT_LIMITS.ports).map((v) => {
      const port = Number(v);
      if (!/^\d+$/.test(v) || !isValidPort(port)) throw invalidParameter(`totalResources: ${name} has an invalid port '${v.slice(0, 16)}'.`);
      return port;
    });
  return { cpu: integer('CPU'), memory: integer('MEMORY'), ports: ports('PORTS'), portsUdp: ports('PORTS_UDP') };
}

/** Agent attributes: ECS name/value rules, and at most 10 that are not built in (ECS_INSTANCE_ATTRIBUTES). */
export function agentAttributesFromWire(list: readonly wire.Attribute__Output[]): InstanceAttribute[] {
  const attributes = atMost(list, 'attributes', AGENT_LIMITS.attributes).map((a) => validateAttribute({ name: a.name, value: a.value || undefined }));
  const custom = attributes.filter((a) => !isBuiltInAttribute(a.name));
  if (custom.length > MAX_CUSTOM_ATTRIBUTES) {
    throw invalidParameter(`attributes: at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes are allowed, got ${custom.length}.`);
  }
  return attributes;
}

export function registrationFromWire(req: wire.RegisterRequest__Output): Registration {
  return {
    cluster: agentText(req.cluster, 'cluster', AGENT_LIMITS.arn),
    ...(req.containerInstanceArn ? { savedArn: agentText(req.containerInstanceArn, 'containerInstanceArn', AGENT_LIMITS.arn) } : {}),
    hostname: agentText(req.hostname, 'hostname', AGENT_LIMITS.hostname),
    resources: resourcesFromWire(atMost(req.totalResources, 'totalResources', 4)),
    attributes: agentAttributesFromWire(req.attributes),
    tags: req.tags,
    agentVersion: agentText(req.versionInfo?.agentVersion ?? '', 'versionInfo.agentVersion', AGENT_LIMITS.version),
    dockerVersion: agentText(req.versionInfo?.dockerVersion ?? '', 'versionInfo.dockerVersion', AGENT_LIMITS.version),
  };
}

/** The first message of a session. */
export function helloFromWire(hello: wire.Hello__Output): { containerInstanceArn: string; cluster: string } {
  return {
    containerInstanceArn: agentText(hello.containerInstanceArn, 'hello.containerInstanceArn', AGENT_LIMITS.arn),
    cluster: agentText(hello.cluster, 'hello.cluster', AGENT_LIMITS.arn),
  };
}

/** Protocol features the control plane adapts to, as agents name them in hello. */
export const AGENT_CAPABILITIES = ['desired-parts', 'log-window'] as const;
export type AgentCapability = (typeof AGENT_CAPABILITIES)[number];

/** The capabilities a hello names that this control plane knows (unknown ones are a newer agent's: ignored). */
export function capabilitiesFromWire(list: readonly string[]): ReadonlySet<AgentCapability> {
  atMost(list, 'hello.capabilities', 32);
  const known = new Set<AgentCapability>();
  for (const name of list) {
    agentText(name, 'hello.capabilities[]', 64);
    if ((AGENT_CAPABILITIES as readonly string[]).includes(name)) known.add(name as AgentCapability);
  }
  return known;
}

/** A frame of a container's output the agent streams back for `berth logs`. */
export function logDataFromWire(data: wire.LogData__Output): wire.LogData__Output {
  agentText(data.requestId, 'logData.requestId', AGENT_LIMITS.requestId);
  if (data.stream !== 'stdout' && data.stream !== 'stderr' && data.stream !== '') throw invalidParameter(`logData.stream '${data.stream.slice(0, 16)}' is not stdout or stderr.`);
  if (data.data.length > AGENT_LIMITS.logFrameBytes) throw invalidParameter(`logData.data is larger than ${AGENT_LIMITS.logFrameBytes} bytes.`);
  agentText(data.error, 'logData.error', MAX_REASON);
  return data;
}

const agentTaskStatuses = ['PENDING', 'RUNNING', 'STOPPED'] as const;
const agentContainerStatuses = ['NONE', 'PULLED', 'CREATED', 'RUNNING', 'STOPPED'] as const;
const agentStopCodes = ['', 'EssentialContainerExited', 'TaskFailedToStart'] as const;
const healthValues: readonly string[] = ['HEALTHY', 'UNHEALTHY', 'UNKNOWN'];
const MAX_REASON = 1024;

const oneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

/** A sequence number arrives as an int64 string; it must be a positive safe integer. */
export function sequenceFrom(value: string | number | undefined, field: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw invalidParameter(`${field} must be a positive integer, got '${String(value)}'.`);
  return n;
}

/** A state report from an agent, checked field by field. */
export function stateReportFromWire(report: wire.StateReport__Output): StateReport {
  const sequence = sequenceFrom(report.sequence, 'stateReport.sequence');
  const tasks = atMost(report.tasks, 'stateReport.tasks', AGENT_LIMITS.tasksPerReport).map((task, i): ReportedChange => {
    const at = `stateReport.tasks[${i}]`;
    if (!task.taskArn) throw invalidParameter(`${at}.taskArn is required.`);
    agentText(task.taskArn, `${at}.taskArn`, AGENT_LIMITS.arn);
    const status = task.status;
    if (!oneOf(agentTaskStatuses, status)) throw invalidParameter(`${at}.status '${status.slice(0, 32)}' is not one of ${agentTaskStatuses.join(', ')}.`);
    agentText(task.reason, `${at}.reason`, MAX_REASON);
    const stopCode = task.stopCode;
    if (!oneOf(agentStopCodes, stopCode)) throw invalidParameter(`${at}.stopCode '${stopCode.slice(0, 32)}' is not one the agent may set.`);
    return {
      taskArn: task.taskArn,
      status,
      reason: task.reason,
      ...(stopCode ? { stopCode } : {}),
      containers: atMost(task.containers, `${at}.containers`, maxContainers).map((c, j) => {
        const where = `${at}.containers[${j}]`;
        if (!c.containerName) throw invalidParameter(`${where}.containerName is required.`);
        agentText(c.containerName, `${where}.containerName`, AGENT_LIMITS.containerName);
        if (!oneOf(agentContainerStatuses, c.status)) throw invalidParameter(`${where}.status '${c.status.slice(0, 32)}' is not one of ${agentContainerStatuses.join(', ')}.`);
        agentText(c.reason, `${where}.reason`, MAX_REASON);
        return {
          name: c.containerName,
          status: c.status,
          runtimeId: agentText(c.runtimeId, `${where}.runtimeId`, AGENT_LIMITS.runtimeId),
          imageDigest: agentText(c.imageDigest, `${where}.imageDigest`, AGENT_LIMITS.imageDigest),
          ...(c.exitCode !== undefined && c.exitCode !== null ? { exitCode: c.exitCode } : {}),
          reason: c.reason,
          networkBindings: atMost(c.networkBindings, `${where}.networkBindings`, AGENT_LIMITS.bindingsPerContainer).map((b, k): TaskContainer['networkBindings'][number] => {
            const binding = `${where}.networkBindings[${k}]`;
            if (!isValidPort(b.containerPort) || !(b.hostPort === 0 || isValidPort(b.hostPort))) throw invalidParameter(`${binding} has an invalid port.`);
            if (b.protocol !== 'tcp' && b.protocol !== 'udp' && b.protocol !== '') throw invalidParameter(`${binding}.protocol must be tcp or udp.`);
            return { bindIP: agentText(b.bindIP, `${binding}.bindIP`, AGENT_LIMITS.bindIp), containerPort: b.containerPort, hostPort: b.hostPort, protocol: b.protocol === 'udp' ? 'udp' : 'tcp' };
          }),
          healthStatus: healthValues.includes(c.healthStatus) ? (c.healthStatus as HealthStatus) : '',
        };
      }),
      pullStartedAt: fromTimestamp(task.pullStartedAt) ?? undefined,
      pullStoppedAt: fromTimestamp(task.pullStoppedAt) ?? undefined,
      executionStoppedAt: fromTimestamp(task.executionStoppedAt) ?? undefined,
      startedAt: fromTimestamp(task.startedAt) ?? undefined,
    };
  });
  return { sequence, tasks };
}

/**
 * The most bytes of tasks one DesiredTasks message carries (a quarter of gRPC's 4 MiB default
 * limit); a larger set is sent in parts. One task is at most a 64 KiB definition plus 8 KiB of
 * overrides, so every part fits.
 */
export const DESIRED_PART_BYTES = 1024 * 1024;

function secretsToWire(secrets: ResolvedSecrets): Record<string, unknown> {
  if (secrets.startError) return { startError: secrets.startError };
  const names = new Set([...secrets.environment.keys(), ...secrets.registryAuth.keys()]);
  return {
    containerSecrets: [...names].map((name) => ({
      containerName: name,
      environment: (secrets.environment.get(name) ?? []).map((e) => ({ name: e.name, value: e.value })),
      registryUsername: secrets.registryAuth.get(name)?.username ?? '',
      registryPassword: secrets.registryAuth.get(name)?.password ?? '',
    })),
  };
}

/** A desired set as the messages that carry it: one, or several parts when it is large. */
export function desiredTasksToWire(set: DesiredTaskSet, scope: ArnScope, partBytes = DESIRED_PART_BYTES): wire.DesiredTasks[] {
  const partsOfTasks: Record<string, unknown>[][] = [[]];
  let bytes = 0;
  for (const { task, definition, secrets } of set.tasks) {
    const entry = {
      taskArn: task.arn,
      desiredStatus: task.desiredStatus,
      taskDefinition: encodeTaskDefinition(definition),
      overrides: encodeOverrides(task.overrides),
      acknowledgedStatus: task.lastStatus,
      clusterArn: clusterArn(scope, task.clusterName),
      ...(secrets ? secretsToWire(secrets) : {}),
    };
    // JSON's UTF-8 length bounds the protobuf encoding from above (tags and varints are shorter than keys and quotes).
    const size = Buffer.byteLength(JSON.stringify(entry));
    const current = partsOfTasks[partsOfTasks.length - 1]!;
    if (current.length > 0 && bytes + size > partBytes) {
      partsOfTasks.push([entry]);
      bytes = size;
    } else {
      current.push(entry);
      bytes += size;
    }
  }
  const parts = partsOfTasks.length;
  return partsOfTasks.map(
    (tasks, part) => toProto(berthSchema(), 'berth.v1.DesiredTasks', { sequence: set.sequence, tasks, part, parts: parts > 1 ? parts : 0 }) as wire.DesiredTasks,
  );
}
