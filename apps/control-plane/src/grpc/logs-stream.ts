import { randomUUID } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { decodeRequest } from '@berth/ecs-api';
import { EcsError } from '@berth/domain';
import { berthSchema, fromProto, type wire } from '@berth/proto';
import type { AppContext } from '../app/context.js';
import { authorize } from '../app/security/authorize.js';
import { callerOf } from './authentication.js';
import { openContainerLogs } from '../app/tasks/logs.js';
import { ecsErrorToStatus, toStatus } from './errors.js';
import { MAX_LOG_STREAMS_PER_CALLER, type LogRelay } from './log-relay.js';
import type { ReplicaLogRelay } from './log-relay-replicas.js';

type LogsCall = grpc.ServerWritableStream<wire.GetContainerLogsRequest__Output, wire.LogChunk>;

/** Output the agent may send ahead of what the caller has read; granted again half a window at a time. */
export const LOG_WINDOW_BYTES = 256 * 1024;
/**
 * Output held for a caller that is not reading, past which the stream ends with an error. Agents
 * keep within the window, so only one that ignores it (or output relayed faster than granted) gets here.
 */
export const LOG_BUFFER_LIMIT_BYTES = 4 * 1024 * 1024;

/**
 * GetContainerLogs, the one streaming operation: the application layer finds the container and
 * its agent; this edge asks that agent for the output over its session (or, when the session is on
 * another replica, asks that replica through `replicas`) and relays what comes back until the
 * agent ends it or the caller goes away. The agent sends a window of output at a time and is
 * granted more as the caller reads (gRPC's write callback fires once a message has left for the
 * caller), so a caller that stops reading costs a window, not the control plane's memory.
 */
export function streamContainerLogs(app: AppContext, relay: LogRelay, replicas: ReplicaLogRelay | undefined, call: LogsCall): void {
  let requestId: string | undefined;
  let instanceId: string | undefined;
  let owner: string | undefined;
  let cancelled = false;
  const cancel = () => {
    if (requestId && instanceId) {
      relay.close(requestId);
      if (!app.agents.cancelLogRequest(instanceId, requestId)) replicas?.cancel(instanceId, requestId);
    }
  };
  call.on('cancelled', () => {
    cancelled = true;
    cancel();
  });

  void (async () => {
    const caller = await callerOf(app, call.metadata);
    const request = decodeRequest('GetContainerLogs', fromProto(berthSchema(), 'berth.v1.GetContainerLogsRequest', call.request, { mode: 'request' }));
    authorize(caller, 'GetContainerLogs', request);
    app.rates.take(caller, 'call', app.now().getTime());
    if (!relay.admit(caller.name)) {
      throw new EcsError('ThrottlingException', `Rate exceeded: at most ${MAX_LOG_STREAMS_PER_CALLER} log streams may be open at once per credential.`);
    }
    owner = caller.name;
    const source = await openContainerLogs(app, request);
    const id = randomUUID();
    instanceId = source.instanceId;
    requestId = id;
    let held = 0;
    let readSinceGrant = 0;
    relay.open(requestId, source.instanceId, {
      data: (stream, data) => {
        held += data.length;
        if (held > LOG_BUFFER_LIMIT_BYTES) {
          cancel();
          call.emit('error', ecsErrorToStatus(new EcsError('ServerException', `The log stream ended: more than ${LOG_BUFFER_LIMIT_BYTES / (1024 * 1024)} MiB of output waited for a reader that is not reading.`)));
          return;
        }
        call.write({ stream, data }, () => {
          held -= data.length;
          readSinceGrant += data.length;
          if (readSinceGrant < LOG_WINDOW_BYTES / 2) return;
          const bytes = readSinceGrant;
          readSinceGrant = 0;
          if (!app.agents.grantLogCredit(source.instanceId, id, bytes)) replicas?.grant(source.instanceId, id, bytes);
        });
      },
      end: (error) => {
        if (error) call.emit('error', ecsErrorToStatus(new EcsError('ServerException', `Reading logs failed: ${error}`)));
        else call.end();
      },
    }, caller.name);
    const { instanceId: _instance, here, ...asked } = source;
    // The session may have moved since the container was found: then another replica relays.
    const logRequest = { requestId, ...asked, window: LOG_WINDOW_BYTES };
    if (!(here && app.agents.sendLogRequest(source.instanceId, logRequest))) {
      if (!replicas) throw new EcsError('ServerException', 'The agent holding this task is not connected, so its logs cannot be read now.');
      await replicas.ask(source.instanceId, logRequest);
    }
    if (cancelled) cancel(); // the caller left while the container was being found
  })().catch((error: unknown) => {
    if (requestId) relay.close(requestId);
    else if (owner) relay.release(owner);
    call.emit('error', toStatus(error, 'GetContainerLogs', app.log));
  });
}
