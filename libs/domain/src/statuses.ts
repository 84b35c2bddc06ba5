/** Status vocabularies, ordered where order matters (status only moves forward). */
export const clusterStatuses = ['ACTIVE', 'INACTIVE'] as const;
export type ClusterStatus = (typeof clusterStatuses)[number];

export const containerInstanceStatuses = ['ACTIVE', 'DRAINING', 'INACTIVE'] as const;
export type ContainerInstanceStatus = (typeof containerInstanceStatuses)[number];

/** What a user may set with UpdateContainerInstancesState. */
export const settableInstanceStatuses = ['ACTIVE', 'DRAINING'] as const;
export type SettableInstanceStatus = (typeof settableInstanceStatuses)[number];

export function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
