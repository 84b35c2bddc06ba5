import { DEFAULT_CLUSTER, clusterArn } from '@berth/domain';
import type { AppContext } from '../context.js';
import { newAccessKey, type IssuedKey } from './credentials.js';

/**
 * A fresh store has no credential anyone could call with: make the first admin key (and the
 * `default` cluster agents join when ECS_CLUSTER is unset). With `force`, a new admin key is made
 * even when keys exist — how an operator who lost every admin secret gets back in from the host.
 */
export async function bootstrapSecurity(app: AppContext, options: { force?: boolean } = {}): Promise<IssuedKey | undefined> {
  await requireServerKeyOpensStore(app);
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

/**
 * A control plane given another server key than the one its store was sealed with would refuse
 * every credential as if it were wrong; refuse to start instead, and say which key to give.
 */
async function requireServerKeyOpensStore(app: AppContext): Promise<void> {
  const [sample] = await app.store.read.listAccessKeys({ limit: 1 });
  if (!sample) return;
  try {
    app.secrets.open(sample.sealedSecret);
  } catch {
    throw new Error(
      'the server key does not open the secrets in the state store, which were sealed with another key; start with the key the store was made with (BERTH_SERVER_KEY, or the server.key file given by --server-key-file)',
    );
  }
}
