// A fake host for benchmarks: registers through the real agent protocol (with a join token where
// the control plane has them), opens its session and says hello, then only heartbeats on demand.
// It runs nothing: tasks placed on it stay PENDING, which is what call-cost benchmarks want.
import { authorizationMetadata, createAgentServiceClient, type EcsClient } from '@berth/api-client';
import type { wire } from '@berth/proto';

export interface FakeHost {
  readonly containerInstanceArn: string;
  heartbeat(): Promise<void>;
  close(): void;
}

export async function openFakeHost(
  server: { readonly endpoint: string; readonly tls?: { ca: Buffer }; readonly credentials?: object },
  client: EcsClient,
  host: { readonly cluster: string; readonly cpu: number; readonly memory: number },
): Promise<FakeHost> {
  const agent = createAgentServiceClient(server.endpoint, server.tls ? { tls: server.tls } : {});
  const token = server.credentials ? (await client.createJoinToken({ cluster: host.cluster })).joinToken!.token : undefined;
  const registered = await new Promise<wire.RegisterResponse__Output>((resolve, reject) =>
    agent.Register(
      {
        cluster: host.cluster,
        hostname: 'bench-host',
        totalResources: [
          { name: 'CPU', type: 'INTEGER', integerValue: host.cpu },
          { name: 'MEMORY', type: 'INTEGER', integerValue: host.memory },
        ],
        versionInfo: { agentVersion: 'bench', dockerVersion: 'none' },
      },
      authorizationMetadata(token ? `JoinToken ${token}` : undefined),
      (error, response) => (error ? reject(error) : resolve(response!)),
    ),
  );
  const auth = registered.agentAccessKeyId ? `Bearer ${registered.agentAccessKeyId}:${registered.agentSecretAccessKey}` : undefined;
  const session = agent.Session(authorizationMetadata(auth));
  const waiting: (() => void)[] = [];
  session.on('data', (message: wire.ControlMessage__Output) => {
    if (message.welcome || message.heartbeatAck) waiting.shift()?.();
  });
  session.on('error', () => undefined);
  const next = () => new Promise<void>((resolve) => waiting.push(resolve));
  const welcomed = next();
  session.write({ hello: { containerInstanceArn: registered.containerInstanceArn, cluster: host.cluster } });
  await welcomed;
  return {
    containerInstanceArn: registered.containerInstanceArn,
    heartbeat: () => {
      const acked = next();
      session.write({ heartbeat: { runningContainers: 0 } });
      return acked;
    },
    close: () => {
      session.end();
      agent.close();
    },
  };
}
