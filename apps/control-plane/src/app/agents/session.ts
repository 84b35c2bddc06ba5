import { clusterNameFrom, containerInstanceIdFrom } from '@berth/domain';
import type { Caller } from '../caller.js';
import type { AppContext } from '../context.js';
import { pushDesiredTasks } from './desired-tasks.js';

/**
 * A session the control plane will not hold: `protocol` for a malformed or out-of-order message,
 * `unknown-instance` when the instance is not (or no longer) registered, which tells the agent to
 * register again, `forbidden` when the credential is not that instance's own.
 */
export class SessionRefused extends Error {
  constructor(
    readonly kind: 'protocol' | 'unknown-instance' | 'forbidden',
    message: string,
  ) {
    super(message);
    this.name = 'SessionRefused';
  }
}

export interface Hello {
  readonly containerInstanceArn: string;
  readonly cluster: string;
}

export interface Welcome {
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  /** The agent resends reports after this one. */
  readonly lastAppliedReportSequence: number;
}

/**
 * An agent opened its session: with its own credential, as the instance that credential belongs
 * to, which must be registered in the cluster it names. `attach` binds the session to the instance
 * before the instance is marked connected, so a placement made from then on reaches it; the caller
 * sends the welcome, then `sessionEstablished`.
 */
export async function acceptHello(app: AppContext, hello: Hello, caller: Caller, attach: (instanceId: string) => void): Promise<{ instanceId: string; welcome: Welcome }> {
  let parsed: { id: string; cluster?: string };
  try {
    parsed = containerInstanceIdFrom(hello.containerInstanceArn);
  } catch {
    throw new SessionRefused('protocol', `hello.containerInstanceArn '${hello.containerInstanceArn.slice(0, 128)}' is not a container instance ARN.`);
  }
  if (caller.role !== 'agent' || caller.instanceId !== parsed.id) {
    throw new SessionRefused('forbidden', `${caller.name} is not the credential of container instance ${parsed.id}; an agent's session speaks only for its own instance.`);
  }
  const clusterName = clusterNameFrom(hello.cluster || parsed.cluster);
  const instance = await app.store.read.findContainerInstance(clusterName, parsed.id);
  if (!instance || instance.status === 'INACTIVE') {
    throw new SessionRefused('unknown-instance', `Container instance ${hello.containerInstanceArn} is not registered in cluster '${clusterName}'; register again.`);
  }
  attach(instance.id);
  await app.store.read.setAgentConnected(instance.id, true, app.now());
  return {
    instanceId: instance.id,
    welcome: {
      heartbeatIntervalMs: app.liveness.heartbeatIntervalMs,
      heartbeatTimeoutMs: app.liveness.heartbeatTimeoutMs,
      lastAppliedReportSequence: instance.lastReportSequence,
    },
  };
}

/** After the welcome went out: the agent gets its complete desired set. */
export async function sessionEstablished(app: AppContext, instanceId: string): Promise<void> {
  app.log.info('agent connected', { instance: instanceId });
  await pushDesiredTasks(app, [instanceId]);
}

/** A heartbeat: the instance was heard from now (and is connected again if the liveness loop gave up on it). */
export async function agentHeartbeat(app: AppContext, instanceId: string): Promise<Date> {
  const now = app.now();
  await app.store.read.setAgentConnected(instanceId, true, now);
  return now;
}

/** The attribute that shows whether an agent can save its state in ECS_DATADIR (ours). */
export const DATA_DIR_ATTRIBUTE = 'berth.agent.data-dir';
const DATA_DIR_STATUSES = ['ok', 'full', 'unwritable'];

/**
 * What the agent's heartbeat says of ECS_DATADIR (empty from agents that do not say: ok), kept as
 * the instance's `berth.agent.data-dir` attribute. The caller writes it when it changed.
 */
export function dataDirStatusOf(reported: string): string {
  const status = reported || 'ok';
  if (!DATA_DIR_STATUSES.includes(status)) throw new SessionRefused('protocol', `heartbeat.dataDir must be one of ${DATA_DIR_STATUSES.join(', ')}; got '${status.slice(0, 32)}'.`);
  return status;
}

export async function recordDataDirStatus(app: AppContext, instanceId: string, status: string): Promise<void> {
  await app.store.transaction((tx) => tx.putAgentAttributes(instanceId, [{ name: DATA_DIR_ATTRIBUTE, value: status }]));
  if (status !== 'ok') app.log.warn('an agent cannot save its state', { instance: instanceId, dataDir: status });
}

/** The instance's current session ended: it takes no placements until it is back. */
export async function agentDisconnected(app: AppContext, instanceId: string): Promise<void> {
  await app.store.read.setAgentConnected(instanceId, false, app.now());
  app.log.info('agent disconnected', { instance: instanceId });
}
