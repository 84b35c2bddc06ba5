import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@berth/log';
import type { AgentConfig } from './config/index.js';
import { checkDocker } from './docker/connect.js';
import { AgentExit, ExitCode } from './exit-codes.js';
import { detectHost } from './host/detect.js';
import { registrationAttributes } from './registration/attributes.js';
import { registrationResources, type HostFacts } from './registration/resources.js';
import { registerWithRetry, type RegistrationInput } from './registration/register.js';
import type { AgentConnection } from './session/connection.js';
import { keepSessionOpen } from './session/session-loop.js';
import { sleep } from './session/sleep.js';
import { STATE_FILE, checkSavedCluster, clearAgentState, loadAgentState, saveAgentState } from './state/agent-state.js';
import { keepPulledImagesSaved, loadPulledImages } from './state/pulled-images.js';
import { DataDirHealth } from './state/data-dir-health.js';
import { startImageCleanup } from './engine/image-cleanup-loop.js';
import { AGENT_VERSION } from './version.js';
import { DockerRuntime } from './docker/docker-runtime.js';
import type { PortProbe } from './engine/ports.js';
import type { ContainerRuntime } from './engine/runtime.js';
import { createLogStreamer } from './engine/logs.js';
import { TaskEngine } from './engine/task-engine.js';
import { MetricsSampler } from './engine/metrics-sampler.js';
import { loadReportQueueState, saveReportQueueState } from './reporting/persisted-queue.js';
import { ReportQueue } from './reporting/report-queue.js';
import { taskStateChangeToWire } from './session/engine-wire.js';
import { createTaskLink } from './session/task-link.js';
import type { MetadataServer } from './metadata/server.js';
import { startTaskMetadata, type MetadataSetup } from './metadata/start.js';

/** ECS_JOIN_TOKEN, or the contents of ECS_JOIN_TOKEN_FILE (read when needed: a token is rotated by rewriting the file). */
async function joinTokenOf(config: AgentConfig): Promise<string | undefined> {
  if (config.joinToken) return config.joinToken;
  if (!config.joinTokenFile) return undefined;
  try {
    return (await readFile(config.joinTokenFile, 'utf8')).trim();
  } catch (error) {
    throw new AgentExit(ExitCode.Error, `Cannot read ECS_JOIN_TOKEN_FILE ${config.joinTokenFile}: ${(error as Error).message}`);
  }
}

export interface AgentDeps {
  readonly config: AgentConfig;
  readonly log: Logger;
  readonly connection: AgentConnection;
  readonly signal: AbortSignal;
}

/**
 * The agent's life: check Docker, register (reusing the saved identity), then keep one session open,
 * reconnecting with backoff whenever it drops, until the signal stops it.
 */
export async function runAgent(deps: AgentDeps): Promise<void> {
  const { config, log } = deps;
  const { info: docker, docker: dockerClient } = await checkDocker(config.dockerHost, 10_000).catch((error: Error) => {
    throw new AgentExit(ExitCode.Error, error.message, { cause: error });
  });
  log.info('docker is answering', { dockerHost: config.dockerHost, version: docker.serverVersion });
  const runtime = new DockerRuntime(dockerClient);
  const gateway = await runtime.bridgeGateway(AbortSignal.timeout(10_000)).catch((error: unknown) => {
    log.warn('cannot read the Docker bridge network: no task metadata endpoint', { error });
    return undefined;
  });
  await runAgentOn({ ...deps, runtime, dockerVersion: docker.serverVersion, host: detectHost(), ...(gateway ? { metadata: { host: gateway, source: runtime } } : {}) });
}

export interface AgentRuntimeDeps extends AgentDeps {
  readonly runtime: ContainerRuntime;
  readonly dockerVersion: string;
  readonly host: HostFacts;
  /** Whether a host port is free; the default tries to bind it (the simulator's hosts have every port). */
  readonly isPortFree?: PortProbe;
  /** The task metadata endpoint's address and live source; without it containers get no metadata URL. */
  readonly metadata?: MetadataSetup;
}

/**
 * Everything after Docker answered, on any container runtime: the agent simulator runs exactly
 * this with a simulated runtime and simulated host facts (apps/ecs-agent/src/sim/).
 */
