export { validateTaskDefinition, maxContainers, maxTaskDefinitionBytes } from './task-definition.js';
export type { ValidatedTaskDefinition } from './task-definition.js';
export { validateContainerOverrides, applyContainerOverrides } from './overrides.js';
export type { ContainerOverride } from './overrides.js';
export { taskReservation, staticHostPorts } from './reservation.js';
export { fargateWarning } from './placement.js';
export { logDrivers } from './container-fields.js';
export { cpuArchitectureAttribute, ephemeralStorageWarning, taskNamespaceWarning } from './platform.js';
export { awsfirelensWarning, firelensWarning, kernelCapabilities } from './linux-fields.js';
