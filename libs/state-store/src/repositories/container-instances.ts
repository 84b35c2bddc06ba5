import { sql, type Kysely, type Transaction } from 'kysely';
import type { ContainerInstance, ContainerInstanceStatus, InstanceAttribute, Resources } from '@berth/domain';
import { toJson, type ContainerInstanceRow, type Database, type InstanceAttributeRow, type TagRow } from '../schema.js';
import { attributeRowToAttribute, loadAttributes, replaceAgentAttributes } from './instance-attributes.js';

export function containerInstanceRowToContainerInstance(
  row: ContainerInstanceRow,
  attributes: readonly InstanceAttributeRow[],
): ContainerInstance {
  return {
    id: row.id,
    arn: row.arn,
    clusterName: row.cluster_name,
    status: row.status,
    statusReason: row.status_reason,
    agentConnected: row.agent_connected,
    hostname: row.hostname,
    registeredResources: {
      cpu: row.registered_cpu,
      memory: row.registered_memory,
      ports: row.registered_ports,
      portsUdp: row.registered_ports_udp,
    },
    reservedResources: {
      cpu: row.reserved_cpu,
      memory: row.reserved_memory,
      ports: row.reserved_ports,
      portsUdp: row.reserved_ports_udp,
    },
    agentAttributes: attributes.filter((a) => a.source === 'agent').map(attributeRowToAttribute),
    customAttributes: attributes.filter((a) => a.source === 'custom').map(attributeRowToAttribute),
    agentVersion: row.agent_version,
    dockerVersion: row.docker_version,
    registeredAt: row.registered_at,
    lastHeartbeatAt: row.last_heartbeat_at,
    runningTasksCount: row.running_tasks_count,
    pendingTasksCount: row.pending_tasks_count,
    version: row.version,
    lastReportSequence: row.last_report_sequence,
    tags: row.tags.map((t) => ({ key: t.key, value: t.value })),
  };
}

async function withAttributes(db: Kysely<Database>, rows: readonly ContainerInstanceRow[]): Promise<ContainerInstance[]> {
  const attributes = await loadAttributes(db, rows.map((r) => r.id));
  return rows.map((r) => containerInstanceRowToContainerInstance(r, attributes.get(r.id) ?? []));
}

/** For updates on a row the caller has locked: a missing row is a bug, not a user error. */
async function lockedWithAttributes(db: Kysely<Database>, id: string, row: ContainerInstanceRow | undefined): Promise<ContainerInstance> {
  const instance = await oneWithAttributes(db, row);
  if (!instance) throw new Error(`Container instance ${id} does not exist; lock it (findContainerInstanceForUpdate) before changing it.`);
  return instance;
}

async function oneWithAttributes(db: Kysely<Database>, row: ContainerInstanceRow | undefined): Promise<ContainerInstance | undefined> {
  return row && (await withAttributes(db, [row]))[0];
}

export interface NewContainerInstance {
  readonly id: string;
  readonly arn: string;
  readonly clusterName: string;
  readonly hostname: string;
  readonly registeredResources: Resources;
  readonly agentAttributes?: readonly InstanceAttribute[];
  readonly agentVersion: string;
  readonly dockerVersion: string;
  readonly tags?: readonly TagRow[];
  readonly now: Date;
}

/**
 * RegisterContainerInstance for a new instance: ACTIVE, not yet connected (the agent's session
 * stream sets that), with its agent attributes.
 */
export async function insertContainerInstance(trx: Transaction<Database>, input: NewContainerInstance): Promise<ContainerInstance> {
  await trx
    .insertInto('container_instances')
    .values({
      id: input.id,
      arn: input.arn,
      cluster_name: input.clusterName,
      status: 'ACTIVE',
      hostname: input.hostname,
      registered_cpu: input.registeredResources.cpu,
      registered_memory: input.registeredResources.memory,
      registered_ports: toJson(input.registeredResources.ports),
      registered_ports_udp: toJson(input.registeredResources.portsUdp),
      agent_version: input.agentVersion,
      docker_version: input.dockerVersion,
      registered_at: input.now,
      updated_at: input.now,
      tags: toJson(input.tags ?? []),
    })
    .execute();
  if (input.agentAttributes) await replaceAgentAttributes(trx, input.id, input.agentAttributes);
  return (await findContainerInstanceById(trx, input.id))!;
}

