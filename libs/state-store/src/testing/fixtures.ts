import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { clusterArn, containerInstanceArn, defaultArnScope, taskArn, taskDefinitionArn, type Cluster, type Task } from '@berth/domain';
import { insertOrReactivateCluster } from '../repositories/clusters.js';
import type { NewContainerInstance } from '../repositories/container-instances.js';
import type { Database } from '../schema.js';

export const t0 = new Date('2024-05-01T12:00:00.000Z');

/** `t0` plus some seconds: tests pass time in, as production code does. */
export const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);

export const newId = (): string => randomBytes(16).toString('hex');

export function createCluster(db: Kysely<Database>, name: string, now = t0): Promise<Cluster> {
  return db.transaction().execute((trx) => insertOrReactivateCluster(trx, { name, arn: clusterArn(defaultArnScope, name), tags: [], now }));
}

export function newInstance(clusterName: string, overrides: Partial<NewContainerInstance> = {}): NewContainerInstance {
  const id = overrides.id ?? newId();
  return {
    id,
    arn: containerInstanceArn(defaultArnScope, clusterName, id),
    clusterName,
    hostname: `host-${id.slice(0, 6)}`,
    registeredResources: { cpu: 2048, memory: 4096, ports: [22, 2375], portsUdp: [] },
    agentVersion: '1.0.0',
    dockerVersion: '27.0.1',
    now: t0,
    ...overrides,
  };
}

/** A task placed on `instanceId`, desired RUNNING and PROVISIONING, holding 256 MiB. */
export function newTask(clusterName: string, instanceId: string, overrides: Partial<Task> = {}): Task {
  const id = overrides.id ?? newId();
  return {
    id,
    arn: taskArn(defaultArnScope, clusterName, id),
    clusterName,
    containerInstanceId: instanceId,
    taskDefinitionArn: taskDefinitionArn(defaultArnScope, 'web', 1),
    family: 'web',
    revision: 1,
    desiredStatus: 'RUNNING',
    lastStatus: 'PROVISIONING',
    startedBy: '',
    group: 'family:web',
    overrides: [],
    cpu: 128,
    memory: 256,
    reservedPorts: [],
    reservedPortsUdp: [],
    containers: [{ name: 'web', image: 'berth/busybox', essential: true, cpu: 0, memory: 256, lastStatus: 'NONE', networkBindings: [], healthStatus: 'UNKNOWN' }],
    healthStatus: 'UNKNOWN',
    createdAt: t0,
    version: 1,
    ...overrides,
  };
}