export async function runAgentOn({ config, log, connection, signal, runtime, dockerVersion, host, isPortFree, metadata }: AgentRuntimeDeps): Promise<void> {
  // Refusals (exit 1 / 5) come before the engine touches any container.
  const resources = registrationResources(host, config);
  const attributes = registrationAttributes(config, host);
  const saved = config.checkpoint ? await loadAgentState(config.dataDir) : undefined;
  checkSavedCluster(saved, config.cluster, config.dataDir);

  // The engine queues its changes for the control plane; an acknowledged STOPPED starts its cleanup.
  let metadataServer: MetadataServer | undefined;
  const engine: TaskEngine = new TaskEngine({
    metadataEnv: (taskArn, containerName) => metadataServer?.envFor(taskArn, containerName) ?? [],
    runtime,
    config,
    onChange: (change) => queue.enqueue(taskStateChangeToWire(change)),
    log,
    bindHost: config.hostPortBindIp,
    cluster: config.cluster,
    ...(isPortFree ? { isPortFree } : {}),
    ...(config.checkpoint ? { pulledImages: loadPulledImages(config.dataDir, Date.now()) } : {}),
  });
  const dataDir = new DataDirHealth(config.dataDir, log);
  const pulled = config.checkpoint ? keepPulledImagesSaved(config.dataDir, engine.pulledImages, undefined, (what, save) => void dataDir.write(what, save)) : undefined;
  const imageCleanup = config.disableImageCleanup ? undefined : startImageCleanup(engine, config, log);
  const queue = new ReportQueue(
    {
      persist: (state) => {
        if (config.checkpoint) void dataDir.write('reports', () => saveReportQueueState(config.dataDir, state));
      },
      onStoppedAcknowledged: (taskArn) => engine.acknowledgeStopped(taskArn),
    },
    config.checkpoint ? loadReportQueueState(config.dataDir) : undefined,
  );
  if (metadata) metadataServer = await startTaskMetadata(metadata, config, () => engine.views(), log);
  await engine.start();
  await engine.recover();
  const metrics = config.disableMetrics ? undefined : new MetricsSampler({ runtime, running: () => engine.runningContainers(), intervalMs: config.metricsIntervalMs, log });
  metrics?.start();
  const handlers = createTaskLink({ engine, queue, streamLogs: createLogStreamer(runtime), log, ...(metrics ? { metrics } : {}) });

  const input = (savedArn: string | undefined): RegistrationInput => ({
    cluster: config.cluster,
    clusterExplicit: config.clusterExplicit,
    savedArn,
    resources,
    attributes,
    tags: config.containerInstanceTags,
    hostname: host.hostname,
    agentVersion: AGENT_VERSION,
    dockerVersion,
  });
  // The host's own credential: from the saved state, then from each registration. Without one, a
  // join token is what proves the host may join.
  let credential = saved?.credential;
  const authorization = async (): Promise<string> => {
    if (credential) return `Bearer ${credential.accessKeyId}:${credential.secretAccessKey}`;
    const token = await joinTokenOf(config);
    if (!token) {
      throw new AgentExit(
        ExitCode.Terminal,
        `This host has no credential yet: set ECS_JOIN_TOKEN (or ECS_JOIN_TOKEN_FILE) to a token from \`berth create-join-token --cluster ${config.cluster}\`.`,
      );
    }
    return `JoinToken ${token}`;
  };
  const register = async (savedArn: string | undefined) => {
    const response = await registerWithRetry(connection.current(), input(savedArn), { log, endpoint: config.backendHost, signal, sleep, authorization: await authorization() });
    credential = { accessKeyId: response.agentAccessKeyId, secretAccessKey: response.agentSecretAccessKey };
    engine.identify(response.containerInstanceArn);
    if (config.checkpoint) {
      const identity = { cluster: config.cluster, containerInstanceArn: response.containerInstanceArn, credential };
      await dataDir.write('identity', () => saveAgentState(config.dataDir, identity, new Date()));
    }
    log.info('registered', {
      cluster: config.cluster,
      containerInstanceArn: response.containerInstanceArn,
      cpu: resources.cpu,
      memoryMiB: resources.memory,
    });
    return response;
  };

  try {
    await keepSessionOpen(
      {
        connection,
        cluster: config.cluster,
        log,
        signal,
        handlers,
        runningContainers: () => engine.runningContainerCount(),
        dataDirStatus: () => dataDir.status,
        register,
        authorization: () => `Bearer ${credential!.accessKeyId}:${credential!.secretAccessKey}`,
        stateFile: join(config.dataDir, STATE_FILE),
        forgetIdentity: async () => {
          if (config.checkpoint) await clearAgentState(config.dataDir);
        },
      },
      await register(saved?.containerInstanceArn),
    );
  } finally {
    await metadataServer?.close();
    metrics?.stop();
    imageCleanup?.stop();
    dataDir.stop();
    pulled?.flush();
    pulled?.stop();
  }
}
