import { EcsError, clusterNameFrom, roleAllows } from '@berth/domain';
import { operations, type OperationName, type RequestOf } from '@berth/ecs-api';
import type { Caller } from '../caller.js';

const denied = (caller: Caller, name: string, why: string) => new EcsError('AccessDeniedException', `${caller.name} is not authorized to perform ${name}: ${why}.`);

/**
 * Decided with the operation, first thing, from the caller and the request (style rule 14): the
 * role the operation needs, and for a credential limited to some clusters, the clusters the
 * request acts on (the table's `scope`).
 */
export function authorize<K extends OperationName>(caller: Caller, name: K, request: RequestOf<K>): void {
  const op = operations[name];
  if (!roleAllows(caller.role, op.role)) throw denied(caller, name, caller.role === 'agent' ? 'an agent credential can only speak the agent protocol' : `it needs the ${op.role} role`);
  if (!caller.clusters) return;
  const scope = op.scope as 'cluster' | 'global' | 'account' | ((r: RequestOf<K>) => readonly (string | undefined)[]);
  if (scope === 'global') return;
  if (scope === 'account') throw denied(caller, name, 'it needs a credential that is not limited to some clusters');
  const targets = scope === 'cluster' ? [(request as { cluster?: string }).cluster] : scope(request);
  for (const ref of targets) {
    const cluster = clusterNameFrom(ref);
    if (!caller.clusters.includes(cluster)) throw denied(caller, name, `it may act only on the clusters ${caller.clusters.join(', ')}, not ${cluster}`);
  }
}
