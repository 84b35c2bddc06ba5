import type { Deployment, Service } from '@berth/domain';
import type { StoreTx } from '@berth/state-store';

/**
 * A service's new desired count, with its PRIMARY deployment's (the one the reconciler sizes), in
 * the caller's transaction on the locked service row. UpdateService and auto scaling both change
 * the count through here; the caller kicks the reconciler after commit.
 */
export async function setDesiredCount(tx: StoreTx, service: Pick<Service, 'clusterName' | 'name'>, desiredCount: number, now: Date): Promise<Service> {
  const updated = await tx.updateService(service.clusterName, service.name, { desiredCount }, now);
  await sizePrimaryDeployments(tx, await tx.listDeployments(service.clusterName, service.name), desiredCount, now);
  return updated;
}

/** The PRIMARY deployment (the one the reconciler sizes) takes the service's new desired count. */
export async function sizePrimaryDeployments(tx: StoreTx, deployments: readonly Deployment[], desiredCount: number, now: Date): Promise<void> {
  await tx.saveDeployments(deployments.filter((d) => d.status === 'PRIMARY').map((d) => ({ ...d, desiredCount, updatedAt: now })));
}
