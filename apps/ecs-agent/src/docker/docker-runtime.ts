import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import {
  Labels,
  type ContainerCreateSpec,
  type ContainerInspection,
  type ContainerStats,
  type ContainerRuntime,
  type LogOptions,
  type ManagedContainer,
  type RegistryCredentials,
  type RuntimeEvent,
  type VolumeSpec,
} from '../engine/runtime.js';
import type { MetadataSource } from '../metadata/server.js';
import { dockerOptionsFrom } from './connect.js';
import { LogDemuxer } from './demux.js';
import { createOptions, eventOf, inspectionOf, registryOf } from './docker-mapping.js';

/** A Docker API error with Docker's own message (what ends up in a task's stopped reason). */
export class DockerError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DockerError';
  }
}

/** dockerode errors read "(HTTP code 500) server error - <message>"; keep only Docker's message. */
export function dockerError(error: unknown): Error {
  const e = error as Error & { statusCode?: number; json?: { message?: string } | null; reason?: string };
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return e;
  const message = e.json?.message ?? e.message.replace(/^\(HTTP code \d+\) [^-]*- /, '');
  return new DockerError(message.trim(), e.statusCode, { cause: error });
}

const isNotFound = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw dockerError(error);
  }
}

/** For the few dockerode calls that take no AbortSignal: stop waiting when the signal fires. */
function racing<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The engine's ContainerRuntime over the Docker Engine API (style rule 10). */
export class DockerRuntime implements ContainerRuntime, MetadataSource {
  constructor(private readonly docker: Docker) {}

  static fromHost(dockerHost: string): DockerRuntime {
    return new DockerRuntime(new Docker(dockerOptionsFrom(dockerHost)));
  }

  async imageExists(image: string, signal: AbortSignal): Promise<boolean> {
    try {
      await racing(this.docker.getImage(image).inspect(), signal);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw dockerError(error);
    }
  }

