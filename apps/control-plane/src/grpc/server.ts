import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import { loadBerthGrpc } from '@berth/proto';
import type { ApiContext } from '../context.js';
import type { ApiMetrics } from '../http/metrics.js';
import { handleAgentSession } from '../agent/session.js';
import { registerContainerInstance } from '../agent/register.js';
import { ecsServiceImplementation } from './ecs-service.js';
import { unary } from './unary.js';

export interface GrpcServer {
  readonly server: grpc.Server;
  readonly health: HealthImplementation;
  readonly port: number;
}

/** The public API, the agent protocol, gRPC health checking and server reflection on one port. */
export async function startGrpcServer(ctx: ApiContext, metrics: ApiMetrics, listen: string): Promise<GrpcServer> {
  const { grpc: berth, definition } = loadBerthGrpc();
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 8 * 1024 * 1024,
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_permit_without_calls': 1,
  });

  const ecsService = berth.berth.v1.ECS.service;
  server.addService(ecsService, ecsServiceImplementation(Object.keys(ecsService), ctx, metrics));

  const agentService = berth.berth.v1.AgentService.service;
  server.addService(agentService, {
    Register: unary('Register', (req: Parameters<typeof registerContainerInstance>[1]) => registerContainerInstance(ctx, req), {
      log: ctx.log,
      metrics,
    }),
    Session: (call: Parameters<typeof handleAgentSession>[1]) => handleAgentSession(ctx, call),
  });

  const health = new HealthImplementation({ '': 'NOT_SERVING', 'berth.v1.ECS': 'NOT_SERVING', 'berth.v1.AgentService': 'NOT_SERVING' });
  health.addToServer(server);
  new ReflectionService(definition).addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(listen, grpc.ServerCredentials.createInsecure(), (error, boundPort) =>
      error ? reject(new Error(`cannot listen on ${listen}: ${error.message}`, { cause: error })) : resolve(boundPort),
    ),
  );
  for (const name of ['', 'berth.v1.ECS', 'berth.v1.AgentService']) health.setStatus(name, 'SERVING');
  return { server, health, port };
}
