import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@berth/log';
import type { ContainerState } from '../engine/task-state.js';
import { containerDocument, liveContainerOf, taskDocument, type Json, type LiveContainer, type TaskView } from './documents.js';
import type { MetadataTokens } from './tokens.js';

/**
 * The task metadata endpoint (version 4, and version 3's paths to the same documents): plain HTTP
 * on the Docker bridge's gateway address, which bridge- and host-mode containers can both reach.
 * Each container's URL carries its own token (tokens.ts), so a container reads its task's documents
 * and no other's.
 */

/** What only a live container runtime can answer: Docker's own inspect and stats JSON. */
export interface MetadataSource {
  inspectRaw(id: string, signal: AbortSignal): Promise<unknown>;
  statsRaw(id: string, signal: AbortSignal): Promise<unknown>;
}

export interface MetadataServerOptions {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  readonly tokens: MetadataTokens;
  readonly source: MetadataSource;
  readonly views: () => Iterable<TaskView>;
  readonly log?: Logger;
}

export type MetadataDocument = 'container' | 'task' | 'stats' | 'task-stats';

export interface MetadataRoute {
  readonly version: 'v3' | 'v4';
  readonly token: string;
  readonly document: MetadataDocument;
}

const suffixes: Readonly<Record<string, MetadataDocument>> = { '': 'container', '/task': 'task', '/stats': 'stats', '/task/stats': 'task-stats' };
/** Budget for each Docker call behind one request. */
const DOCKER_CALL_MS = 5_000;

/** `/v4/<token>[/task][/stats]` → the document asked for; undefined for any other path. */
export function routeOf(url: string): MetadataRoute | undefined {
  const path = url.split('?')[0]!.replace(/\/+$/, '');
  const match = /^\/(v3|v4)\/([A-Za-z0-9_-]+)((?:\/task)?(?:\/stats)?)$/.exec(path);
  if (!match) return undefined;
  const document = suffixes[match[3]!];
  return document ? { version: match[1] as 'v3' | 'v4', token: match[2]!, document } : undefined;
}

export class MetadataServer {
  private constructor(
    private readonly server: Server,
    private readonly options: MetadataServerOptions,
  ) {}

  /** Listens on host:port; rejects when it cannot (the caller runs without the endpoint). */
  static async start(options: MetadataServerOptions): Promise<MetadataServer> {
    const server = createServer();
    const metadata = new MetadataServer(server, options);
    server.on('request', (req, res) => void metadata.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return metadata;
  }

  get baseUrl(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  /** The variables a container gets: its own URLs (ECS sets both). */
  envFor(taskArn: string, containerName: string): string[] {
    const token = this.options.tokens.tokenOf(taskArn, containerName);
    return [`ECS_CONTAINER_METADATA_URI_V4=${this.baseUrl}/v4/${token}`, `ECS_CONTAINER_METADATA_URI=${this.baseUrl}/v3/${token}`];
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, { error: `${req.method} is not allowed: the task metadata endpoint is read-only` });
      const route = routeOf(req.url ?? '/');
      const found = route && this.find(route.token);
      if (!route || !found) return reply(res, 404, { error: 'no task metadata at this path: use the URL in ECS_CONTAINER_METADATA_URI_V4' });
      reply(res, 200, await this.document(route.document, found.task, found.container));
    } catch (error) {
      this.options.log?.warn('task metadata request failed', { path: routeOf(req.url ?? '')?.document, error });
      reply(res, 500, { error: 'the agent could not read this container from Docker' });
    }
  }

  private find(token: string): { task: TaskView; container: ContainerState } | undefined {
    for (const task of this.options.views()) {
      for (const container of task.state.containers) {
        if (this.options.tokens.matches(token, task.plan.taskArn, container.name)) return { task, container };
      }
    }
    return undefined;
  }

  private async document(which: MetadataDocument, task: TaskView, container: ContainerState): Promise<unknown> {
    const signal = AbortSignal.timeout(DOCKER_CALL_MS);
    const { source } = this.options;
    switch (which) {
      case 'container':
        return containerDocument(task, container, container.runtimeId ? liveContainerOf(await source.inspectRaw(container.runtimeId, signal)) : undefined);
      case 'task': {
        const live = new Map<string, LiveContainer>();
        for (const c of task.state.containers) {
          const seen = c.runtimeId ? liveContainerOf(await source.inspectRaw(c.runtimeId, signal)) : undefined;
          if (seen) live.set(c.name, seen);
        }
        return taskDocument(task, live);
      }
      case 'stats':
        return container.runtimeId ? ((await source.statsRaw(container.runtimeId, signal)) ?? null) : null;
      case 'task-stats': {
        const stats: Json = {};
        for (const c of task.state.containers) if (c.runtimeId) stats[c.runtimeId] = (await source.statsRaw(c.runtimeId, signal)) ?? null;
        return stats;
      }
    }
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
