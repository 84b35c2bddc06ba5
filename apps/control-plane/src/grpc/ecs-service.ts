import type * as grpc from '@grpc/grpc-js';
import { EcsError } from '@berth/domain';
import { isOperationName, isStreaming, operationNames, type OperationName } from '@berth/ecs-api';
import { berthSchema, fromProto, toProto, type EcsServiceMethods } from '@berth/proto';
import type { AppContext } from '../app/context.js';
import { invoke } from '../app/operations.js';
import type { ApiMetrics } from '../metrics/api-metrics.js';
import type { LogRelay } from './log-relay.js';
import { callerOf } from './authentication.js';
import { streamContainerLogs } from './logs-stream.js';
import type { ReplicaLogRelay } from './log-relay-replicas.js';
import { unary } from './unary.js';

/** Compile-time proof that the operation table and the proto service list the same operations. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const tableMatchesProto: Same<OperationName, keyof EcsServiceMethods> = true;
void tableMatchesProto;

/**
 * The gRPC edge of the public API: every method of berth.v1.ECS resolves the caller from the
 * call's credential, decodes its proto request to ECS JSON, calls the operation through the
 * application layer, and encodes the ECS JSON answer as the proto response. A method the proto declares but the table lacks (an older control plane serving a
 * newer proto) answers UnsupportedFeatureException.
 */
export function ecsServiceImplementation(
  methods: readonly string[],
  app: AppContext,
  deps: { metrics: ApiMetrics; logRelay: LogRelay; replicaLogs?: ReplicaLogRelay },
): grpc.UntypedServiceImplementation {
  const schema = berthSchema();
  const impl: grpc.UntypedServiceImplementation = {};
  for (const method of methods) {
    if (!isOperationName(method)) {
      impl[method] = unary(method, () => Promise.reject(new EcsError('UnsupportedFeatureException', `${method} is not available in this version of Berth.`)), { log: app.log, metrics: deps.metrics });
      continue;
    }
    if (isStreaming(method)) {
      impl[method] = (call: Parameters<typeof streamContainerLogs>[3]) => streamContainerLogs(app, deps.logRelay, deps.replicaLogs, call);
      continue;
    }
    impl[method] = unary(
      method,
      async (request: unknown, metadata) => {
        const caller = await callerOf(app, metadata);
        const json = fromProto(schema, `berth.v1.${method}Request`, request, { mode: 'request' });
        const answer = await invoke(app, caller, method, json);
        return toProto(schema, `berth.v1.${method}Response`, answer);
      },
      { log: app.log, metrics: deps.metrics },
    );
  }
  return impl;
}

/** The operations of the table the proto service does not declare (none, unless the two drifted apart). */
export function operationsMissingFrom(methods: readonly string[]): OperationName[] {
  return operationNames.filter((name) => !methods.includes(name));
}
