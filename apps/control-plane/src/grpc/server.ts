import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import { EcsError } from '@berth/domain';
import { loadBerthGrpc, type wire } from '@berth/proto';
import { registerContainerInstance } from '../app/agents/register.js';
import type { AppContext } from '../app/context.js';
import type { ApiMetrics } from '../metrics/api-metrics.js';
import type { TlsFileWatcher } from '../security/tls-files.js';
import { handleAgentSession } from './agent-session.js';
import type { HostUsage } from '../metrics/host-usage.js';
import { StateReportBatcher } from '../app/agents/report-batcher.js';
import type { ServiceMetricsCollector } from '../app/scaling/metrics-collector.js';
import type { AgentSessions } from './agent-sessions.js';
import { registrationFromWire } from './agent-wire.js';
import { registrationProofOf } from './authentication.js';
import { ecsServiceImplementation, operationsMissingFrom } from './ecs-service.js';
import type { LogRelay } from './log-relay.js';
import type { ReplicaLogRelay } from './log-relay-replicas.js';
import { toStatus } from './errors.js';
import { unary } from './unary.js';

/**
 * Plain text without TLS. With a client CA every connection is asked for a certificate but none is
 * required of it (the last `false`): the CLI and SDKs prove themselves with access keys, and
 * {@link requireAgentCertificate} holds the agent protocol to the certificate.
 */
function serverCredentials(tls: TlsFileWatcher | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  return grpc.experimental.createCertificateProviderServerCredentials(tls, tls.mutual ? tls : null, false);
}

export interface GrpcServer {
  readonly server: grpc.Server;
  readonly health: HealthImplementation;
  readonly port: number;
}

export const SERVICE_NAMES = ['', 'berth.v1.ECS', 'berth.v1.AgentService'] as const;

/** grpc-js shows a peer certificate only when it verified against the client CA. */
function requireAgentCertificate(tls: TlsFileWatcher | undefined, call: { getAuthContext(): { sslPeerCertificate?: unknown } }): void {
  if (tls?.mutual && !call.getAuthContext().sslPeerCertificate) {
    throw new EcsError('AccessDeniedException', 'This control plane requires agents to present a client certificate signed by its client CA (ECS_BACKEND_CLIENT_CERT_FILE and ECS_BACKEND_CLIENT_KEY_FILE).');
  }
}

/** The public API, the agent protocol, gRPC health checking and server reflection on one port. */
export async function startGrpcServer(
  app: AppContext,
  deps: { metrics: ApiMetrics; sessions: AgentSessions; logRelay: LogRelay; replicaLogs?: ReplicaLogRelay; tls?: TlsFileWatcher; samples?: ServiceMetricsCollector; hosts?: HostUsage },
  listen: string,
): Promise<GrpcServer> {
  const { grpc: berth, definition } = loadBerthGrpc();
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 8 * 1024 * 1024,
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_permit_without_calls': 1,
  });

  const ecsService = berth.berth.v1.ECS.service;
  const methods = Object.keys(ecsService);
  const missing = operationsMissingFrom(methods);
  if (missing.length > 0) throw new Error(`the proto service berth.v1.ECS lacks operations of the table: ${missing.join(', ')}`);
  server.addService(ecsService, ecsServiceImplementation(methods, app, deps));

  const reports = new StateReportBatcher(app);
  server.addService(berth.berth.v1.AgentService.service, {
    Register: unary(
      'Register',
      async (req: wire.RegisterRequest__Output, metadata: grpc.Metadata, call): Promise<wire.RegisterResponse> => {
        requireAgentCertificate(deps.tls, call);
        // Who is calling first: an unauthenticated caller learns nothing, not even what is wrong with its request.
        const proof = await registrationProofOf(app, metadata);
        return registerContainerInstance(app, registrationFromWire(req), proof);
      },
      { log: app.log, metrics: deps.metrics },
    ),
    Session: (call: Parameters<typeof handleAgentSession>[2]) => {
      try {
        requireAgentCertificate(deps.tls, call);
      } catch (error) {
        call.emit('error', toStatus(error, 'Session', app.log));
        return;
      }
      handleAgentSession(app, { ...deps, reports }, call);
    },
  });

  const health = new HealthImplementation(Object.fromEntries(SERVICE_NAMES.map((name) => [name, 'NOT_SERVING'])));
  health.addToServer(server);
  new ReflectionService(definition).addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(listen, serverCredentials(deps.tls), (error, boundPort) =>
      error ? reject(new Error(`cannot listen on ${listen}: ${error.message}`, { cause: error })) : resolve(boundPort),
    ),
  );
  for (const name of SERVICE_NAMES) health.setStatus(name, 'SERVING');
  return { server, health, port };
}
