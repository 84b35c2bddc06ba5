import type * as grpc from '@grpc/grpc-js';
import { EcsError } from '@berth/domain';
import type { ApiContext } from '../context.js';
import type { ApiMetrics } from '../http/metrics.js';
import { createCluster, deleteCluster, describeClusters, listClustersHandler } from '../api/clusters.js';
import {
  deregisterContainerInstance,
  describeContainerInstances,
  listContainerInstances,
  updateContainerInstancesState,
} from '../api/container-instances.js';
import { deleteAttributes, listAttributes, putAttributes } from '../api/attributes.js';
import {
  deregisterTaskDefinition,
  describeTaskDefinition,
  listTaskDefinitionFamilies,
  listTaskDefinitions,
  registerTaskDefinition,
} from '../api/task-definitions.js';
import { describeTasks, listTasks, runTask, startTask, stopTask } from '../api/tasks.js';
import { createService, deleteService, describeServices, listServices, updateService } from '../api/services.js';
import { unary, type Handler } from './unary.js';
import { getContainerLogs } from '../api/logs.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- each handler is typed by its own signature; the table only routes */
type AnyHandler = (ctx: ApiContext, request: any) => Promise<any>;

/** The ECS operations this control plane serves, by RPC name. */
const implemented: Record<string, AnyHandler> = {
  CreateCluster: createCluster,
  DescribeClusters: describeClusters,
  ListClusters: listClustersHandler,
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

/**
 * grpc-js implementation object for the ECS service. Operations the contract declares but this
 * release does not serve answer UnsupportedFeatureException instead of a bare UNIMPLEMENTED.
 */
export function ecsServiceImplementation(
  methods: readonly string[],
  ctx: ApiContext,
  metrics: ApiMetrics,
): grpc.UntypedServiceImplementation {
  const impl: grpc.UntypedServiceImplementation = {};
  for (const method of methods) {
    const handler = implemented[method];
    const call: Handler<any, any> = handler
      ? (request) => handler(ctx, request)
      : () => Promise.reject(new EcsError('UnsupportedFeatureException', `${method} is not available in this version of Berth.`));
    impl[method] = unary(method, call, { log: ctx.log, metrics });
  }
  impl.GetContainerLogs = (call: Parameters<typeof getContainerLogs>[1]) => getContainerLogs(ctx, call);
  return impl;
}
