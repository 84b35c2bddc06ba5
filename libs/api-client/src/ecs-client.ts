/**
 * A promise client for the Berth public API (service berth.v1.ECS): one method per unary RPC,
 * named as ECS names the operation in camelCase, rejecting with an EcsError or ConnectionError.
 */
import * as grpc from '@grpc/grpc-js';
import { loadBerthGrpc } from '@berth/proto';
import type { wire } from '@berth/proto';
import { fromGrpcError } from './errors.js';

export const DEFAULT_DEADLINE_MS = 30_000;

/** Every unary RPC of berth.v1.ECS: [request, response]. */
export interface EcsOperations {
  CreateCluster: [wire.CreateClusterRequest, wire.CreateClusterResponse__Output];
  DescribeClusters: [wire.DescribeClustersRequest, wire.DescribeClustersResponse__Output];
  ListClusters: [wire.ListClustersRequest, wire.ListClustersResponse__Output];
  DeleteCluster: [wire.DeleteClusterRequest, wire.DeleteClusterResponse__Output];
  ListContainerInstances: [wire.ListContainerInstancesRequest, wire.ListContainerInstancesResponse__Output];
  DescribeContainerInstances: [wire.DescribeContainerInstancesRequest, wire.DescribeContainerInstancesResponse__Output];
  UpdateContainerInstancesState: [
    wire.UpdateContainerInstancesStateRequest,
    wire.UpdateContainerInstancesStateResponse__Output,
  ];
  DeregisterContainerInstance: [wire.DeregisterContainerInstanceRequest, wire.DeregisterContainerInstanceResponse__Output];
  PutAttributes: [wire.PutAttributesRequest, wire.PutAttributesResponse__Output];
  DeleteAttributes: [wire.DeleteAttributesRequest, wire.DeleteAttributesResponse__Output];
  ListAttributes: [wire.ListAttributesRequest, wire.ListAttributesResponse__Output];
  RegisterTaskDefinition: [wire.RegisterTaskDefinitionRequest, wire.RegisterTaskDefinitionResponse__Output];
  DescribeTaskDefinition: [wire.DescribeTaskDefinitionRequest, wire.DescribeTaskDefinitionResponse__Output];
  ListTaskDefinitions: [wire.ListTaskDefinitionsRequest, wire.ListTaskDefinitionsResponse__Output];
  ListTaskDefinitionFamilies: [wire.ListTaskDefinitionFamiliesRequest, wire.ListTaskDefinitionFamiliesResponse__Output];
  DeregisterTaskDefinition: [wire.DeregisterTaskDefinitionRequest, wire.DeregisterTaskDefinitionResponse__Output];
  RunTask: [wire.RunTaskRequest, wire.RunTaskResponse__Output];
  StartTask: [wire.StartTaskRequest, wire.StartTaskResponse__Output];
  StopTask: [wire.StopTaskRequest, wire.StopTaskResponse__Output];
  DescribeTasks: [wire.DescribeTasksRequest, wire.DescribeTasksResponse__Output];
  ListTasks: [wire.ListTasksRequest, wire.ListTasksResponse__Output];
  CreateService: [wire.CreateServiceRequest, wire.CreateServiceResponse__Output];
  UpdateService: [wire.UpdateServiceRequest, wire.UpdateServiceResponse__Output];
  DeleteService: [wire.DeleteServiceRequest, wire.DeleteServiceResponse__Output];
  DescribeServices: [wire.DescribeServicesRequest, wire.DescribeServicesResponse__Output];
  ListServices: [wire.ListServicesRequest, wire.ListServicesResponse__Output];
}

/** An ECS operation name as ECS spells it (`DescribeClusters`), which is also the RPC name. */
export type EcsOperationName = keyof EcsOperations;
export type EcsRequest<K extends EcsOperationName> = EcsOperations[K][0];
export type EcsResponse<K extends EcsOperationName> = EcsOperations[K][1];

