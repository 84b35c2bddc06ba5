import { decodeRequest, operations, type EncodeContext, type JsonObject, type RequestOf, type ResultOf, type UnaryOperationName } from '@berth/ecs-api';
import { deleteAttributes, listAttributes, putAttributes } from './attributes.js';
import type { Caller } from './caller.js';
import { createCluster, deleteCluster, describeClusters, listClusters, updateClusterSettings } from './clusters.js';
import { deregisterContainerInstance, describeContainerInstances, listContainerInstances, updateContainerInstancesState } from './container-instances.js';
import type { AppContext } from './context.js';
import { createService, deleteService, describeServices, listServices, updateService } from './services/services.js';
import { deregisterTaskDefinition, describeTaskDefinition, listTaskDefinitionFamilies, listTaskDefinitions, registerTaskDefinition } from './task-definitions.js';
import { runTask, startTask } from './tasks/run-task.js';
import { describeTasks, listTasks, stopTask } from './tasks/tasks.js';
import { createAccessKey, deleteAccessKey, listAccessKeys } from './security/access-keys.js';
import { listAuditEvents, recordAudit } from './security/audit.js';
import { authorize } from './security/authorize.js';
import { createJoinToken, listJoinTokens, revokeJoinToken } from './security/join-tokens.js';
import { describeScalingActivities } from './scaling/activities.js';
import { deregisterScalableTarget, describeScalableTargets, registerScalableTarget } from './scaling/scalable-targets.js';
import { deleteScalingPolicy, describeScalingPolicies, putScalingPolicy } from './scaling/scaling-policies.js';
import { deleteScheduledAction, describeScheduledActions, putScheduledAction } from './scaling/scheduled-actions.js';
import { deleteParameter, describeParameters, getParameter, getParameters, putParameter } from './secrets/parameters.js';
import { createListener, createLoadBalancer, deleteListener, deleteLoadBalancer, describeListeners, describeLoadBalancers } from './load-balancing/load-balancers.js';
import { createTargetGroup, deleteTargetGroup, describeTargetGroupAttributes, describeTargetGroups, modifyTargetGroup, modifyTargetGroupAttributes } from './load-balancing/target-groups.js';
import { createSecret, deleteSecret, describeSecret, getSecretValue, listSecrets, putSecretValue, restoreSecret } from './secrets/secrets-manager.js';

type Handlers = { readonly [K in UnaryOperationName]: (app: AppContext, request: RequestOf<K>, caller: Caller) => Promise<ResultOf<K>> };

/** The handler of every unary operation in the table (@berth/ecs-api `operations`); the compiler checks none is missing. */
export const handlers: Handlers = {
  CreateCluster: createCluster,
  DescribeClusters: describeClusters,
  ListClusters: listClusters,
  DeleteCluster: deleteCluster,
  ListContainerInstances: listContainerInstances,
  DescribeContainerInstances: describeContainerInstances,
  UpdateContainerInstancesState: updateContainerInstancesState,
  DeregisterContainerInstance: deregisterContainerInstance,
  PutAttributes: putAttributes,
  DeleteAttributes: deleteAttributes,
  ListAttributes: listAttributes,
  RegisterTaskDefinition: registerTaskDefinition,
  DescribeTaskDefinition: describeTaskDefinition,
  ListTaskDefinitions: listTaskDefinitions,
  ListTaskDefinitionFamilies: listTaskDefinitionFamilies,
  DeregisterTaskDefinition: deregisterTaskDefinition,
  RunTask: runTask,
  StartTask: startTask,
  StopTask: stopTask,
  DescribeTasks: describeTasks,
  ListTasks: listTasks,
  CreateService: createService,
  UpdateService: updateService,
  DeleteService: deleteService,
  DescribeServices: describeServices,
  ListServices: listServices,
  UpdateClusterSettings: updateClusterSettings,
  CreateAccessKey: createAccessKey,
  ListAccessKeys: listAccessKeys,
  DeleteAccessKey: deleteAccessKey,
  CreateJoinToken: createJoinToken,
  ListJoinTokens: listJoinTokens,
  RevokeJoinToken: revokeJoinToken,
  ListAuditEvents: listAuditEvents,
  RegisterScalableTarget: registerScalableTarget,
  DeregisterScalableTarget: deregisterScalableTarget,
  DescribeScalableTargets: describeScalableTargets,
  PutScalingPolicy: putScalingPolicy,
  DeleteScalingPolicy: deleteScalingPolicy,
  DescribeScalingPolicies: describeScalingPolicies,
  DescribeScalingActivities: describeScalingActivities,
  PutScheduledAction: putScheduledAction,
  DeleteScheduledAction: deleteScheduledAction,
  DescribeScheduledActions: describeScheduledActions,
  CreateSecret: createSecret,
  PutSecretValue: putSecretValue,
  GetSecretValue: getSecretValue,
  DescribeSecret: describeSecret,
  ListSecrets: listSecrets,
  DeleteSecret: deleteSecret,
  RestoreSecret: restoreSecret,
  PutParameter: putParameter,
  GetParameter: getParameter,
  GetParameters: getParameters,
  DeleteParameter: deleteParameter,
  DescribeParameters: describeParameters,
  CreateTargetGroup: createTargetGroup,
  DescribeTargetGroups: describeTargetGroups,
  ModifyTargetGroup: modifyTargetGroup,
  DeleteTargetGroup: deleteTargetGroup,
  ModifyTargetGroupAttributes: modifyTargetGroupAttributes,
  DescribeTargetGroupAttributes: describeTargetGroupAttributes,
  CreateLoadBalancer: createLoadBalancer,
  DescribeLoadBalancers: describeLoadBalancers,
  DeleteLoadBalancer: deleteLoadBalancer,
  CreateListener: createListener,
  DescribeListeners: describeListeners,
  DeleteListener: deleteListener,
};

const launches: ReadonlySet<string> = new Set(['RunTask', 'StartTask']);

/**
 * One call of an operation, whatever the edge: the request (ECS JSON) is decoded and checked, the
 * caller rate-limited and authorised (role and cluster scope), the handler run, a mutating call
 * recorded in the audit log, and the domain result encoded as the ECS JSON response. A throttled
 * call is refused before anything else and leaves no audit row, so a flood cannot grow the log.
 */
export async function invoke<K extends UnaryOperationName>(
  app: AppContext,
  caller: Caller,
  name: K,
  request: unknown,
  options: { extensions: boolean } = { extensions: true },
): Promise<JsonObject> {
  const op = operations[name];
  app.rates.take(caller, launches.has(name) ? 'launch' : 'call', app.now().getTime());
  try {
    const decoded = decodeRequest(name, request);
    authorize(caller, name, decoded);
    const result = await handlers[name](app, decoded, caller);
    if (op.mutates) await recordAudit(app, caller, name, decoded, undefined);
    return (op.encode as (result: ResultOf<K>, ctx: EncodeContext) => JsonObject)(result, { scope: app.scope, extensions: options.extensions });
  } catch (error) {
    if (op.mutates) await recordAudit(app, caller, name, request, error);
    throw error;
  }
}
