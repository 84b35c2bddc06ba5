import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Transaction } from 'kysely';
import * as clusters from './repositories/clusters.js';
import * as instances from './repositories/container-instances.js';
import * as attributes from './repositories/instance-attributes.js';
import * as taskDefinitions from './repositories/task-definitions.js';
import * as tasks from './repositories/tasks.js';
import * as tokens from './repositories/run-task-tokens.js';
import * as services from './repositories/services.js';
import * as deployments from './repositories/deployments.js';
import * as accessKeys from './repositories/access-keys.js';
import * as joinTokens from './repositories/join-tokens.js';
import * as audit from './repositories/audit-events.js';
import * as scalableTargets from './repositories/scalable-targets.js';
import * as scalingPolicies from './repositories/scaling-policies.js';
import * as scheduledActions from './repositories/scheduled-actions.js';
import * as scalingActivities from './repositories/scaling-activities.js';
import * as serviceMetrics from './repositories/service-metrics.js';
import * as secrets from './repositories/secrets.js';
import * as loadBalancing from './repositories/load-balancing.js';
import type { Database } from './schema.js';

/**
 * What the control plane may do with the store, in domain types: the repository functions with
 * the database bound. Apps never hold a kysely handle; they read through `store.read` and change
 * state inside `store.transaction(tx => …)`, which owns the transaction and its locks.
 */

/** Queries, and writes that are atomic on their own and lock nothing (heartbeats, liveness, cleanup). */
const readFunctions = {
  findCluster: clusters.findCluster,
  listClusters: clusters.listClusters,
  listClusterNames: clusters.listClusterNames,
  describeClusterCounts: clusters.describeClusterCounts,
  findContainerInstance: instances.findContainerInstance,
  findContainerInstanceById: instances.findContainerInstanceById,
  listContainerInstances: instances.listContainerInstances,
  listInstanceVersions: instances.listInstanceVersions,
  findContainerInstancesByIds: instances.findContainerInstancesByIds,
  countLiveInstances: instances.countLiveInstances,
  setAgentConnected: instances.setAgentConnected,
  recordHeartbeat: instances.recordHeartbeat,
  markSilentInstancesDisconnected: instances.markSilentInstancesDisconnected,
  listAttributes: attributes.listAttributes,
  findTaskDefinition: taskDefinitions.findTaskDefinition,
  listTaskDefinitions: taskDefinitions.listTaskDefinitions,
  listTaskDefinitionFamilies: taskDefinitions.listTaskDefinitionFamilies,
  findTask: tasks.findTask,
  listTasks: tasks.listTasks,
  activeTasksOnInstances: tasks.activeTasksOnInstances,
  activeTaskGroupsOnInstances: tasks.activeTaskGroupsOnInstances,
  taskReservations: tasks.taskReservations,
  listGroupTasks: tasks.listGroupTasks,
  deleteStoppedTasksBefore: tasks.deleteStoppedTasksBefore,
  findRunTaskToken: tokens.findRunTaskToken,
  deleteRunTaskTokensBefore: tokens.deleteRunTaskTokensBefore,
  findService: services.findService,
  listServices: services.listServices,
  listLiveServices: services.listLiveServices,
  listDeployments: deployments.listDeployments,
  listServiceEvents: deployments.listServiceEvents,
  findAccessKey: accessKeys.findAccessKey,
  listAccessKeys: accessKeys.listAccessKeys,
  countApiKeys: accessKeys.countApiKeys,
  deleteExpiredAccessKeys: accessKeys.deleteExpiredAccessKeys,
  findJoinToken: joinTokens.findJoinToken,
  listJoinTokens: joinTokens.listJoinTokens,
  deleteJoinTokensExpiredBefore: joinTokens.deleteJoinTokensExpiredBefore,
  appendAuditEvent: audit.appendAuditEvent,
  listAuditEvents: audit.listAuditEvents,
  deleteAuditEventsBefore: audit.deleteAuditEventsBefore,
  findScalableTarget: scalableTargets.findScalableTarget,
  listScalableTargets: scalableTargets.listScalableTargets,
  listScalingPolicies: scalingPolicies.listScalingPolicies,
  listScheduledActions: scheduledActions.listScheduledActions,
  listDueScheduledActions: scheduledActions.listDueScheduledActions,
  listScalingActivities: scalingActivities.listScalingActivities,
  deleteScalingActivitiesBefore: scalingActivities.deleteScalingActivitiesBefore,
  saveServiceMetrics: serviceMetrics.saveServiceMetrics,
  listServicePeriods: serviceMetrics.listServicePeriods,
  deleteServiceMetricsBefore: serviceMetrics.deleteServiceMetricsBefore,
  findSecrets: secrets.findSecrets,
  listSecrets: secrets.listSecrets,
  deleteSecretsScheduledBefore: secrets.deleteSecretsScheduledBefore,
  findTargetGroups: loadBalancing.findTargetGroups,
  listTargetGroups: loadBalancing.listTargetGroups,
  findLoadBalancers: loadBalancing.findLoadBalancers,
  listLoadBalancers: loadBalancing.listLoadBalancers,
  findListeners: loadBalancing.findListeners,
};

