/**
 * Berth's state store: schema, migrations and one repository per resource behind a store-owned
 * transaction API (`store.read`, `store.transaction`), in domain types only. See README.md.
 */
export { openStore, DEFAULT_DATA_DIR, type OpenStoreOptions, type Store } from './open-store.js';
export type { StoreAccess, StoreReads, StoreTx } from './access.js';
export type { Notifier } from './notifier.js';
export type { Leadership } from './leadership.js';
export { isStoreUnavailable } from './unavailable.js';
export type { ClusterCounts } from './repositories/clusters.js';
export type { NewContainerInstance, Reregistration, ListContainerInstancesQuery } from './repositories/container-instances.js';
export { MAX_REPORT_SEQUENCE_JUMP, type InstanceVersion, type SequenceAdvance } from './repositories/container-instances.js';
export type { ListAttributesQuery, ListedAttribute, AttributeKey } from './repositories/instance-attributes.js';
export type { ListTaskDefinitionsQuery } from './repositories/task-definitions.js';
export type { ListTasksQuery } from './repositories/tasks.js';
export type { RunTaskTokenResponse } from './repositories/run-task-tokens.js';
export type { ServicePatch } from './repositories/services.js';
export { SERVICE_EVENTS_KEPT } from './repositories/deployments.js';
export type { AuditEvent, ListAuditEventsQuery } from './repositories/audit-events.js';
export type { ServiceMetricsRow, ServicePeriod } from './repositories/service-metrics.js';
