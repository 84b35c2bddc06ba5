/**
 * The agent protocol's client (service berth.v1.AgentService), raw as grpc-js generates it: the
 * agent drives the Register call and the Session stream itself. Map failures with fromGrpcError
 * (pass a connectionHint naming the agent's own settings).
 */
import * as grpc from '@grpc/grpc-js';
import { loadBerthGrpc } from '@berth/proto';
import type { wire } from '@berth/proto';

export function createAgentServiceClient(endpoint: string, channelOptions?: grpc.ChannelOptions): wire.AgentServiceClient {
  const AgentService = loadBerthGrpc().grpc.berth.v1.AgentService;
  return new AgentService(endpoint, grpc.credentials.createInsecure(), channelOptions);
}
