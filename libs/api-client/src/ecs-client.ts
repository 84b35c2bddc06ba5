/**
 * A promise client for the Berth public API (service berth.v1.ECS): one method per unary RPC,
 * named as ECS names the operation in camelCase, rejecting with an EcsError or ConnectionError.
 */
import type * as grpc from '@grpc/grpc-js';
import { isOperationName, isStreaming, operationNames } from '@berth/ecs-api';
import { loadBerthGrpc } from '@berth/proto';
import type { EcsServiceMethods, wire } from '@berth/proto';
import { fromGrpcError } from './errors.js';
import { authorizationMetadata, channelCredentials, type TlsOptions } from './tls.js';

export const DEFAULT_DEADLINE_MS = 30_000;

type Methods = EcsServiceMethods;

/** The unary RPCs of berth.v1.ECS (the generated proto map), as ECS names the operations. */
export type EcsOperationName = { [K in keyof Methods]: Methods[K]['responseStream'] extends false ? K : never }[keyof Methods];
/** Every unary operation: [request as sent, response as decoded]. */
export type EcsOperations = { [K in EcsOperationName]: [Methods[K]['request'], Methods[K]['responseOutput']] };
export type EcsRequest<K extends EcsOperationName> = EcsOperations[K][0];
export type EcsResponse<K extends EcsOperationName> = EcsOperations[K][1];

/** The unary operations, from the operation table (which the control plane checks against the proto). */
export const ecsUnaryOperations: readonly EcsOperationName[] = operationNames.filter((name): name is EcsOperationName => !isStreaming(name));

export function isEcsOperationName(value: string): value is EcsOperationName {
  return isOperationName(value) && !isStreaming(value);
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
  /** The access key every call is made with. */
  credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** TLS to the control plane (plain text without it). */
  tls?: TlsOptions;
}

type RawUnary = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (err: grpc.ServiceError | null, response?: unknown) => void,
) => grpc.ClientUnaryCall;

const uncapitalize = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** A client for the control plane at `endpoint` (`host:port`), signing every call with `credentials`. */
export function createEcsClient(endpoint: string, opts: EcsClientOptions = {}): EcsClient {
  const defaultDeadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const Ecs = loadBerthGrpc().grpc.berth.v1.ECS;
  const raw = new Ecs(endpoint, channelCredentials(opts.tls), opts.channelOptions);
  const authorization = opts.credentials ? `Bearer ${opts.credentials.accessKeyId}:${opts.credentials.secretAccessKey}` : undefined;
  const deadline = (ms: number): Date => new Date(Date.now() + ms);

  function call<K extends EcsOperationName>(operation: K, request: EcsRequest<K>, options: CallOptions = {}): Promise<EcsResponse<K>> {
    const method = (raw as unknown as Record<string, RawUnary | undefined>)[operation];
    if (typeof method !== 'function') return Promise.reject(new Error(`unknown ECS operation ${operation}`));
    return new Promise((resolve, reject) => {
      method.call(raw, request, authorizationMetadata(authorization), { deadline: deadline(options.deadlineMs ?? defaultDeadlineMs) }, (err, response) => {
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
      return raw.getContainerLogs(request, authorizationMetadata(authorization), ms === undefined ? {} : { deadline: deadline(ms) });
    },
    close() {
      raw.close();
    },
  };
}
