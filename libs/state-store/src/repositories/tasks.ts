import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { DesiredTaskStatus, Task, TaskPatch } from '@berth/domain';
import { toJson, type Database, type TaskRow, type TasksTable } from '../schema.js';

const opt = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

export function taskRowToTask(row: TaskRow): Task {
  return {
    id: row.id,
    arn: row.arn,
    clusterName: row.cluster_name,
    containerInstanceId: row.container_instance_id,
    taskDefinitionArn: row.task_definition_arn,
    family: row.family,
    revision: row.revision,
    desiredStatus: row.desired_status,
    lastStatus: row.last_status,
    startedBy: row.started_by,
    group: row.group,
    overrides: row.overrides,
    cpu: row.cpu,
    memory: row.memory,
    reservedPorts: row.reserved_ports,
    reservedPortsUdp: row.reserved_ports_udp,
    containers: row.containers,
    stopCode: opt(row.stop_code),
    stoppedReason: opt(row.stopped_reason),
    healthStatus: row.health_status,
    createdAt: row.created_at,
    startedAt: opt(row.started_at),
    stoppingAt: opt(row.stopping_at),
    stoppedAt: opt(row.stopped_at),
    pullStartedAt: opt(row.pull_started_at),
    pullStoppedAt: opt(row.pull_stopped_at),
    executionStoppedAt: opt(row.execution_stopped_at),
    version: row.version,
  };
}

/** Inserts new tasks (the applier has already locked and re-checked their instances). */
export async function insertTasks(trx: Transaction<Database>, tasks: readonly Task[]): Promise<void> {
  if (tasks.length === 0) return;
  await trx
    .insertInto('tasks')
    .values(
      tasks.map((t) => ({
        id: t.id,
        arn: t.arn,
        cluster_name: t.clusterName,
        container_instance_id: t.containerInstanceId,
        task_definition_arn: t.taskDefinitionArn,
        family: t.family,
        revision: t.revision,
        desired_status: t.desiredStatus,
        last_status: t.lastStatus,
        started_by: t.startedBy,
        group: t.group,
        overrides: toJson(t.overrides),
        cpu: t.cpu,
        memory: t.memory,
        reserved_ports: toJson(t.reservedPorts),
        reserved_ports_udp: toJson(t.reservedPortsUdp),
        containers: toJson(t.containers),
        health_status: t.healthStatus,
        created_at: t.createdAt,
        updated_at: t.createdAt,
      })),
    )
    .execute();
}

const taskWithId = (db: Kysely<Database>, id: string) => db.selectFrom('tasks').selectAll().where('id', '=', id);

export async function findTask(db: Kysely<Database>, clusterName: string, id: string): Promise<Task | undefined> {
  const row = await taskWithId(db, id).where('cluster_name', '=', clusterName).executeTakeFirst();
  return row ? taskRowToTask(row) : undefined;
}

/** Locks the task row (in any cluster): its status changes serialize behind this. */
export async function findTaskForUpdate(trx: Transaction<Database>, id: string): Promise<Task | undefined> {
  const row = await taskWithId(trx, id).forUpdate().executeTakeFirst();
  return row ? taskRowToTask(row) : undefined;
}

/** Locks many task rows at once, in id order (so two such calls never deadlock); missing ids are left out. */
export async function findTasksForUpdate(trx: Transaction<Database>, ids: readonly string[]): Promise<Task[]> {
  if (ids.length === 0) return [];
  const rows = await trx.selectFrom('tasks').selectAll().where('id', 'in', [...new Set(ids)]).orderBy('id').forUpdate().execute();
  return rows.map(taskRowToTask);
}

