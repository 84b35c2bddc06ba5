/** Defaults for every ecs.config key (spec table "ecs.config"). */

import { logDrivers } from '@berth/domain';
import type { ImagePullBehavior, AgentLogLevel, PortRange } from './types.js';

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;

export const DEFAULT_CLUSTER = 'default';
export const DEFAULT_BACKEND_HOST = '127.0.0.1:7470';
export const DEFAULT_RESERVED_PORTS: readonly number[] = [22, 2375, 2376, 51678, 51679];
export const DEFAULT_RESERVED_PORTS_UDP: readonly number[] = [];
export const DEFAULT_IMAGE_PULL_BEHAVIOR: ImagePullBehavior = 'default';
export const DEFAULT_NUM_IMAGES_DELETE_PER_CYCLE = 5;
export const DEFAULT_DATA_DIR = '/data/';
export const DEFAULT_LOG_LEVEL: AgentLogLevel = 'info';
export const DEFAULT_LOGGING_DRIVERS: readonly string[] = ['json-file', 'none'];
export const DEFAULT_DYNAMIC_HOST_PORT_RANGE: PortRange = { start: 49153, end: 65535 };
export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';
/** The ECS agent's task metadata (and credentials) port. */
export const DEFAULT_TASK_METADATA_PORT = 51679;

export const IMAGE_PULL_BEHAVIORS: readonly ImagePullBehavior[] = ['default', 'always', 'once', 'prefer-cached'];
export const LOG_LEVELS: readonly AgentLogLevel[] = ['debug', 'info', 'warn', 'error', 'crit', 'none'];
/** ECS_AVAILABLE_LOGGING_DRIVERS may list the drivers a task definition may name (one list, in the domain). */
export const KNOWN_LOGGING_DRIVERS: readonly string[] = logDrivers;

/** ECS limits on custom attributes and container-instance tags. */
export const MAX_INSTANCE_ATTRIBUTES = 10;
export const MAX_INSTANCE_TAGS = 50;
