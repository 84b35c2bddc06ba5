import type { InstanceSnapshot } from './types.js';

/** An ACTIVE, connected instance with room, for placement tests; `over` changes what a test needs. */
export const instance = (id: string, over: Partial<InstanceSnapshot> = {}): InstanceSnapshot => ({
  id,
  arn: `arn:aws:ecs:local:000000000000:container-instance/c/${id}`,
  hostname: `host-${id}`,
  status: 'ACTIVE',
  agentConnected: true,
  remainingCpu: 2048,
  remainingMemory: 2048,
  takenPorts: new Set([22]),
  takenPortsUdp: new Set(),
  attributes: {},
  taskGroups: [],
  agentVersion: '0.1.0',
  registeredAt: new Date(0),
  runningTasksCount: 0,
  ...over,
});
