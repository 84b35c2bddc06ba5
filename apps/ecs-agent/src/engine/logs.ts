import type { Readable } from 'node:stream';
import { Labels, type ContainerRuntime, type LogOptions } from './runtime.js';

export class ContainerNotFoundError extends Error {
  constructor(
    readonly taskArn: string,
    readonly containerName: string,
  ) {
    super(`No container '${containerName}' of task ${taskArn} on this instance (it may have been cleaned up).`);
    this.name = 'ContainerNotFoundError';
  }
}

export type StreamLogs = (taskArn: string, containerName: string, options: LogOptions, signal: AbortSignal) => Promise<Readable>;

/**
 * For `berth logs`: finds a task's container by its labels rather than the engine's memory, so
 * logs stay readable for stopped tasks until cleanup and across agent restarts. The stream yields
 * LogChunk objects ({stream, data}).
 */
export function createLogStreamer(runtime: ContainerRuntime): StreamLogs {
  return async (taskArn, containerName, options, signal) => {
    const containers = await runtime.listManagedContainers(signal);
    const found = containers.find((c) => c.labels[Labels.taskArn] === taskArn && c.labels[Labels.containerName] === containerName);
    if (!found) throw new ContainerNotFoundError(taskArn, containerName);
    return runtime.logs(found.id, options, signal);
  };
}
