import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { EcsError } from '@berth/domain';
import { loadBerthGrpc } from '@berth/proto';
import { createEcsClient, ecsUnaryOperations } from './ecs-client.js';
import { ConnectionError } from './errors.js';

describe('ecsUnaryOperations', () => {
  it('is every unary RPC of berth.v1.ECS', () => {
    const service = loadBerthGrpc().definition['berth.v1.ECS'] as unknown as Record<string, { responseStream: boolean }>;
    const unary = Object.entries(service)
      .filter(([, m]) => !m.responseStream)
      .map(([name]) => name);
    expect([...ecsUnaryOperations].sort()).toEqual(unary.sort());
  });

  it('gives the client a camelCase method for each', () => {
    const client = createEcsClient('127.0.0.1:1');
    try {
      for (const op of ecsUnaryOperations) {
        const method = (client as unknown as Record<string, unknown>)[op.charAt(0).toLowerCase() + op.slice(1)];
        expect(typeof method, op).toBe('function');
      }
    } finally {
      client.close();
    }
  });
});

// An in-process server answering two RPCs, to check the client's wire path (not the control plane).
describe('createEcsClient against a stub server', () => {
  const server = new grpc.Server();
  let endpoint = '';

  beforeAll(async () => {
    const { grpc: berth } = loadBerthGrpc();
    server.addService(berth.berth.v1.ECS.service, {
      CreateCluster: (call: grpc.ServerUnaryCall<{ clusterName: string }, unknown>, callback: grpc.sendUnaryData<unknown>) =>
        callback(null, { cluster: { clusterName: call.request.clusterName, status: 'ACTIVE' } }),
      DescribeClusters: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
        const metadata = new grpc.Metadata();
        metadata.set('x-ecs-error-type', 'ClusterNotFoundException');
        callback({ code: grpc.status.NOT_FOUND, details: 'Cluster not found.', metadata });
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    endpoint = `127.0.0.1:${port}`;
  });
  afterAll(() => server.forceShutdown());

  it('resolves with the response', async () => {
    const client = createEcsClient(endpoint);
    try {
      const res = await client.createCluster({ clusterName: 'web' });
      expect(res.cluster?.clusterName).toBe('web');
      expect(res.cluster?.status).toBe('ACTIVE');
      const viaCall = await client.call('CreateCluster', { clusterName: 'api' });
      expect(viaCall.cluster?.clusterName).toBe('api');
    } finally {
      client.close();
    }
  });

  it('rejects with the EcsError the server named', async () => {
    const client = createEcsClient(endpoint);
    try {
      const err = await client.describeClusters({ clusters: ['nope'] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EcsError);
      expect((err as EcsError).errorName).toBe('ClusterNotFoundException');
      expect((err as EcsError).message).toBe('Cluster not found.');
    } finally {
      client.close();
    }
  });

  it('rejects unimplemented RPCs with UnsupportedFeatureException', async () => {
    const client = createEcsClient(endpoint);
    try {
      const err = await client.listClusters({}).catch((e: unknown) => e);
      expect((err as EcsError).errorName).toBe('UnsupportedFeatureException');
    } finally {
      client.close();
    }
  });
});

describe('createEcsClient without a server', () => {
  it('rejects with a ConnectionError naming the endpoint', async () => {
    const client = createEcsClient('127.0.0.1:1', { deadlineMs: 5_000 });
    try {
      const err = await client.listClusters({}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionError);
      expect((err as ConnectionError).message).toContain('127.0.0.1:1');
    } finally {
      client.close();
    }
  });
});