/** Applies a patch computed (by a pure domain rule) from the locked row, bumping the version. */
export async function updateTask(trx: Transaction<Database>, id: string, patch: TaskPatch, now: Date): Promise<Task> {
  const set: Updateable<TasksTable> = { updated_at: now };
  if (patch.desiredStatus) set.desired_status = patch.desiredStatus;
  if (patch.lastStatus) set.last_status = patch.lastStatus;
  if (patch.containers) set.containers = toJson(patch.containers);
  if (patch.stopCode !== undefined) set.stop_code = patch.stopCode;
  if (patch.stoppedReason !== undefined) set.stopped_reason = patch.stoppedReason;
  if (patch.healthStatus) set.health_status = patch.healthStatus;
  if (patch.startedAt) set.started_at = patch.startedAt;
  if (patch.stoppingAt) set.stopping_at = patch.stoppingAt;
  if (patch.stoppedAt) set.stopped_at = patch.stoppedAt;
  if (patch.pullStartedAt) set.pull_started_at = patch.pullStartedAt;
  if (patch.pullStoppedAt) set.pull_stopped_at = patch.pullStoppedAt;
  if (patch.executionStoppedAt) set.execution_stopped_at = patch.executionStoppedAt;
  const row = await trx
    .updateTable('tasks')
    .set({ ...set, version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return taskRowToTask(row);
}

/** Patch columns, each cast so a row of VALUES has its column's type whatever the first row holds. */
const PATCH_COLUMNS = [
  ['desired_status', 'text', (p: TaskPatch) => p.desiredStatus],
  ['last_status', 'text', (p: TaskPatch) => p.lastStatus],
  ['containers', 'jsonb', (p: TaskPatch) => (p.containers ? toJson(p.containers) : undefined)],
  ['stop_code', 'text', (p: TaskPatch) => p.stopCode],
  ['stopped_reason', 'text', (p: TaskPatch) => p.stoppedReason],
  ['health_status', 'text', (p: TaskPatch) => p.healthStatus],
  ['started_at', 'timestamptz', (p: TaskPatch) => p.startedAt],
  ['stopping_at', 'timestamptz', (p: TaskPatch) => p.stoppingAt],
  ['stopped_at', 'timestamptz', (p: TaskPatch) => p.stoppedAt],
  ['pull_started_at', 'timestamptz', (p: TaskPatch) => p.pullStartedAt],
  ['pull_stopped_at', 'timestamptz', (p: TaskPatch) => p.pullStoppedAt],
  ['execution_stopped_at', 'timestamptz', (p: TaskPatch) => p.executionStoppedAt],
] as const;

/** Most rows in one UPDATE: 13 parameters a row stays well inside PostgreSQL's 65,535. */
const PATCHES_PER_STATEMENT = 1_000;

/**
 * `updateTask` for many locked rows in one statement per thousand: each row gets the fields its
 * patch sets (a field the patch leaves out keeps its value) and a new version.
 */
export async function updateTasks(trx: Transaction<Database>, updates: readonly { readonly id: string; readonly patch: TaskPatch }[], now: Date): Promise<void> {
  for (let from = 0; from < updates.length; from += PATCHES_PER_STATEMENT) {
    const chunk = updates.slice(from, from + PATCHES_PER_STATEMENT);
    const rows = chunk.map(
      ({ id, patch }) =>
        sql`(${sql.join([sql`${id}::char(32)`, ...PATCH_COLUMNS.map(([, type, of]) => sql`${of(patch) ?? null}::${sql.raw(type)}`)])})`,
    );
    const set = Object.fromEntries(PATCH_COLUMNS.map(([column]) => [column, sql`coalesce(patched.${sql.ref(column)}, tasks.${sql.ref(column)})`]));
    await trx
      .updateTable('tasks')
      .set({ ...set, updated_at: now, version: sql`tasks.version + 1` })
      .from(sql`(values ${sql.join(rows)})`.as<'patched'>(sql`patched(id, ${sql.join(PATCH_COLUMNS.map(([column]) => sql.ref(column)))})`))
      .where(sql<boolean>`tasks.id = patched.id`)
      .execute();
  }
}

export interface ListTasksQuery {
  readonly clusterName: string;
  readonly containerInstanceId?: string;
  readonly family?: string;
  readonly startedBy?: string;
  readonly group?: string;
  readonly desiredStatus: DesiredTaskStatus;
  readonly limit: number;
  readonly afterId?: string;
}

export async function listTasks(db: Kysely<Database>, query: ListTasksQuery): Promise<Task[]> {
  let q = db.selectFrom('tasks').selectAll().where('cluster_name', '=', query.clusterName).where('desired_status', '=', query.desiredStatus);
  if (query.containerInstanceId) q = q.where('container_instance_id', '=', query.containerInstanceId);
  if (query.family) q = q.where('family', '=', query.family);
  if (query.startedBy) q = q.where('started_by', '=', query.startedBy);
  if (query.group) q = q.where('group', '=', query.group);
  if (query.afterId) q = q.where('id', '>', query.afterId);
  const rows = await q.orderBy('id').limit(query.limit).execute();
  return rows.map(taskRowToTask);
}

/**
 * Tasks that still hold resources on each of `instanceIds` (anything not STOPPED), by instance and
 * then creation. Also what each instance's agent should know about: a stopped task leaves its
 * desired set once its STOPPED report was applied, which is the agent's cue to clean it up.
 */
export async function activeTasksOnInstances(db: Kysely<Database>, instanceIds: readonly string[]): Promise<Task[]> {
  if (instanceIds.length === 0) return [];
  const rows = await db
    .selectFrom('tasks')
    .selectAll()
    .where('container_instance_id', 'in', [...new Set(instanceIds)])
    .where('last_status', '!=', 'STOPPED')
    .orderBy('container_instance_id')
    .orderBy('created_at')
    .execute();
  return rows.map(taskRowToTask);
}

/**
 * How many tasks of each group still hold resources on each of `instanceIds`: what placement needs
 * of the tasks (spread and distinctInstance count groups), counted by the database instead of
 * shipping every task row to the control plane on each launch.
 */
export async function activeTaskGroupsOnInstances(
  db: Kysely<Database>,
  instanceIds: readonly string[],
): Promise<{ containerInstanceId: string; group: string; count: number }[]> {
  if (instanceIds.length === 0) return [];
  const rows = await db
    .selectFrom('tasks')
    .select(['container_instance_id', 'group', sql<number>`count(*)::integer`.as('count')])
    .where('container_instance_id', 'in', [...instanceIds])
    .where('last_status', '!=', 'STOPPED')
    .groupBy(['container_instance_id', 'group'])
    .execute();
  return rows.map((r) => ({ containerInstanceId: r.container_instance_id, group: r.group, count: Number(r.count) }));
}

/**
 * Recomputes instances' reservations and task counts from their tasks, so they can never drift
 * from the tasks that hold them. Call inside the transaction that changed the tasks, after locking
 * the instances: every change to the set of tasks holding resources on an instance comes through
 * here, so the version bump here is what tells a cached snapshot its task groups moved. One statement for all of them: the sums are made where the tasks are, so no task
 * row travels to the control plane (an agent's every start and stop comes this way).
 */
export async function recomputeInstanceUsage(trx: Transaction<Database>, instanceIds: readonly string[], now: Date): Promise<void> {
  if (instanceIds.length === 0) return;
  const ids = [...new Set(instanceIds)];
  const ports = (column: 'reserved_ports' | 'reserved_ports_udp') => sql<string>`(
      select coalesce(jsonb_agg(distinct p.port order by p.port), '[]'::jsonb)
      from tasks t, jsonb_array_elements(t.${sql.ref(column)}) as p(port)
      where t.container_instance_id = container_instances.id and t.last_status != 'STOPPED')`;
  await trx
    .updateTable('container_instances')
    .set({
      reserved_cpu: sql`usage.cpu`,
      reserved_memory: sql`usage.memory`,
      reserved_ports: ports('reserved_ports'),
      reserved_ports_udp: ports('reserved_ports_udp'),
      running_tasks_count: sql`usage.running`,
      pending_tasks_count: sql`usage.pending`,
      updated_at: now,
      version: sql`container_instances.version + 1`,
    })
    .from(
      sql<{ id: string; cpu: number; memory: number; running: number; pending: number }>`(
        select i.id, coalesce(sum(t.cpu), 0)::integer as cpu, coalesce(sum(t.memory), 0)::integer as memory,
          (count(t.id) filter (where t.last_status = 'RUNNING'))::integer as running,
          (count(t.id) filter (where t.last_status in ('PROVISIONING', 'PENDING')))::integer as pending
        from container_instances i
        left join tasks t on t.container_instance_id = i.id and t.last_status != 'STOPPED'
        where i.id in (${sql.join(ids)})
        group by i.id)`.as('usage'),
    )
    .where(sql<boolean>`container_instances.id = usage.id`)
    .execute();
}

/** Stopped tasks older than `before` are deleted (ECS keeps them describable for about an hour). */
export async function deleteStoppedTasksBefore(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('tasks').where('last_status', '=', 'STOPPED').where('stopped_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * A group's tasks (a service's are `service:<name>`): every live one, plus those that stopped
 * after `stoppedSince` so the reconciler can see recent failures.
 */
export async function listGroupTasks(db: Kysely<Database>, clusterName: string, group: string, stoppedSince: Date): Promise<Task[]> {
  const rows = await db
    .selectFrom('tasks')
    .selectAll()
    .where('cluster_name', '=', clusterName)
    .where('group', '=', group)
    .where((eb) => eb.or([eb('last_status', '!=', 'STOPPED'), eb('stopped_at', '>=', stoppedSince)]))
    .orderBy('created_at')
    .execute();
  return rows.map(taskRowToTask);
}

/** What the metrics collector needs of tasks: their cluster, group and reservations (no JSON columns read). */
export async function taskReservations(db: Kysely<Database>, ids: readonly string[]): Promise<{ id: string; clusterName: string; containerInstanceId: string; group: string; cpu: number; memory: number }[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('tasks').select(['id', 'cluster_name', 'container_instance_id', 'group', 'cpu', 'memory']).where('id', 'in', [...ids]).execute();
  return rows.map((r) => ({ id: r.id, clusterName: r.cluster_name, containerInstanceId: r.container_instance_id, group: r.group, cpu: r.cpu, memory: r.memory }));
}
