import { DEFAULT_CLUSTER, clusterArn } from '@berth/domain';
import type { AppContext } from '../context.js';
import { newAccessKey, type IssuedKey } from './credentials.js';

/**
 * A fresh store has no credential anyone could call with: make the first admin key (and the
 * `default` cluster agents join when ECS_CLUSTER is unset). With `force`, a new admin key is made
 * even when keys exist — how an operator who lost every admin secret gets back in from the host.
 */
export async function bootstrapSecurity(app: AppContext, options: { force?: boolean } = {}): Promise<IssuedKey | undefined> {
  if (!options.force && (await app.store.read.countApiKeys()) > 0) return undefined;
  const issued = newAccessKey(app, { role: 'admin', description: 'initial admin credential' });
  await app.store.transaction(async (tx) => {
    if (!(await tx.findCluster(DEFAULT_CLUSTER))) {
      await tx.insertOrReactivateCluster({ name: DEFAULT_CLUSTER, arn: clusterArn(app.scope, DEFAULT_CLUSTER), tags: [], now: app.now() });
    }
    await tx.insertAccessKey(issued.key);
  });
  return issued;
}
