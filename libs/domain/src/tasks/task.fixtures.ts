import type { Task } from './task-entity.js';

/** A stored task for the tests of the pure task rules: PROVISIONING, two containers not started. */
export const task = (over: Partial<Task> = {}): Task => ({
  id: 'a'.repeat(32),
  arn: 'arn:aws:ecs:local:000000000000:task/c/' + 'a'.repeat(32),
  clusterName: 'c',
  containerInstanceId: 'b'.repeat(32),
  taskDefinitionArn: 'arn:aws:ecs:local:000000000000:task-definition/web:1',
  family: 'web',
  revision: 1,
  desiredStatus: 'RUNNING',
  lastStatus: 'PROVISIONING',
  startedBy: '',
  group: 'family:web',
  overrides: [],
  cpu: 0,
  memory: 64,
  reservedPorts: [],
  reservedPortsUdp: [],
  containers: [
    { name: 'web', image: 'x', essential: true, cpu: 0, lastStatus: 'NONE', networkBindings: [], healthStatus: 'UNKNOWN' },
    { name: 'side', image: 'y', essential: false, cpu: 0, lastStatus: 'NONE', networkBindings: [], healthStatus: 'UNKNOWN' },
  ],
  healthStatus: 'UNKNOWN',
  createdAt: new Date('2026-11-25T00:00:00Z'),
  version: 1,
  ...over,
});
