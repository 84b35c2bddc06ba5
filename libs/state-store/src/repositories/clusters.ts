import type { Kysely, Transaction } from 'kysely';
import type { Cluster, ClusterWithCounts } from '@berth/domain';
import { toJson, type ClusterRow, type Database, type TagRow } from '../schema.js';

/** The counts DescribeClusters adds to a cluster. */
export type ClusterCounts = Omit<ClusterWithCounts, keyof Cluster>;

export interface NewCluster {
  readonly name: string;
  readonly arn: string;
  readonly tags: readonly TagRow[];
  readonly settings?: readonly { name: string; value: string }[];
  readonly now: Date;
}

export function clusterRowToCluster(row: ClusterRow): Cluster {
  return {
    name: row.name,
    arn: row.arn,
    status: row.status,
    createdAt: row.created_at,
    tags: row.tags.map((t) => ({ key: t.key, value: t.value })),
    settings: row.settings.map((x) => ({ name: x.name, value: x.value })),
  };
}

/**
 * CreateCluster is idempotent in ECS: an ACTIVE cluster of that name comes back unchanged (tags
 * of the repeat request are ignored). An INACTIVE one is a deleted cluster, so creating it again
 * starts it afresh: ACTIVE, new tags, new creation time.
 */
export async function insertOrReactivateCluster(trx: Transaction<Database>, input: NewCluster): Promise<Cluster> {
  const inserted = await trx
    .insertInto('clusters')
    .values({
      name: input.name,
      arn: input.arn,
      status: 'ACTIVE',
      tags: toJson(input.tags),
      settings: toJson(input.settings ?? []),
      created_at: input.now,
      updated_at: input.now,
    })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({
          status: 'ACTIVE',
          arn: eb.ref('excluded.arn'),
          tags: eb.ref('excluded.tags'),
          settings: eb.ref('excluded.settings'),
          created_at: eb.ref('excluded.created_at'),
          updated_at: eb.ref('excluded.updated_at'),
        }))
        .where('clusters.status', '=', 'INACTIVE'),
    )
    .returningAll()
    .executeTakeFirst();
  if (inserted) return clusterRowToCluster(inserted);
  // The conflict's WHERE was false: the cluster exists and is ACTIVE (and is now row-locked).
  const existing = await clusterNamed(trx, input.name).executeTakeFirstOrThrow();
  return clusterRowToCluster(existing);
}

const clusterNamed = (db: Kysely<Database>, name: string) => db.selectFrom('clusters').selectAll().where('name', '=', name);

export async function findCluster(db: Kysely<Database>, name: string): Promise<Cluster | undefined> {
  const row = await clusterNamed(db, name).executeTakeFirst();
  return row && clusterRowToCluster(row);
}

/** Locks the cluster row so deletion and registration into it cannot interleave. */
export async function findClusterForUpdate(trx: Transaction<Database>, name: string): Promise<Cluster | undefined> {
  const row = await clusterNamed(trx, name).forUpdate().executeTakeFirst();
  return row && clusterRowToCluster(row);
}

/** A share lock: many may hold it at once (hosts registering), none while the cluster is being changed or deleted. */
export async function findClusterForShare(trx: Transaction<Database>, name: string): Promise<Cluster | undefined> {
  const row = await clusterNamed(trx, name).forShare().executeTakeFirst();
  return row && clusterRowToCluster(row);
}

export interface ListClustersQuery {
  /** ListClusters shows ACTIVE clusters only; omit to list INACTIVE ones too. */
  readonly status?: 'ACTIVE';
  readonly limit: number;
  /** Name of the last cluster of the previous page. */
  readonly afterName?: string;
  /** Only these names (a caller limited to some clusters); omit for every cluster. */
  readonly names?: readonly string[];
}

/** Every cluster's name, in order (what the background loops choose their work from). */
export async function listClusterNames(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom('clusters').select('name').orderBy('name').execute()).map((r) => r.name);
}

/** Clusters ordered by name: a stable order whose last name is the next-page token. */
export async function listClusters(db: Kysely<Database>, query: ListClustersQuery): Promise<Cluster[]> {
  let q = db.selectFrom('clusters').selectAll().orderBy('name').limit(query.limit);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.afterName !== undefined) q = q.where('name', '>', query.afterName);
  if (query.names !== undefined) {
    if (query.names.length === 0) return [];
    q = q.where('name', 'in', query.names);
  }
  const rows = await q.execute();
  return rows.map(clusterRowToCluster);
}

/**
 * DescribeClusters' counts for each name asked for (zeros when a cluster has no instances).
 * Instances count while ACTIVE or DRAINING; task counts are summed over those instances; services
 * count until they are INACTIVE.
 */
export async function describeClusterCounts(db: Kysely<Database>, names: readonly string[]): Promise<Map<string, ClusterCounts>> {
  const counts = new Map<string, ClusterCounts>(
    names.map((n) => [n, { registeredContainerInstancesCount: 0, runningTasksCount: 0, pendingTasksCount: 0, activeServicesCount: 0 }]),
  );
  if (names.length === 0) return counts;
  const rows = await db
    .selectFrom('container_instances')
    .select((eb) => [
      'cluster_name',
      eb.fn.countAll<number>().as('instances'),
      eb.fn.sum<number>('running_tasks_count').as('running'),
      eb.fn.sum<number>('pending_tasks_count').as('pending'),
    ])
    .where('cluster_name', 'in', [...names])
    .where('status', 'in', ['ACTIVE', 'DRAINING'])
    .groupBy('cluster_name')
    .execute();
  for (const row of rows) {
    counts.set(row.cluster_name, {
      registeredContainerInstancesCount: Number(row.instances),
      runningTasksCount: Number(row.running ?? 0),
      pendingTasksCount: Number(row.pending ?? 0),
      activeServicesCount: 0,
    });
  }
  const services = await db
    .selectFrom('services')
    .select((eb) => ['cluster_name', eb.fn.countAll<number>().as('n')])
    .where('cluster_name', 'in', [...names])
    .where('status', '!=', 'INACTIVE')
    .groupBy('cluster_name')
    .execute();
  for (const row of services) {
    const c = counts.get(row.cluster_name);
    if (c) counts.set(row.cluster_name, { ...c, activeServicesCount: Number(row.n) });
  }
  return counts;
}

/** UpdateClusterSettings on a row the caller locked: each named setting replaced, the others kept. */
export async function updateClusterSettings(trx: Transaction<Database>, name: string, settings: readonly { name: string; value: string }[], now: Date): Promise<Cluster> {
  const current = await clusterNamed(trx, name).executeTakeFirstOrThrow();
  const merged = new Map(current.settings.map((x) => [x.name, x.value]));
  for (const x of settings) merged.set(x.name, x.value);
  const row = await trx
    .updateTable('clusters')
    .set({ settings: toJson([...merged].map(([n, value]) => ({ name: n, value }))), updated_at: now })
    .where('name', '=', name)
    .returningAll()
    .executeTakeFirstOrThrow();
  return clusterRowToCluster(row);
}

/** DeleteCluster: the row stays (INACTIVE) so DescribeClusters can still report it. */
export async function markClusterInactive(trx: Transaction<Database>, name: string, now: Date): Promise<Cluster | undefined> {
  const row = await trx
    .updateTable('clusters')
    .set({ status: 'INACTIVE', updated_at: now })
    .where('name', '=', name)
    .returningAll()
    .executeTakeFirst();
  return row && clusterRowToCluster(row);
}
