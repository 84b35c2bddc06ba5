/**
 * The agent protocol's client (service berth.v1.AgentService), raw as grpc-js generates it: the
 * agent drives the Register call and the Session stream itself. Map failures with fromGrpcError
 * (pass a connectionHint naming the agent's own settings).
 */
import type * as grpc from '@grpc/grpc-js';
import { loadBerthGrpc } from '@berth/proto';
import type { wire } from '@berth/proto';
import { channelCredentials, type TlsOptions } from './tls.js';

export function createAgentServiceClient(endpoint: string, options: { channelOptions?: grpc.ChannelOptions; tls?: TlsOptions } = {}): wire.AgentServiceClient {
  const AgentService = loadBerthGrpc().grpc.berth.v1.AgentService;
  return new AgentService(endpoint, channelCredentials(options.tls), options.channelOptions);
}