/** Functions that lock rows or must commit together with others: only inside a transaction. */
const transactionFunctions = {
  insertOrReactivateCluster: clusters.insertOrReactivateCluster,
  findClusterForUpdate: clusters.findClusterForUpdate,
  findClusterForShare: clusters.findClusterForShare,
  markClusterInactive: clusters.markClusterInactive,
  insertContainerInstance: instances.insertContainerInstance,
  findContainerInstanceForUpdate: instances.findContainerInstanceForUpdate,
  lockContainerInstances: instances.lockContainerInstances,
  reregisterContainerInstance: instances.reregisterContainerInstance,
  updateContainerInstanceStatus: instances.updateContainerInstanceStatus,
  deregisterContainerInstance: instances.deregisterContainerInstance,
  advanceReportSequences: instances.advanceReportSequences,
  replaceAgentAttributes: attributes.replaceAgentAttributes,
  putCustomAttributes: attributes.putCustomAttributes,
  putAgentAttributes: attributes.putAgentAttributes,
  deleteCustomAttributes: attributes.deleteCustomAttributes,
  insertTaskDefinition: taskDefinitions.insertTaskDefinition,
  deregisterTaskDefinition: taskDefinitions.deregisterTaskDefinition,
  insertTasks: tasks.insertTasks,
  findTaskForUpdate: tasks.findTaskForUpdate,
  findTasksForUpdate: tasks.findTasksForUpdate,
  updateTask: tasks.updateTask,
  updateTasks: tasks.updateTasks,
  recomputeInstanceUsage: tasks.recomputeInstanceUsage,
  saveRunTaskToken: tokens.saveRunTaskToken,
  insertService: services.insertService,
  findServiceForUpdate: services.findServiceForUpdate,
  updateService: services.updateService,
  saveDeployments: deployments.saveDeployments,
  appendServiceEvents: deployments.appendServiceEvents,
  updateClusterSettings: clusters.updateClusterSettings,
  insertAccessKey: accessKeys.insertAccessKey,
  deleteAccessKey: accessKeys.deleteAccessKey,
  deleteInstanceCredentials: accessKeys.deleteInstanceCredentials,
  expireInstanceCredentials: accessKeys.expireInstanceCredentials,
  insertJoinToken: joinTokens.insertJoinToken,
  findJoinTokenForUpdate: joinTokens.findJoinTokenForUpdate,
  findJoinTokenForShare: joinTokens.findJoinTokenForShare,
  countJoinTokenUse: joinTokens.countJoinTokenUse,
  revokeJoinToken: joinTokens.revokeJoinToken,
  saveScalableTarget: scalableTargets.saveScalableTarget,
  findScalableTargetForUpdate: scalableTargets.findScalableTargetForUpdate,
  deleteScalableTarget: scalableTargets.deleteScalableTarget,
  saveScalingPolicy: scalingPolicies.saveScalingPolicy,
  deleteScalingPolicy: scalingPolicies.deleteScalingPolicy,
  saveScalingPolicyState: scalingPolicies.saveScalingPolicyState,
  saveScheduledAction: scheduledActions.saveScheduledAction,
  setScheduledActionNextRun: scheduledActions.setScheduledActionNextRun,
  deleteScheduledAction: scheduledActions.deleteScheduledAction,
  insertScalingActivity: scalingActivities.insertScalingActivity,
  saveSecret: secrets.saveSecret,
  findSecretForUpdate: secrets.findSecretForUpdate,
  deleteSecret: secrets.deleteSecret,
  insertTargetGroup: loadBalancing.insertTargetGroup,
  updateTargetGroup: loadBalancing.updateTargetGroup,
  findTargetGroupForUpdate: loadBalancing.findTargetGroupForUpdate,
  deleteTargetGroup: loadBalancing.deleteTargetGroup,
  insertLoadBalancer: loadBalancing.insertLoadBalancer,
  findLoadBalancerForUpdate: loadBalancing.findLoadBalancerForUpdate,
  deleteLoadBalancer: loadBalancing.deleteLoadBalancer,
  insertListener: loadBalancing.insertListener,
  deleteListener: loadBalancing.deleteListener,
};

type Bound<F> = F extends (db: never, ...args: infer A) => infer R ? (...args: A) => R : never;
type BoundAll<T> = { readonly [K in keyof T]: Bound<T[K]> };

/** Reads (and the lock-free single-statement writes), outside any transaction. */
export type StoreReads = BoundAll<typeof readFunctions>;
/** Everything, bound to one open transaction: reads see its writes, locks last until it ends. */
export type StoreTx = StoreReads & BoundAll<typeof transactionFunctions>;

/** PostgreSQL's codes for a deadlock and a serialization failure: the transaction may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;

export interface StoreAccess {
  readonly read: StoreReads;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. A
   * deadlock or serialization failure runs it again (up to 3 times), so `work` must only touch the
   * store — side effects (pushes to agents, notifications) belong after it returns.
   */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
}

function bind<T extends Record<string, (db: never, ...args: never[]) => unknown>>(functions: T, db: Kysely<Database>, guard?: () => void): BoundAll<T> {
  const bound: Record<string, (...args: unknown[]) => unknown> = {};
  for (const [name, fn] of Object.entries(functions)) {
    const call = fn as unknown as (db: Kysely<Database>, ...args: unknown[]) => unknown;
    bound[name] = guard
      ? (...args) => {
          guard();
          return call(db, ...args);
        }
      : (...args) => call(db, ...args);
  }
  return bound as BoundAll<T>;
}

export function storeAccess(db: Kysely<Database>): StoreAccess {
  // PGlite has one connection: a read on `db` inside a transaction would wait for that
  // transaction forever, and on PostgreSQL it would not see the transaction's writes.
  const inTransaction = new AsyncLocalStorage<true>();
  const read = bind(readFunctions, db, () => {
    if (inTransaction.getStore()) throw new Error('store.read used inside store.transaction: use the transaction (tx) instead');
  });
  return {
    read,
    async transaction(work) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await inTransaction.run(true, () =>
            db.transaction().execute((trx: Transaction<Database>) => work({ ...bind(readFunctions, trx), ...bind(transactionFunctions, trx) })),
          );
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          if (attempt >= MAX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
        }
      }
    },
  };
}
