import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { PolicyState, ScalingPolicy, ScalingPolicyConfiguration } from '@berth/domain';
import { toJson, type Database, type ScalingPoliciesTable } from '../schema.js';

type Row = Selectable<ScalingPoliciesTable>;

function rowToPolicy(row: Row): ScalingPolicy {
  return {
    ...row.configuration,
    clusterName: row.cluster_name,
    serviceName: row.service_name,
    name: row.name,
    arn: row.arn,
    createdAt: row.created_at,
    state: row.state,
  };
}

function configurationOf(policy: ScalingPolicy): ScalingPolicyConfiguration {
  return policy.policyType === 'TargetTrackingScaling'
    ? { policyType: policy.policyType, targetTracking: policy.targetTracking }
    : { policyType: policy.policyType, stepScaling: policy.stepScaling, alarm: policy.alarm };
}

/** Creates a policy, or replaces the configuration of the one of that name (its ARN, creation time and state stay). */
export async function saveScalingPolicy(trx: Transaction<Database>, policy: ScalingPolicy): Promise<ScalingPolicy> {
  const configuration = toJson(configurationOf(policy));
  const row = await trx
    .insertInto('scaling_policies')
    .values({
      cluster_name: policy.clusterName,
      service_name: policy.serviceName,
      name: policy.name,
      arn: policy.arn,
      policy_type: policy.policyType,
      configuration,
      state: toJson(policy.state),
      created_at: policy.createdAt,
    })
    .onConflict((oc) => oc.columns(['cluster_name', 'service_name', 'name']).doUpdateSet({ policy_type: policy.policyType, configuration }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowToPolicy(row);
}

export async function listScalingPolicies(
  db: Kysely<Database>,
  query: { clusterName?: string; serviceName?: string; names?: readonly string[]; after?: { clusterName: string; serviceName: string; name: string }; limit?: number } = {},
): Promise<ScalingPolicy[]> {
  let q = db.selectFrom('scaling_policies').selectAll();
  if (query.clusterName !== undefined) q = q.where('cluster_name', '=', query.clusterName);
  if (query.serviceName !== undefined) q = q.where('service_name', '=', query.serviceName);
  if (query.names) {
    if (query.names.length === 0) return [];
    q = q.where('name', 'in', [...query.names]);
  }
  const { after } = query;
  // A row comparison: the rows after (cluster, service, name) in that order.
  if (after) q = q.where(sql<boolean>`(cluster_name, service_name, name) > (${after.clusterName}, ${after.serviceName}, ${after.name})`);
  q = q.orderBy('cluster_name').orderBy('service_name').orderBy('name');
  if (query.limit !== undefined) q = q.limit(query.limit);
  return (await q.execute()).map(rowToPolicy);
}

export async function deleteScalingPolicy(trx: Transaction<Database>, clusterName: string, serviceName: string, name: string): Promise<boolean> {
  const result = await trx.deleteFrom('scaling_policies').where('cluster_name', '=', clusterName).where('service_name', '=', serviceName).where('name', '=', name).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** What the evaluation loop remembers of a policy (cooldowns, recent recommendations). */
export async function saveScalingPolicyState(trx: Transaction<Database>, key: { clusterName: string; serviceName: string; name: string }, state: PolicyState): Promise<void> {
  await trx
    .updateTable('scaling_policies')
    .set({ state: toJson(state) })
    .where('cluster_name', '=', key.clusterName)
    .where('service_name', '=', key.serviceName)
    .where('name', '=', key.name)
    .execute();
}