const instanceIn = (db: Kysely<Database>, clusterName: string, id: string) =>
  db.selectFrom('container_instances').selectAll().where('cluster_name', '=', clusterName).where('id', '=', id);

export async function findContainerInstance(
  db: Kysely<Database>,
  clusterName: string,
  id: string,
): Promise<ContainerInstance | undefined> {
  return oneWithAttributes(db, await instanceIn(db, clusterName, id).executeTakeFirst());
}

/** Locks the instance row: placement re-checks and reservations on it serialize behind this. */
export async function findContainerInstanceForUpdate(
  trx: Transaction<Database>,
  clusterName: string,
  id: string,
): Promise<ContainerInstance | undefined> {
  return oneWithAttributes(trx, await instanceIn(trx, clusterName, id).forUpdate().executeTakeFirst());
}

/**
 * Locks the instances a plan chose, in id order (so two appliers never deadlock), and returns
 * them as they are now, in id order. Ids of instances that are gone are left out.
 */
export async function lockContainerInstances(trx: Transaction<Database>, ids: readonly string[]): Promise<ContainerInstance[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('container_instances')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .orderBy('id')
    .forUpdate()
    .execute();
  return withAttributes(trx, rows);
}

/** By id in any cluster: tells "no such instance" from "that ARN belongs to another cluster". */
export async function findContainerInstanceById(db: Kysely<Database>, id: string): Promise<ContainerInstance | undefined> {
  const row = await db.selectFrom('container_instances').selectAll().where('id', '=', id).executeTakeFirst();
  return oneWithAttributes(db, row);
}

export interface ListContainerInstancesQuery {
  readonly clusterName: string;
  /** Without it, every status but INACTIVE (as ListContainerInstances does). */
  readonly status?: ContainerInstanceStatus;
  readonly limit: number;
  /** Id of the last instance of the previous page. */
  readonly afterId?: string;
}

/** Ordered by (registered_at, id): oldest first, stable across pages. */
export async function listContainerInstances(
  db: Kysely<Database>,
  query: ListContainerInstancesQuery,
): Promise<ContainerInstance[]> {
  let q = db
    .selectFrom('container_instances')
    .selectAll()
    .where('cluster_name', '=', query.clusterName)
    .orderBy('registered_at')
    .orderBy('id')
    .limit(query.limit);
  q = query.status ? q.where('status', '=', query.status) : q.where('status', '!=', 'INACTIVE');
  if (query.afterId !== undefined) {
    // A token naming an unknown instance yields an empty page.
    q = q.where(
      sql<boolean>`(registered_at, id) > (select c.registered_at, c.id from container_instances c where c.id = ${query.afterId})`,
    );
  }
  return withAttributes(db, await q.execute());
}

/** A live instance's version and last heartbeat: what tells a cached copy is still current. */
export interface InstanceVersion {
  readonly id: string;
  readonly version: number;
  /** Moves without a version bump (a heartbeat is not a change). */
  readonly lastHeartbeatAt: Date | null;
}

/**
 * The ACTIVE and DRAINING instances of a cluster in listing order (registration, then id), each
 * with its version: a few bytes a row, where the rows themselves come with attributes.
 */
