import { agentFilter } from './agent.js';
import { constraintsFilter } from './constraints.js';
import type { Filter } from './filter.js';
import { cpuFilter, memoryFilter, portsFilter } from './resources.js';
import { statusFilter } from './status.js';

export type { Filter, Rejection } from './filter.js';

/** The feasibility pipeline, in order: an instance that fails later came closer. */
export const filterPipeline: readonly Filter[] = [statusFilter, agentFilter, constraintsFilter, cpuFilter, memoryFilter, portsFilter];
