import type { AgentConfig } from '../config/types.js';

/** The part of ecs.config the task engine obeys. */
export type EngineConfig = Pick<
  AgentConfig,
  | 'containerStopTimeoutMs'
  | 'containerStartTimeoutMs'
  | 'containerCreateTimeoutMs'
  | 'imagePullBehavior'
  | 'imagePullTimeoutMs'
  | 'taskCleanupWaitMs'
  | 'dynamicHostPortRange'
  | 'reservedPorts'
  | 'reservedPortsUdp'
  | 'disablePrivileged'
  | 'disableDockerHealthCheck'
  | 'engineAuth'
>;
