import { decodeRequest, operations, roleAllows, type JsonObject, type RequestOf, type ResultOf, type UnaryOperationName } from '@berth/ecs-api';
import { EcsError } from '@berth/domain';
import { deleteAttributes, listAttributes, putAttributes } from './attributes.js';
import type { Caller } from './caller.js';
import { createCluster, deleteCluster, describeClusters, listClusters } from './clusters.js';
import { deregisterContainerInstance, describeContainerInstances, listContainerInstances, updateContainerInstancesState } from './container-instances.js';
import type { AppContext } from './context.js';
import { createService, deleteService, describeServices, listServices, updateService } from './services/services.js';
import { deregisterTaskDefinition, describeTaskDefinition, listTaskDefinitionFamilies, listTaskDefinitions, registerTaskDefinition } from './task-definitions.js';
import { runTask, startTask } from './tasks/run-task.js';
import { describeTasks, listTasks, stopTask } from './tasks/tasks.js';

type Handlers = { readonly [K in UnaryOperationName]: (app: AppContext, request: RequestOf<K>) => Promise<ResultOf<K>> };

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
};

/** Refuses a caller whose role is below what the operation needs (every caller is the local administrator until credentials exist). */
export function authorize(caller: Caller, name: keyof typeof operations): void {
  const needed = operations[name].role;
  if (!roleAllows(caller.role, needed)) {
    throw new EcsError('AccessDeniedException', `${caller.name} is not authorized to perform ${name}: it needs the ${needed} role.`);
  }
}

/**
 * One call of an operation, whatever the edge: the request (ECS JSON) is decoded and checked, the
 * caller authorised, the handler run, and its domain result encoded as the ECS JSON response.
 */
export async function invoke<K extends UnaryOperationName>(app: AppContext, caller: Caller, name: K, request: unknown): Promise<JsonObject> {
  const decoded = decodeRequest(name, request);
  authorize(caller, name);
  const result = await handlers[name](app, decoded);
  return (operations[name].encode as (result: ResultOf<K>, ctx: { scope: AppContext['scope'] }) => JsonObject)(result, { scope: app.scope });
}
