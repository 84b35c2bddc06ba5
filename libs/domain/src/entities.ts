import type { InstanceAttribute } from './attributes.js';
import type { Resources } from './resources.js';
import type { ClusterStatus, ContainerInstanceStatus } from './statuses.js';

/** Domain shapes: readonly, camelCase, free of rows and wire types (style rule 5). */
export interface Cluster {
  readonly name: string;
  readonly arn: string;
  readonly status: ClusterStatus;
  readonly createdAt: Date;
  readonly tags: readonly { key: string; value: string }[];
  /** ECS cluster settings; Berth's policy lives here too (security/cluster-policy.ts). */
  readonly settings: readonly { name: string; value: string }[];
}

/** A cluster with the counts DescribeClusters reports. */
export interface ClusterWithCounts extends Cluster {
  readonly registeredContainerInstancesCount: number;
  readonly runningTasksCount: number;
  readonly pendingTasksCount: number;
  readonly activeServicesCount: number;
}

export interface ContainerInstance {
  readonly id: string;
  readonly arn: string;
  readonly clusterName: string;
  readonly status: ContainerInstanceStatus;
  readonly statusReason: string;
  readonly agentConnected: boolean;
  readonly hostname: string;
  readonly registeredResources: Resources;
  /** Resources held by tasks placed on the instance (zero until tasks exist). */
  readonly reservedResources: Resources;
  /** Attributes the agent reported at registration (ecs.*, capabilities, ECS_INSTANCE_ATTRIBUTES). */
  readonly agentAttributes: readonly InstanceAttribute[];
  /** Attributes set through PutAttributes. */
  readonly customAttributes: readonly InstanceAttribute[];
  readonly agentVersion: string;
  readonly dockerVersion: string;
  readonly registeredAt: Date;
  readonly lastHeartbeatAt: Date | null;
  readonly runningTasksCount: number;
  readonly pendingTasksCount: number;
  /** Bumps on every change. */
  readonly version: number;
  /** Highest agent state-report sequence applied; reports at or below it are duplicates. */
  readonly lastReportSequence: number;
  readonly tags: readonly { key: string; value: string }[];
}