  pullImage(image: string, signal: AbortSignal, auth?: RegistryCredentials): Promise<void> {
    return call(async () => {
      const authconfig = auth ? { username: auth.username, password: auth.password, serveraddress: registryOf(image) } : undefined;
      const stream = await this.docker.pull(image, { abortSignal: signal, ...(authconfig ? { authconfig } : {}) });
      // Pull failures after the first byte arrive inside the progress stream, not as an HTTP status.
      await new Promise<void>((resolve, reject) => {
        this.docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[] | undefined) => {
          const failed = output?.find((o) => o.error);
          if (error) reject(error);
          else if (failed?.error) reject(new Error(failed.error));
          else resolve();
        });
      });
    });
  }

  async removeImage(image: string, signal: AbortSignal): Promise<void> {
    try {
      await racing(this.docker.getImage(image).remove(), signal);
    } catch (error) {
      if (isNotFound(error)) return;
      throw dockerError(error);
    }
  }

  createVolume(spec: VolumeSpec, signal: AbortSignal): Promise<void> {
    return call(async () => {
      await this.docker.createVolume({ Name: spec.name, Driver: spec.driver, DriverOpts: { ...spec.driverOpts }, Labels: { ...spec.labels }, abortSignal: signal });
    });
  }

  async removeVolume(name: string, signal: AbortSignal): Promise<void> {
    try {
      await this.docker.getVolume(name).remove({ abortSignal: signal });
    } catch (error) {
      if (!isNotFound(error)) throw dockerError(error);
    }
  }

  createContainer(spec: ContainerCreateSpec, signal: AbortSignal): Promise<string> {
    return call(async () => (await this.docker.createContainer({ ...createOptions(spec), abortSignal: signal })).id);
  }

  startContainer(id: string, signal: AbortSignal): Promise<void> {
    return call(async () => {
      await this.docker.getContainer(id).start({ abortSignal: signal });
    });
  }

  async stopContainer(id: string, timeoutSeconds: number, signal: AbortSignal): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: timeoutSeconds, abortSignal: signal });
    } catch (error) {
      // 304: already stopped.
      if ((error as { statusCode?: number }).statusCode !== 304) throw dockerError(error);
    }
  }

  async removeContainer(id: string, signal: AbortSignal): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true, abortSignal: signal });
    } catch (error) {
      if (!isNotFound(error)) throw dockerError(error);
    }
  }

  async inspectContainer(id: string, signal: AbortSignal): Promise<ContainerInspection | undefined> {
    const data = await this.inspectRaw(id, signal);
    return data ? inspectionOf(data) : undefined;
  }

  async containerStats(id: string, signal: AbortSignal): Promise<ContainerStats | undefined> {
    const data = await this.statsRaw(id, signal);
    return data ? statsOf(data) : undefined;
  }

  /** Docker's inspect JSON as it is (the task metadata endpoint's MetadataSource); undefined when the container is gone. */
  async inspectRaw(id: string, signal: AbortSignal): Promise<Docker.ContainerInspectInfo | undefined> {
    try {
      return await this.docker.getContainer(id).inspect({ abortSignal: signal });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw dockerError(error);
    }
  }

  /** One reading of Docker's stats JSON as it is; undefined when the container is gone. */
  async statsRaw(id: string, signal: AbortSignal): Promise<DockerStats | undefined> {
    try {
      return (await this.docker.getContainer(id).stats({ stream: false, 'one-shot': true, abortSignal: signal } as never)) as unknown as DockerStats;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw dockerError(error);
    }
  }

  /** The gateway address of Docker's default bridge network: the host as its bridge-mode containers reach it. */
  async bridgeGateway(signal: AbortSignal): Promise<string | undefined> {
    const network = (await racing(this.docker.getNetwork('bridge').inspect(), signal)) as { IPAM?: { Config?: { Gateway?: string }[] } };
    return network.IPAM?.Config?.find((c) => c.Gateway && !c.Gateway.includes(':'))?.Gateway;
  }

  listManagedContainers(signal: AbortSignal): Promise<ManagedContainer[]> {
    return call(async () => {
      const list = await this.docker.listContainers({ all: true, filters: { label: [Labels.taskArn] }, abortSignal: signal });
      return list.map((c) => ({
        id: c.Id,
        name: (c.Names[0] ?? '').replace(/^\//, ''),
        image: c.Image,
        labels: c.Labels,
        state: c.State === 'created' || c.State === 'running' || c.State === 'exited' ? c.State : 'other',
      }));
    });
  }

  async events(signal: AbortSignal): Promise<AsyncIterable<RuntimeEvent>> {
    const stream = await call(() =>
      this.docker.getEvents({ filters: { type: ['container'], label: [Labels.taskArn] }, abortSignal: signal }),
    );
    return (async function* () {
      const lines = createInterface({ input: stream as Readable, crlfDelay: Infinity });
      try {
        for await (const line of lines) {
          if (line.trim() === '') continue;
          const event = eventOf(JSON.parse(line) as Parameters<typeof eventOf>[0]);
          if (event) yield event;
        }
      } catch (error) {
        if (!signal.aborted) throw error;
      } finally {
        lines.close();
        (stream as Readable).destroy?.();
      }
    })();
  }

  async logs(id: string, options: LogOptions, signal: AbortSignal): Promise<Readable> {
    const container = this.docker.getContainer(id);
    const base = {
      stdout: true,
      stderr: true,
      ...(options.since ? { since: Math.floor(options.since.getTime() / 1000) } : {}),
      ...(options.tail !== undefined ? { tail: options.tail } : {}),
      abortSignal: signal,
    };
    const demux = new LogDemuxer();
    if (options.follow) {
      const stream = await call(() => container.logs({ ...base, follow: true }));
      const source = stream as Readable;
      source.on('error', (error) => demux.destroy(signal.aborted ? undefined : error));
      signal.addEventListener('abort', () => source.destroy(), { once: true });
      return source.pipe(demux);
    }
    const buffer = await call(() => container.logs({ ...base, follow: false }));
    demux.end(buffer);
    return demux;
  }
}

/** The members of Docker's stats answer Berth reads. */
interface DockerStats {
  readonly read?: string;
  readonly cpu_stats?: { readonly cpu_usage?: { readonly total_usage?: number } };
  readonly memory_stats?: { readonly usage?: number; readonly stats?: Readonly<Record<string, number>> };
}

/**
 * Memory as `docker stats` shows it: usage less the inactive page cache (cgroup v2's
 * inactive_file, v1's total_inactive_file). A container that is not running has no CPU counter.
 */
export function statsOf(data: DockerStats): ContainerStats | undefined {
  const cpuNs = data.cpu_stats?.cpu_usage?.total_usage;
  const usage = data.memory_stats?.usage;
  if (cpuNs === undefined || usage === undefined) return undefined;
  const stats = data.memory_stats?.stats ?? {};
  const cache = stats['inactive_file'] ?? stats['total_inactive_file'] ?? 0;
  const at = data.read ? new Date(data.read) : new Date();
  return { cpuNs, memoryBytes: Math.max(0, usage - cache), at: Number.isNaN(at.getTime()) ? new Date() : at };
}
