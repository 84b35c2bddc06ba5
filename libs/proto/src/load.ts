import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProtoGrpcType as EcsGrpcType } from './generated/ecs.js';
import type { ProtoGrpcType as AgentGrpcType } from './generated/agent.js';

export type BerthGrpc = EcsGrpcType & AgentGrpcType;

/** Options shared by the loader and the type generator, so runtime objects match the generated types. */
export const loaderOptions: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

/**
 * Finds the repository's proto/ directory by walking up from this module, which works both from
 * source (libs/proto/src) and from a bundle (dist/).
 */
export function protoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'proto/berth/v1/ecs.proto'))) return join(dir, 'proto');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find proto/berth/v1/ecs.proto above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

let cached: { grpc: BerthGrpc; definition: protoLoader.PackageDefinition } | undefined;

/** Loads both services once per process. `definition` feeds server reflection. */
export function loadBerthGrpc(): { grpc: BerthGrpc; definition: protoLoader.PackageDefinition } {
  if (!cached) {
    const root = protoRoot();
    const definition = protoLoader.loadSync(['berth/v1/ecs.proto', 'berth/v1/agent.proto'], {
      ...loaderOptions,
      includeDirs: [root],
    });
    cached = { grpc: grpc.loadPackageDefinition(definition) as unknown as BerthGrpc, definition };
  }
  return cached;
}
