import type * as grpc from '@grpc/grpc-js';
import type { Logger } from '@berth/log';
import type { ApiMetrics } from '../metrics/api-metrics.js';
import { toStatus } from './errors.js';

export type Handler<Req, Res> = (request: Req, metadata: grpc.Metadata, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>;

/** Adapts a promise handler to grpc-js: maps thrown errors to statuses and counts every call. */
export function unary<Req, Res>(
  method: string,
  handler: Handler<Req, Res>,
  deps: { log: Logger; metrics: ApiMetrics },
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const stop = deps.metrics.startCall(method);
    handler(call.request, call.metadata, call).then(
      (response) => {
        stop('OK');
        callback(null, response);
      },
      (error: unknown) => {
        const status = toStatus(error, method, deps.log);
        stop(String(status.code));
        callback(status, null);
      },
    );
  };
}