const operationSet: Record<EcsOperationName, true> = {
  CreateCluster: true,
  DescribeClusters: true,
  ListClusters: true,
  DeleteCluster: true,
  ListContainerInstances: true,
  DescribeContainerInstances: true,
  UpdateContainerInstancesState: true,
  DeregisterContainerInstance: true,
  PutAttributes: true,
  DeleteAttributes: true,
  ListAttributes: true,
  RegisterTaskDefinition: true,
  DescribeTaskDefinition: true,
  ListTaskDefinitions: true,
  ListTaskDefinitionFamilies: true,
  DeregisterTaskDefinition: true,
  RunTask: true,
  StartTask: true,
  StopTask: true,
  DescribeTasks: true,
  ListTasks: true,
  CreateService: true,
  UpdateService: true,
  DeleteService: true,
  DescribeServices: true,
  ListServices: true,
};

/** The unary operations, in no particular order. */
export const ecsUnaryOperations = Object.keys(operationSet) as readonly EcsOperationName[];

export function isEcsOperationName(value: string): value is EcsOperationName {
  return Object.hasOwn(operationSet, value);
}

export interface CallOptions {
  /** Overrides the client's deadline for this call. */
  deadlineMs?: number;
}

type UnaryMethods = {
  [K in EcsOperationName as Uncapitalize<K>]: (request: EcsRequest<K>, options?: CallOptions) => Promise<EcsResponse<K>>;
};

export interface EcsClient extends UnaryMethods {
  readonly endpoint: string;
  /** Calls an operation by its ECS name; what the typed methods use. */
  call<K extends EcsOperationName>(operation: K, request: EcsRequest<K>, options?: CallOptions): Promise<EcsResponse<K>>;
  /**
   * The raw server stream of a container's output. Without `deadlineMs` it has the client's deadline,
   * except with `follow`, which has none. Stream errors are grpc ServiceErrors: pass them to fromGrpcError.
   */
  getContainerLogs(request: wire.GetContainerLogsRequest, options?: CallOptions): grpc.ClientReadableStream<wire.LogChunk__Output>;
  close(): void;
}

export interface EcsClientOptions {
  /** Deadline of every call; 30 s when not given. */
  deadlineMs?: number;
  /** Extra channel options for grpc-js. */
  channelOptions?: grpc.ChannelOptions;
}

type RawUnary = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (err: grpc.ServiceError | null, response?: unknown) => void,
) => grpc.ClientUnaryCall;

const uncapitalize = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** A client for the control plane at `endpoint` (`host:port`), over an insecure channel. */
export function createEcsClient(endpoint: string, opts: EcsClientOptions = {}): EcsClient {
  const defaultDeadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const Ecs = loadBerthGrpc().grpc.berth.v1.ECS;
  const raw = new Ecs(endpoint, grpc.credentials.createInsecure(), opts.channelOptions);
  const deadline = (ms: number): Date => new Date(Date.now() + ms);

  function call<K extends EcsOperationName>(operation: K, request: EcsRequest<K>, options: CallOptions = {}): Promise<EcsResponse<K>> {
    const method = (raw as unknown as Record<string, RawUnary | undefined>)[operation];
    if (typeof method !== 'function') return Promise.reject(new Error(`unknown ECS operation ${operation}`));
    return new Promise((resolve, reject) => {
      method.call(raw, request, new grpc.Metadata(), { deadline: deadline(options.deadlineMs ?? defaultDeadlineMs) }, (err, response) => {
        if (err) reject(fromGrpcError(err, { endpoint }));
        else resolve(response as EcsResponse<K>);
      });
    });
  }

  const methods = Object.fromEntries(
    ecsUnaryOperations.map((op) => [uncapitalize(op), (request: never, options?: CallOptions) => call(op, request, options)]),
  ) as unknown as UnaryMethods;

  return {
    ...methods,
    endpoint,
    call,
    getContainerLogs(request, options = {}) {
      const ms = options.deadlineMs ?? (request.follow ? undefined : defaultDeadlineMs);
      return raw.getContainerLogs(request, ms === undefined ? {} : { deadline: deadline(ms) });
    },
    close() {
      raw.close();
    },
  };
}
