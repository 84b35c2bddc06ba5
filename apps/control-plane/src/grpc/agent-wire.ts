/**
 * The agent protocol's messages ⇄ the application layer's types. Agent input is untrusted: every
 * status is checked and every string bounded here, once, before the application sees it.
 */
import {
  clusterArn,
  invalidParameter,
  isBuiltInAttribute,
  isValidPort,
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
import type { ReportedChange, StateReport } from '../app/agents/apply-report.js';
import type { Registration } from '../app/agents/register.js';

/** Turns the agent's reported resources into domain Resources, refusing anything malformed. */
export function resourcesFromWire(list: readonly wire.Resource__Output[]): Resources {
  const byName = new Map(list.map((r) => [r.name, r]));
  for (const r of list) {
    if (!['CPU', 'MEMORY', 'PORTS', 'PORTS_UDP'].includes(r.name)) throw invalidParameter(`totalResources: unknown resource '${r.name}'.`);
  }
  const integer = (name: string): number => {
    const value = byName.get(name)?.integerValue;
    if (value === undefined || !Number.isInteger(value) || value <= 0) {
      throw invalidParameter(`totalResources: ${name} must be a positive integer, got ${value ?? 'nothing'}.`);
    }
    return value;
  };
  const ports = (name: string): number[] =>
    (byName.get(name)?.stringSetValue ?? []).map((v) => {
      const port = Number(v);
      if (!/^\d+$/.test(v) || !isValidPort(port)) throw invalidParameter(`totalResources: ${name} has an invalid port '${v}'.`);
      return port;
    });
  return { cpu: integer('CPU'), memory: integer('MEMORY'), ports: ports('PORTS'), portsUdp: ports('PORTS_UDP') };
}

/** Agent attributes: ECS name/value rules, and at most 10 that are not built in (ECS_INSTANCE_ATTRIBUTES). */
export function agentAttributesFromWire(list: readonly wire.Attribute__Output[]): InstanceAttribute[] {
  const attributes = list.map((a) => validateAttribute({ name: a.name, value: a.value || undefined }));
  const custom = attributes.filter((a) => !isBuiltInAttribute(a.name));
  if (custom.length > MAX_CUSTOM_ATTRIBUTES) {
    throw invalidParameter(`attributes: at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes are allowed, got ${custom.length}.`);
  }
  return attributes;
}

export function registrationFromWire(req: wire.RegisterRequest__Output): Registration {
  return {
    cluster: req.cluster,
    createDefaultCluster: req.createDefaultCluster,
    ...(req.containerInstanceArn ? { savedArn: req.containerInstanceArn } : {}),
    hostname: req.hostname,
    resources: resourcesFromWire(req.totalResources),
    attributes: agentAttributesFromWire(req.attributes),
    tags: req.tags,
    agentVersion: req.versionInfo?.agentVersion ?? '',
    dockerVersion: req.versionInfo?.dockerVersion ?? '',
  };
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
  const tasks = report.tasks.map((task, i): ReportedChange => {
    const at = `stateReport.tasks[${i}]`;
    if (!task.taskArn) throw invalidParameter(`${at}.taskArn is required.`);
    const status = task.status;
    if (!oneOf(agentTaskStatuses, status)) throw invalidParameter(`${at}.status '${status}' is not one of ${agentTaskStatuses.join(', ')}.`);
    if (task.reason.length > MAX_REASON) throw invalidParameter(`${at}.reason is longer than ${MAX_REASON} characters.`);
    const stopCode = task.stopCode;
    if (!oneOf(agentStopCodes, stopCode)) throw invalidParameter(`${at}.stopCode '${stopCode}' is not one the agent may set.`);
    return {
      taskArn: task.taskArn,
      status,
      reason: task.reason,
      ...(stopCode ? { stopCode } : {}),
      containers: task.containers.map((c, j) => {
        const where = `${at}.containers[${j}]`;
        if (!c.containerName) throw invalidParameter(`${where}.containerName is required.`);
        if (!oneOf(agentContainerStatuses, c.status)) throw invalidParameter(`${where}.status '${c.status}' is not one of ${agentContainerStatuses.join(', ')}.`);
        if (c.reason.length > MAX_REASON) throw invalidParameter(`${where}.reason is longer than ${MAX_REASON} characters.`);
        return {
          name: c.containerName,
          status: c.status,
          runtimeId: c.runtimeId,
          imageDigest: c.imageDigest,
          ...(c.exitCode !== undefined && c.exitCode !== null ? { exitCode: c.exitCode } : {}),
          reason: c.reason,
          networkBindings: c.networkBindings.map(
            (b): TaskContainer['networkBindings'][number] => ({ bindIP: b.bindIP, containerPort: b.containerPort, hostPort: b.hostPort, protocol: b.protocol === 'udp' ? 'udp' : 'tcp' }),
          ),
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

/** The complete desired set of an instance, as the agent takes it. */
export function desiredTasksToWire(set: DesiredTaskSet, scope: ArnScope): wire.DesiredTasks {
  return toProto(berthSchema(), 'berth.v1.DesiredTasks', {
    sequence: set.sequence,
    tasks: set.tasks.map(({ task, definition }) => ({
      taskArn: task.arn,
      desiredStatus: task.desiredStatus,
      taskDefinition: encodeTaskDefinition(definition),
      overrides: encodeOverrides(task.overrides),
      acknowledgedStatus: task.lastStatus,
      clusterArn: clusterArn(scope, task.clusterName),
    })),
  }) as wire.DesiredTasks;
}
