import type { EngineAuth } from '@berth/domain';

/** Types of the ecs-agent configuration (every key is in the README table "The agent and ecs.config"). */

export type ImagePullBehavior = 'default' | 'always' | 'once' | 'prefer-cached';

export type AgentLogLevel = 'debug' | 'info' | 'warn' | 'error' | 'crit' | 'none';

export interface PortRange {
  readonly start: number;
  readonly end: number;
}

export interface AgentConfig {
  /** ECS_CLUSTER, default 'default'. */
  readonly cluster: string;
  /** True when ECS_CLUSTER was set (non-empty): the agent must never create the cluster. */
  readonly clusterExplicit: boolean;
  /** ECS_BACKEND_HOST (host:port, the scheme taken off), default '127.0.0.1:7470'. */
  readonly backendHost: string;
  /** TLS to the control plane: ECS_BACKEND_HOST starts with https://, or ECS_BACKEND_CA_FILE is set. */
  readonly backendTls: boolean;
  /** ECS_RESERVED_MEMORY in MiB, default 0. */
  readonly reservedMemoryMiB: number;
  /** ECS_RESERVED_PORTS, default [22, 2375, 2376, 51678, 51679]. */
  readonly reservedPorts: readonly number[];
  /** ECS_RESERVED_PORTS_UDP, default []. */
  readonly reservedPortsUdp: readonly number[];
  /** ECS_INSTANCE_ATTRIBUTES, default {}. */
  readonly instanceAttributes: Readonly<Record<string, string>>;
  /** ECS_CONTAINER_INSTANCE_TAGS, default {}. */
  readonly containerInstanceTags: Readonly<Record<string, string>>;
  /** ECS_CONTAINER_STOP_TIMEOUT, default 30s. */
  readonly containerStopTimeoutMs: number;
  /** ECS_CONTAINER_START_TIMEOUT, default 3m. */
  readonly containerStartTimeoutMs: number;
  /** ECS_CONTAINER_CREATE_TIMEOUT, default 4m. */
  readonly containerCreateTimeoutMs: number;
  /** ECS_IMAGE_PULL_BEHAVIOR, default 'default'. */
  readonly imagePullBehavior: ImagePullBehavior;
  /** ECS_IMAGE_PULL_TIMEOUT, default 2h. */
  readonly imagePullTimeoutMs: number;
  /** ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION, default 3h. */
  readonly taskCleanupWaitMs: number;
  /** ECS_IMAGE_CLEANUP_INTERVAL, default 30m. */
  readonly imageCleanupIntervalMs: number;
  /** ECS_IMAGE_MINIMUM_CLEANUP_AGE, default 1h. */
  readonly imageMinimumCleanupAgeMs: number;
  /** ECS_NUM_IMAGES_DELETE_PER_CYCLE, default 5. */
  readonly numImagesDeletePerCycle: number;
  /** ECS_DISABLE_IMAGE_CLEANUP, default false. */
  readonly disableImageCleanup: boolean;
  /** ECS_POLLING_METRICS_WAIT_DURATION, default 10s: how often containers' CPU and memory are sampled. */
  readonly metricsIntervalMs: number;
  /** ECS_DISABLE_METRICS, default false: no samples are taken or sent (service auto scaling then has no data). */
  readonly disableMetrics: boolean;
  /** ECS_DATADIR, default '/data/'. */
  readonly dataDir: string;
  /** True when ECS_DATADIR was set explicitly (state is checkpointed there). */
  readonly checkpoint: boolean;
  /** ECS_LOGLEVEL, default 'info'. */
  readonly logLevel: AgentLogLevel;
  /** ECS_AVAILABLE_LOGGING_DRIVERS, default ["json-file", "none"]. */
  readonly availableLoggingDrivers: readonly string[];
  /** ECS_DISABLE_PRIVILEGED, default false. */
  readonly disablePrivileged: boolean;
  /** ECS_DISABLE_DOCKER_HEALTH_CHECK, default false. */
  readonly disableDockerHealthCheck: boolean;
  /** ECS_HOST_PORT_BIND_IP *(ours)*: where published ports bind, default 0.0.0.0. */
  readonly hostPortBindIp: string;
  /** ECS_DYNAMIC_HOST_PORT_RANGE "start-end", default from ip_local_port_range else 49153-65535. */
  readonly dynamicHostPortRange: PortRange;
  /** ECS_TASK_METADATA_PORT *(Berth)*: the task metadata endpoint's port on the Docker bridge gateway, default 51679; 0 = any free port. */
  readonly taskMetadataPort: number;
  /** DOCKER_HOST, default 'unix:///var/run/docker.sock'. */
  readonly dockerHost: string;
  /** ECS_JOIN_TOKEN *(Berth)*: what a new host registers with (never printed). */
  readonly joinToken?: string;
  /** ECS_JOIN_TOKEN_FILE *(Berth)*: a file holding the join token instead. */
  readonly joinTokenFile?: string;
  /** ECS_BACKEND_CA_FILE *(Berth)*: the CA the control plane's certificate is from (the system's CAs without it). */
  readonly backendCaFile?: string;
  /** ECS_BACKEND_CLIENT_CERT_FILE / _KEY_FILE *(Berth)*: the host's certificate for mutual TLS. */
  readonly backendClientCertFile?: string;
  readonly backendClientKeyFile?: string;
  /** ECS_ENGINE_AUTH_TYPE + ECS_ENGINE_AUTH_DATA: registry host → credentials for pulls (never printed). */
  readonly engineAuth?: EngineAuth;
}

/** One candidate config file; `text` is undefined when the file is absent. */
export interface ConfigSource {
  readonly path: string;
  readonly text: string | undefined;
}

export interface ResolvedConfig {
  readonly config: AgentConfig;
  readonly warnings: readonly string[];
  /**
   * Key → where its setting came from: the file path, 'environment', or 'default' (not set
   * anywhere). A key whose setting was rejected with a warning still names the layer that supplied
   * the rejected value; the warning says what was used instead.
   */
  readonly sources: Readonly<Record<string, string>>;
}

export interface ResolveInput {
  readonly files: readonly ConfigSource[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Contents of /proc/sys/net/ipv4/ip_local_port_range, e.g. "32768\t60999\n". */
  readonly ipLocalPortRange?: string;
}