export async function listInstanceVersions(db: Kysely<Database>, clusterName: string): Promise<InstanceVersion[]> {
  const rows = await db
    .selectFrom('container_instances')
    .select(['id', 'version', 'last_heartbeat_at'])
    .where('cluster_name', '=', clusterName)
    .where('status', '!=', 'INACTIVE')
    .orderBy('registered_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, version: Number(r.version), lastHeartbeatAt: r.last_heartbeat_at }));
}

/** Instances by id, with their attributes, in id order; ids not found are left out. */
export async function findContainerInstancesByIds(db: Kysely<Database>, ids: readonly string[]): Promise<ContainerInstance[]> {
  if (ids.length === 0) return [];
  return withAttributes(db, await db.selectFrom('container_instances').selectAll().where('id', 'in', [...new Set(ids)]).orderBy('id').execute());
}

/** ACTIVE and DRAINING instances: what keeps DeleteCluster from succeeding. */
export async function countLiveInstances(db: Kysely<Database>, clusterName: string): Promise<number> {
  const row = await db
    .selectFrom('container_instances')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cluster_name', '=', clusterName)
    .where('status', '!=', 'INACTIVE')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface Reregistration {
  readonly registeredResources: Resources;
  readonly hostname: string;
  readonly agentVersion: string;
  readonly dockerVersion: string;
  /** Replaces the agent's attributes when given. */
  readonly agentAttributes?: readonly InstanceAttribute[];
  /** Replaces the tags when given. */
  readonly tags?: readonly TagRow[];
  readonly now: Date;
}

/**
 * An agent registering again with its saved ARN (restart, host resize): new registered resources
 * and versions; reservations stay, since the tasks holding them may still run.
 */
export async function reregisterContainerInstance(
  trx: Transaction<Database>,
  id: string,
  input: Reregistration,
): Promise<ContainerInstance | undefined> {
  const row = await trx
    .updateTable('container_instances')
    .set((eb) => ({
      hostname: input.hostname,
      registered_cpu: input.registeredResources.cpu,
      registered_memory: input.registeredResources.memory,
      registered_ports: toJson(input.registeredResources.ports),
      registered_ports_udp: toJson(input.registeredResources.portsUdp),
      agent_version: input.agentVersion,
      docker_version: input.dockerVersion,
      ...(input.tags ? { tags: toJson(input.tags) } : {}),
      updated_at: input.now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  if (!row) return undefined;
  if (input.agentAttributes) await replaceAgentAttributes(trx, id, input.agentAttributes);
  return findContainerInstanceById(trx, id);
}

/**
 * UpdateContainerInstancesState (ACTIVE ⇄ DRAINING) and other status changes short of
 * deregistration, on a row the caller locked. Throws if the instance does not exist.
 */
export async function updateContainerInstanceStatus(
  trx: Transaction<Database>,
  id: string,
  status: ContainerInstanceStatus,
  statusReason: string,
  now: Date,
): Promise<ContainerInstance> {
  const row = await trx
    .updateTable('container_instances')
    .set((eb) => ({ status, status_reason: statusReason, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return lockedWithAttributes(trx, id, row);
}

/**
 * The agent's session opened or closed. Returns whether the flag changed; only a change bumps
 * the version. Connecting also counts as a heartbeat.
 */
export async function setAgentConnected(db: Kysely<Database>, id: string, connected: boolean, now: Date): Promise<boolean> {
  const changed = await db
    .updateTable('container_instances')
    .set((eb) => ({
      agent_connected: connected,
      ...(connected ? { connected_at: now, last_heartbeat_at: now } : { disconnected_at: now }),
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('agent_connected', '=', !connected)
    .returning('id')
    .executeTakeFirst();
  if (!changed && connected) await recordHeartbeat(db, id, now);
  return changed !== undefined;
}

/** A heartbeat only moves `last_heartbeat_at`; it does not reconnect a disconnected instance. */
export async function recordHeartbeat(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('container_instances').set({ last_heartbeat_at: now }).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The liveness loop: instances that look connected but were last heard from before `cutoff`
 * (heartbeat, else connection, else registration) are marked disconnected so they take no new
 * placements. Returns their ids.
 */
export async function markSilentInstancesDisconnected(db: Kysely<Database>, clusterNames: readonly string[], cutoff: Date, now: Date): Promise<string[]> {
  if (clusterNames.length === 0) return [];
  const rows = await db
    .updateTable('container_instances')
    .where('cluster_name', 'in', clusterNames)
    .set((eb) => ({ agent_connected: false, disconnected_at: now, updated_at: now, version: eb('version', '+', 1) }))
    .where('agent_connected', '=', true)
    .where((eb) => eb(eb.fn.coalesce('last_heartbeat_at', 'connected_at', 'registered_at'), '<', cutoff))
    .returning('id')
    .execute();
  return rows.map((r) => r.id).sort();
}

/**
 * DeregisterContainerInstance on a row the caller locked: INACTIVE and disconnected; the row stays
 * for DescribeContainerInstances. Throws if the instance does not exist.
 */
export async function deregisterContainerInstance(trx: Transaction<Database>, id: string, now: Date): Promise<ContainerInstance> {
  const row = await trx
    .updateTable('container_instances')
    .set((eb) => ({
      status: 'INACTIVE',
      agent_connected: false,
      disconnected_at: eb.case().when('agent_connected', '=', true).then(now).else(eb.ref('disconnected_at')).end(),
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return lockedWithAttributes(trx, id, row);
}

/** How far past the last applied sequence a report may be: a legitimate agent resumes right after it. */
export const MAX_REPORT_SEQUENCE_JUMP = 1_000_000;

export type SequenceAdvance = 'applied' | 'duplicate' | 'too-far';

/**
 * Agent reports are delivered at least once. Apply a report in the same transaction as this call,
 * and only when it says `applied`: `duplicate` means this sequence (or a later one) was already
 * applied (or the instance is gone); `too-far` that it jumps more than MAX_REPORT_SEQUENCE_JUMP past
 * the last one (a forged or broken report that would otherwise make every later report look like a
 * duplicate). Many instances' reports in two statements: their rows are locked in id order (as
 * every applier locks instances, so none deadlock), then the applied sequences are written at once.
 * One sequence per instance: the caller applies an instance's reports one after another.
 */
export async function advanceReportSequences(
  trx: Transaction<Database>,
  reports: readonly { readonly instanceId: string; readonly sequence: number }[],
): Promise<Map<string, SequenceAdvance>> {
  const outcomes = new Map<string, SequenceAdvance>();
  if (reports.length === 0) return outcomes;
  const rows = await trx
    .selectFrom('container_instances')
    .select(['id', 'last_report_sequence'])
    .where('id', 'in', [...new Set(reports.map((r) => r.instanceId))])
    .orderBy('id')
    .forUpdate()
    .execute();
  const last = new Map(rows.map((r) => [r.id, Number(r.last_report_sequence)]));
  const applied: { instanceId: string; sequence: number }[] = [];
  for (const report of reports) {
    if (outcomes.has(report.instanceId)) throw new Error(`advanceReportSequences: two reports of instance ${report.instanceId} in one call`);
    const current = last.get(report.instanceId);
    const outcome: SequenceAdvance =
      current === undefined || report.sequence <= current ? 'duplicate' : report.sequence - current > MAX_REPORT_SEQUENCE_JUMP ? 'too-far' : 'applied';
    outcomes.set(report.instanceId, outcome);
    if (outcome === 'applied') applied.push(report);
  }
  if (applied.length > 0) {
    const values = sql.join(applied.map((r) => sql`(${r.instanceId}::text, ${r.sequence}::bigint)`));
    await trx
      .updateTable('container_instances')
      .set({ last_report_sequence: sql`advanced.sequence` })
      .from(sql<{ id: string; sequence: number }>`(values ${values})`.as<'advanced'>(sql`advanced(id, sequence)`))
      .where(sql<boolean>`container_instances.id = advanced.id`)
      .execute();
  }
  return outcomes;
}
