/** resolveAgentConfig: config files + environment → AgentConfig, warnings and sources. Pure. */

import { ResolveContext } from './context.js';
import { DEFAULT_DATA_DIR, DEFAULT_DOCKER_HOST, DEFAULT_RESERVED_PORTS, DEFAULT_RESERVED_PORTS_UDP } from './defaults.js';
import { mergeSettings } from './layers.js';
import { resolveDurations } from './resolve-durations.js';
import { resolveEngineAuth } from './resolve-engine-auth.js';
import { resolveSecurity } from './resolve-security.js';
import {
  resolveBool,
  resolveDynamicHostPortRange,
  resolveHostPortBindIp,
  resolveTaskMetadataPort,
  resolveImagePullBehavior,
  resolveLogLevel,
  resolveNumImagesDeletePerCycle,
  resolvePorts,
  resolveReservedMemory,
  resolveString,
} from './resolve-simple.js';
import {
  resolveBackendHost,
  resolveCluster,
  resolveInstanceAttributes,
  resolveInstanceTags,
  resolveLoggingDrivers,
} from './resolve-validate.js';
import type { AgentConfig, ResolveInput, ResolvedConfig } from './types.js';

/**
 * Resolves the agent configuration. Files are applied in order (later wins, absent files skipped),
 * then ECS_* and DOCKER_HOST environment variables override them; empty values count as unset.
 * Bad values either produce a warning and a default, or throw a ConfigError (fatal, exit 1).
 */
export function resolveAgentConfig(input: ResolveInput): ResolvedConfig {
  const merged = mergeSettings(input.files, input.env);
  const ctx = new ResolveContext(merged.settings);
  for (const warning of merged.warnings) ctx.warnings.push(warning);

  const { cluster, clusterExplicit } = resolveCluster(ctx);
  const backend = resolveBackendHost(ctx);
  const reservedMemoryMiB = resolveReservedMemory(ctx);
  const reservedPorts = resolvePorts(ctx, 'ECS_RESERVED_PORTS', DEFAULT_RESERVED_PORTS);
  const reservedPortsUdp = resolvePorts(ctx, 'ECS_RESERVED_PORTS_UDP', DEFAULT_RESERVED_PORTS_UDP);
  const instanceAttributes = resolveInstanceAttributes(ctx);
  const containerInstanceTags = resolveInstanceTags(ctx);
  const durations = resolveDurations(ctx);
  const imagePullBehavior = resolveImagePullBehavior(ctx);
  const numImagesDeletePerCycle = resolveNumImagesDeletePerCycle(ctx);
  const disableImageCleanup = resolveBool(ctx, 'ECS_DISABLE_IMAGE_CLEANUP');
  const disableMetrics = resolveBool(ctx, 'ECS_DISABLE_METRICS');
  const dataDirSetting = ctx.read('ECS_DATADIR');
  const logLevel = resolveLogLevel(ctx);
  const availableLoggingDrivers = resolveLoggingDrivers(ctx);
  const disablePrivileged = resolveBool(ctx, 'ECS_DISABLE_PRIVILEGED');
  const disableDockerHealthCheck = resolveBool(ctx, 'ECS_DISABLE_DOCKER_HEALTH_CHECK');
  const dynamicHostPortRange = resolveDynamicHostPortRange(ctx, input.ipLocalPortRange);
  const dockerHost = resolveString(ctx, 'DOCKER_HOST', DEFAULT_DOCKER_HOST);
  const hostPortBindIp = resolveHostPortBindIp(ctx);
  const taskMetadataPort = resolveTaskMetadataPort(ctx);
  const security = resolveSecurity(ctx, backend);
  const engineAuth = resolveEngineAuth(ctx);

  const config: AgentConfig = {
    cluster,
    clusterExplicit,
    backendHost: backend.backendHost,
    reservedMemoryMiB,
    reservedPorts,
    reservedPortsUdp,
    instanceAttributes,
    containerInstanceTags,
    containerStopTimeoutMs: durations.containerStopTimeoutMs,
    containerStartTimeoutMs: durations.containerStartTimeoutMs,
    containerCreateTimeoutMs: durations.containerCreateTimeoutMs,
    imagePullBehavior,
    imagePullTimeoutMs: durations.imagePullTimeoutMs,
    taskCleanupWaitMs: durations.taskCleanupWaitMs,
    imageCleanupIntervalMs: durations.imageCleanupIntervalMs,
    imageMinimumCleanupAgeMs: durations.imageMinimumCleanupAgeMs,
    numImagesDeletePerCycle,
    disableImageCleanup,
    metricsIntervalMs: durations.metricsIntervalMs,
    disableMetrics,
    dataDir: dataDirSetting?.value ?? DEFAULT_DATA_DIR,
    checkpoint: dataDirSetting !== undefined,
    logLevel,
    availableLoggingDrivers,
    disablePrivileged,
    disableDockerHealthCheck,
    dynamicHostPortRange,
    hostPortBindIp,
    taskMetadataPort,
    dockerHost,
    ...security,
    ...engineAuth,
  };
  return { config, warnings: ctx.warnings, sources: ctx.sources };
}
