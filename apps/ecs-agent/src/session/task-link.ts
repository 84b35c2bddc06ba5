import type { Logger } from '@berth/log';
import { toTimestamp, type wire } from '@berth/proto';
import type { MetricsSampler } from '../engine/metrics-sampler.js';
import type { StreamLogs } from '../engine/logs.js';
import type { LogChunk } from '../engine/runtime.js';
import type { DesiredTask, TaskEngine } from '../engine/task-engine.js';
import { REPORT_RESEND_AFTER_MS, type ReportQueue } from '../reporting/report-queue.js';
import { DesiredPartsAssembler } from './desired-parts.js';
import { LogCredit } from './log-credit.js';
import { desiredTaskFromWire } from './engine-wire.js';
import type { SessionHandlers } from './session-client.js';

/** Log chunks larger than this are split so one message never nears the gRPC size limit. */
const MAX_LOG_CHUNK_BYTES = 64 * 1024;

interface LogStreamControl {
  readonly controller: AbortController;
  readonly credit: LogCredit;
}

/**
 * Connects a live session to the task engine: desired sets in, state reports out, logs on request.
 * Everything here only hands work on; the engine and the queue do it.
 */
export function createTaskLink(deps: { engine: TaskEngine; queue: ReportQueue; streamLogs: StreamLogs; log: Logger; metrics?: MetricsSampler }): SessionHandlers {
  const desiredParts = new DesiredPartsAssembler<wire.DesiredTask__Output>();
  let resendTimer: NodeJS.Timeout | undefined;
  const logStreams = new Map<string, LogStreamControl>();

  /** Applies the set once all its parts are here; returns its sequence then, to acknowledge. */
  const applyDesired = (message: wire.DesiredTasks__Output): string | undefined => {
    const complete = desiredParts.add({ sequence: Number(message.sequence), part: message.part, parts: message.parts, tasks: message.tasks });
    if (!complete) return undefined;
    const tasks: DesiredTask[] = [];
    for (const task of complete.tasks) {
      try {
        tasks.push(desiredTaskFromWire(task));
      } catch (error) {
        deps.log.error('ignoring a desired task the agent cannot run', { taskArn: task.taskArn, error });
      }
    }
    deps.engine.applyDesired(tasks);
    return message.sequence;
  };

  const streamLogs = (request: wire.LogRequest__Output, send: (m: wire.AgentMessage) => void) => {
    if (request.cancel) {
      logStreams.get(request.requestId)?.controller.abort();
      return;
    }
    const grant = Number(request.grant);
    if (grant > 0) {
      logStreams.get(request.requestId)?.credit.grant(grant);
      return;
    }
    if (logStreams.has(request.requestId)) return;
    const controller = new AbortController();
    const credit = new LogCredit(Number(request.window));
    logStreams.set(request.requestId, { controller, credit });
    const reply = (data: Partial<wire.LogData>) => send({ logData: { requestId: request.requestId, ...data } });
    const since = Number(request.since);
    void (async () => {
      try {
        const stream = await deps.streamLogs(
          request.taskArn,
          request.containerName,
          { follow: request.follow, ...(since > 0 ? { since: new Date(since * 1000) } : {}), ...(request.tail > 0 ? { tail: request.tail } : {}) },
          controller.signal,
        );
        for await (const chunk of stream as AsyncIterable<LogChunk>) {
          for (let at = 0; at < chunk.data.length; at += MAX_LOG_CHUNK_BYTES) {
            // Past the window, wait for the control plane to say its caller read more: Docker's
            // log stream is not read meanwhile, so the output waits in Docker's log file.
            await credit.take(Math.min(MAX_LOG_CHUNK_BYTES, chunk.data.length - at), controller.signal);
            reply({ stream: chunk.stream, data: chunk.data.subarray(at, at + MAX_LOG_CHUNK_BYTES) });
          }
        }
        reply({ end: true });
      } catch (error) {
        if (!controller.signal.aborted) reply({ end: true, error: (error as Error).message });
      } finally {
        logStreams.delete(request.requestId);
      }
    })();
  };

  return {
    onEstablished(welcome, send) {
      deps.queue.connected((report) => send({ stateReport: report }), Number(welcome.lastAppliedReportSequence) || 0);
      clearInterval(resendTimer);
      resendTimer = setInterval(() => deps.queue.resendUnacked(), REPORT_RESEND_AFTER_MS);
      deps.metrics?.connected(({ sampledAt, tasks }) =>
        send({ metricsReport: { sampledAt: toTimestamp(sampledAt), intervalMs: deps.metrics!.intervalMs, tasks: tasks.map((t) => ({ taskArn: t.taskArn, cpuUnits: t.cpuUnits, memoryMib: t.memoryMiB })) } }),
      );
    },
    onMessage(message, send) {
      switch (message.message) {
        case 'desiredTasks': {
          const complete = applyDesired(message.desiredTasks!);
          if (complete !== undefined) send({ desiredAck: { sequence: complete } });
          return;
        }
        case 'reportAck':
          deps.queue.acknowledge(Number(message.reportAck!.sequence));
          return;
        case 'logRequest':
          streamLogs(message.logRequest!, send);
          return;
        default:
          return;
      }
    },
    onClosed() {
      deps.metrics?.disconnected();
      clearInterval(resendTimer);
      desiredParts.dropUnfinished();
      deps.queue.disconnected();
      for (const { controller } of logStreams.values()) controller.abort();
      logStreams.clear();
    },
  };
}
