import { readFile } from 'node:fs/promises';
import { createAgentServiceClient, type TlsOptions } from '@berth/api-client';
import type { AgentConfig } from '../config/index.js';
import { AgentConnection } from './connection.js';

/** ECS_BACKEND_CA_FILE (and the client pair for mutual TLS), read once at start; the system's CAs without a CA file. */
export async function backendTls(config: AgentConfig): Promise<TlsOptions | undefined> {
  if (!config.backendTls) return undefined;
  const read = (key: string, path: string) =>
    readFile(path).catch((error: Error) => {
      throw new Error(`cannot read ${key} ${path}: ${error.message}`);
    });
  return {
    ...(config.backendCaFile ? { ca: await read('ECS_BACKEND_CA_FILE', config.backendCaFile) } : {}),
    ...(config.backendClientCertFile && config.backendClientKeyFile
      ? { clientCert: await read('ECS_BACKEND_CLIENT_CERT_FILE', config.backendClientCertFile), clientKey: await read('ECS_BACKEND_CLIENT_KEY_FILE', config.backendClientKeyFile) }
      : {}),
  };
}

/**
 * The agent's connection to ECS_BACKEND_HOST. A channel of its own (not grpc-js's shared subchannel
 * pool), so renewing it really opens a new connection. The session loop paces reconnects
 * (RECONNECT_BACKOFF); grpc-js's own connect backoff grows to 2 minutes by default, during which
 * every attempt fails at once without dialling — a control plane back after a long outage would
 * wait that long to see its agents. `channelOptions` adds to these (the simulator names its channels).
 */
export function openAgentConnection(config: AgentConfig, tls: TlsOptions | undefined, channelOptions: Record<string, string | number> = {}): AgentConnection {
  return new AgentConnection(() =>
    createAgentServiceClient(config.backendHost, {
      channelOptions: {
        'grpc.keepalive_time_ms': 20_000,
        'grpc.keepalive_timeout_ms': 10_000,
        'grpc.use_local_subchannel_pool': 1,
        'grpc.initial_reconnect_backoff_ms': 250,
        'grpc.max_reconnect_backoff_ms': 1_000,
        ...channelOptions,
      },
      ...(tls ? { tls } : {}),
    }),
  );
}
