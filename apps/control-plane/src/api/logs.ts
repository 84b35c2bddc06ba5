import type * as grpc from '@grpc/grpc-js';
import { EcsError, invalidParameter, taskIdFrom } from '@berth/domain';
import type { wire } from '@berth/proto';
import { findTask } from '@berth/state-store';
import type { ApiContext } from '../context.js';
import { ecsErrorToStatus, toStatus } from '../grpc/errors.js';
import { requireActiveCluster } from './clusters.js';

type LogsCall = grpc.ServerWritableStream<wire.GetContainerLogsRequest__Output, wire.LogChunk>;

/**
 * `berth logs`: asks the agent that holds the task's container for its output over the agent's
 * session and streams it back. The container's logs never touch the control plane's storage.
 */
export function getContainerLogs(ctx: ApiContext, call: LogsCall): void {
  let requestId: string | undefined;
  let instanceId: string | undefined;
  const fail = (error: unknown) => {
    if (requestId) ctx.logRelay.close(requestId);
    call.emit('error', toStatus(error, 'GetContainerLogs', ctx.log));
  };
  call.on('cancelled', () => {
    if (requestId && instanceId) {
      ctx.logRelay.close(requestId);
      ctx.sessions.send(instanceId, { logRequest: { requestId, cancel: true } });
    }
  });

  void (async () => {
    const req = call.request;
    const cluster = await requireActiveCluster(ctx, req.cluster);
    if (!req.task) throw invalidParameter('task is required.');
    const { id } = taskIdFrom(req.task);
    const task = await findTask(ctx.db, cluster.name, id);
    if (!task) throw invalidParameter('The referenced task was not found.');
    const containerName = req.containerName || (task.containers.length === 1 ? task.containers[0]!.name : task.containers.find((c) => c.essential)?.name);
    if (!containerName || !task.containers.some((c) => c.name === containerName)) {
      throw invalidParameter(`Task has no container named '${req.containerName}'. Containers: ${task.containers.map((c) => c.name).join(', ')}.`);
    }
    if (req.tail < 0) throw invalidParameter('tail must not be negative.');
    instanceId = task.containerInstanceId;
    if (!ctx.sessions.has(instanceId)) {
      throw new EcsError('ServerException', 'The agent holding this task is not connected to this control-plane replica (or not at all), so its logs cannot be read here now.');
    }
    const currentInstance = instanceId;
    requestId = ctx.logRelay.open(currentInstance, {
      data: (stream, data) => call.write({ stream, data }),
      end: (error) => {
        if (error) call.emit('error', ecsErrorToStatus(new EcsError('ServerException', `Reading logs failed: ${error}`)));
        else call.end();
      },
    });
    ctx.sessions.send(currentInstance, {
      logRequest: { requestId, taskArn: task.arn, containerName, follow: req.follow, since: req.since, tail: req.tail },
    });
  })().catch(fail);
}
