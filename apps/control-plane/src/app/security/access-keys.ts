import { EcsError, invalidParameter, isRole, type Role } from '@berth/domain';
import type { RequestOf, ResultOf } from '@berth/ecs-api';
import type { Caller } from '../caller.js';
import type { AppContext } from '../context.js';
import { requireActiveCluster } from '../clusters.js';
import { decodeToken, pageOf, pageSize } from '../pagination.js';
import { newAccessKey } from './credentials.js';

const MAX_DESCRIPTION = 256;

/** CreateAccessKey: a new key pair; the secret is in this answer only. */
export async function createAccessKey(app: AppContext, req: RequestOf<'CreateAccessKey'>): Promise<ResultOf<'CreateAccessKey'>> {
  const role = req.role ?? '';
  if (!isRole(role)) throw invalidParameter(`role must be admin, operator or read-only, got '${role.slice(0, 32)}'.`);
  const clusters = req.clusters && req.clusters.length > 0 ? req.clusters : undefined;
  for (const name of clusters ?? []) await requireActiveCluster(app, name);
  if ((req.description ?? '').length > MAX_DESCRIPTION) throw invalidParameter(`description can be at most ${MAX_DESCRIPTION} characters.`);
  const burst = req.runTaskBurst;
  const perSecond = req.runTaskPerSecond;
  if ((burst === undefined) !== (perSecond === undefined)) throw invalidParameter('runTaskBurst and runTaskPerSecond go together.');
  if (burst !== undefined && (burst < 1 || burst > 100_000)) throw invalidParameter('runTaskBurst must be between 1 and 100000.');
  if (perSecond !== undefined && !(perSecond > 0 && perSecond <= 100_000)) throw invalidParameter('runTaskPerSecond must be above 0 and at most 100000.');
  const issued = newAccessKey(app, {
    role: role as Role,
    ...(clusters ? { clusters } : {}),
    description: req.description ?? '',
    ...(burst !== undefined && perSecond !== undefined ? { launchRate: { burst, perSecond } } : {}),
  });
  await app.store.transaction((tx) => tx.insertAccessKey(issued.key));
  return { accessKey: issued.key, secret: issued.secret };
}

export async function listAccessKeys(app: AppContext, req: RequestOf<'ListAccessKeys'>): Promise<ResultOf<'ListAccessKeys'>> {
  const size = pageSize(req.maxResults);
  const rows = await app.store.read.listAccessKeys({ limit: size + 1, afterId: decodeToken(req.nextToken) });
  const page = pageOf(rows, size, (k) => k.accessKeyId);
  return { accessKeys: page.items, nextToken: page.nextToken };
}

/** DeleteAccessKey: the key stops working at once here (other replicas within seconds). A key cannot delete itself. */
export async function deleteAccessKey(app: AppContext, req: RequestOf<'DeleteAccessKey'>, caller: Caller): Promise<ResultOf<'DeleteAccessKey'>> {
  const id = req.accessKeyId;
  if (!id) throw invalidParameter('accessKeyId is required.');
  if (id === caller.name) throw invalidParameter('An access key cannot delete itself; delete it with another admin key.');
  const existing = await app.store.read.findAccessKey(id);
  if (!existing || existing.role === 'agent') throw new EcsError('ClientException', `No access key ${id.slice(0, 32)}.`);
  await app.store.transaction((tx) => tx.deleteAccessKey(id));
  app.credentials.forget(id);
  return {};
}
