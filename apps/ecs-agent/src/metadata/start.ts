import type { Logger } from '@berth/log';
import type { AgentConfig } from '../config/types.js';
import type { TaskView } from './documents.js';
import { MetadataServer, type MetadataSource } from './server.js';
import { MetadataTokens } from './tokens.js';

/** Where the endpoint listens and what answers for live containers (only a real Docker runtime has one). */
export interface MetadataSetup {
  /** The Docker bridge's gateway address. */
  readonly host: string;
  readonly source: MetadataSource;
}

/**
 * Starts the task metadata endpoint on ECS_TASK_METADATA_PORT. A port that cannot be had is not
 * fatal: the agent runs its tasks without the endpoint and says so.
 */
export async function startTaskMetadata(
  setup: MetadataSetup,
  config: Pick<AgentConfig, 'taskMetadataPort' | 'checkpoint' | 'dataDir'>,
  views: () => Iterable<TaskView>,
  log: Logger,
): Promise<MetadataServer | undefined> {
  try {
    const tokens = MetadataTokens.load(config.checkpoint ? config.dataDir : undefined);
    const server = await MetadataServer.start({ host: setup.host, port: config.taskMetadataPort, tokens, source: setup.source, views, log });
    log.info('task metadata endpoint listening', { url: server.baseUrl });
    return server;
  } catch (error) {
    log.warn('task metadata endpoint not started: containers get no ECS_CONTAINER_METADATA_URI_V4', {
      host: setup.host,
      port: config.taskMetadataPort,
      error,
    });
    return undefined;
  }
}
