import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLogger } from '@berth/log';
import { openStore } from '@berth/state-store';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DesiredTaskSequence } from './app/agents/desired-sequence.js';
import { TaskDefinitionCache } from './app/agents/definition-cache.js';
import { LiveInstanceCache } from './app/placement/live-instances.js';
import { DESIRED_TASKS_CHANNEL, onDesiredTasksChanged, resyncDesiredTasks } from './app/agents/desired-tasks.js';
import type { AppContext } from './app/context.js';
import { randomIds } from './app/ids.js';
import { bootstrapSecurity } from './app/security/bootstrap.js';
import { CredentialCache } from './app/security/credentials.js';
import { RateLimiter } from './app/security/rate-limiter.js';
import { SecretBox } from './app/security/secret-box.js';
import { writeCredentialsFile } from './security/credentials-file.js';
import { loadServerKey } from './security/server-key.js';
import { readTlsMaterial, TlsFileWatcher } from './security/tls-files.js';
import { controlPlaneUsage, parseControlPlaneArgs, UsageError } from './config.js';
import { AgentSessions } from './grpc/agent-sessions.js';
import { LogRelay } from './grpc/log-relay.js';
import { SERVICE_NAMES, startGrpcServer } from './grpc/server.js';
import { createHttpServer } from './http/server.js';
import { ReplayGuard } from './app/security/signature-v4.js';
import { createMetrics } from './metrics/api-metrics.js';
import { HOST_SAMPLE_MAX_AGE_MS, HostUsage } from './metrics/host-usage.js';
import { startLivenessLoop } from './loops/liveness.js';
import { startScalingLoop } from './loops/scaling.js';
import { ServiceMetricsCollector } from './app/scaling/metrics-collector.js';
import { startCleanupLoop } from './loops/cleanup.js';
import { startServiceLoop } from './loops/service-reconciler.js';
import { ClusterLeads } from './loops/cluster-leads.js';
import { ReplicaLogRelay } from './grpc/log-relay-replicas.js';

async function main(): Promise<number> {
  let config;
  try {
    config = parseControlPlaneArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`control-plane: ${error.message}\n\n${controlPlaneUsage}`);
      return 1;
    }
    throw error;
  }
  if (config === 'help') {
    process.stdout.write(controlPlaneUsage);
    return 0;
  }
  const log = createLogger({ level: config.logLevel, name: 'control-plane' });
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    log: (msg) => log.info(msg),
  });
  log.info('state store open', { kind: store.kind, ...(store.kind === 'pglite' ? { dataDir: config.dataDir } : {}) });
  // Starting the embedded database leaves a few hundred MiB of buffers behind that a quiet process
  // would hold until its next full collection, possibly never: collect them once now.
  if (store.kind === 'pglite') collectGarbageOnce();

  const serverKey = await loadServerKey(config.serverKeyFile, process.env);
  if (serverKey.created) log.warn('created a new server key; control planes sharing this store need the same key (copy the file or set BERTH_SERVER_KEY)', { path: serverKey.source });

  const sessions = new AgentSessions(config.scope);
  const app: AppContext = {
    store,
    notifier: store.notifier,
    scope: config.scope,
    now: () => new Date(),
    ids: randomIds,
    limits: { maxRunTaskCount: config.maxRunTaskCount },
    liveness: { heartbeatIntervalMs: config.heartbeatIntervalMs, heartbeatTimeoutMs: config.heartbeatTimeoutMs, hearingSince: new Date() },
    log,
    agents: sessions,
    desiredSequence: new DesiredTaskSequence(),
    definitions: new TaskDefinitionCache(),
    liveInstances: new LiveInstanceCache(),
    secrets: new SecretBox(serverKey.key),
    credentials: new CredentialCache(),
    rates: new RateLimiter(config.callRate),
    kickServices: () => services.kick(),
  };
  const admin = await bootstrapSecurity(app, { force: config.newAdminCredential });
  if (admin) {
    const path = join(config.dataDir, 'admin-credentials');
    await writeCredentialsFile(path, admin.key.accessKeyId, admin.secret);
    log.warn('wrote an admin credential (profile berth); keep the file safe', { path, accessKeyId: admin.key.accessKeyId });
  }
  const leads = new ClusterLeads(store, store.leadership, log);
  const services = startServiceLoop(app, config.servicePeriodMs, leads);
  await store.notifier.subscribe(DESIRED_TASKS_CHANNEL, (instanceId) => void onDesiredTasksChanged(app, instanceId));
  store.notifier.onResumed(() => void resyncDesiredTasks(app));
  const samples = new ServiceMetricsCollector(app, { periodMs: config.scaling.metricsPeriodMs, replica: app.ids.newId() });
  samples.start();
  const hosts = new HostUsage(HOST_SAMPLE_MAX_AGE_MS);
  const metrics = createMetrics(() => sessions.size, () => samples.latest(), hosts);
  const tls = config.tls ? new TlsFileWatcher(config.tls, await readTlsMaterial(config.tls), { log, intervalMs: config.tls.reloadIntervalMs }) : undefined;
  if (tls) {
    tls.start();
    if (tls.current.notAfter.getTime() < Date.now()) log.warn('the TLS certificate has expired; clients will refuse it', { notAfter: tls.current.notAfter.toISOString() });
  }
  const logRelay = new LogRelay();
  // Only PostgreSQL has other replicas to relay logs from.
  const replicaLogs = store.kind === 'postgres' ? new ReplicaLogRelay(store.notifier, sessions, logRelay, log) : undefined;
  await replicaLogs?.start();
  const grpcServer = await startGrpcServer(app, { metrics, sessions, logRelay, samples, hosts, ...(replicaLogs ? { replicaLogs } : {}), ...(tls ? { tls } : {}) }, config.listen);
  const liveness = startLivenessLoop(app, leads);
  const cleanup = startCleanupLoop(app, leads);
  const scaling = startScalingLoop(app, config.scaling, leads);

  const http = createHttpServer(app, {
    metrics,
    replays: new ReplayGuard(),
    ...(tls ? { tls } : {}),
    ready: async () => {
      await store.ping();
      return true;
    },
  });
  const [httpHost, httpPort] = splitHostPort(config.httpListen);
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error) => reject(new Error(`cannot listen on ${config.httpListen}: ${error.message}`)));
    http.listen(httpPort, httpHost, resolve);
  });
  log.info('control plane ready', {
    tls: tls ? (tls.mutual ? 'mutual' : 'on') : 'off',
    grpc: `${config.listen.replace(/:\d+$/, '')}:${grpcServer.port}`,
    http: `${httpHost}:${(http.address() as AddressInfo).port}`,
  });

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info('shutting down', { signal });
      liveness.stop();
      tls?.stop();
      cleanup.stop();
      scaling.stop();
      samples.stop();
      services.stop();
      // The leads go now, so another replica takes over the loops without waiting for the calls in flight.
      void store.leadership.close();
      for (const name of SERVICE_NAMES) grpcServer.health.setStatus(name, 'NOT_SERVING');
      // Agents hear it first, so they move to another replica at once; then neither listener takes
      // new calls, the calls in flight finish (5 s at most), and only then does the store close.
      sessions.closeAll({ code: 'ControlPlaneShuttingDown', message: 'The control plane is shutting down; reconnect.' });
      const httpClosed = new Promise<void>((done) => http.close(() => done()));
      const grpcClosed = new Promise<void>((done) => grpcServer.server.tryShutdown(() => done()));
      const force = setTimeout(() => {
        grpcServer.server.forceShutdown();
        http.closeAllConnections();
      }, 5000);
      void Promise.all([httpClosed, grpcClosed])
        .then(() => {
          clearTimeout(force);
          return store.close();
        })
        .then(
          () => resolve(0),
          () => resolve(1),
        );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  });
}

function splitHostPort(value: string): [string, number] {
  const i = value.lastIndexOf(':');
  return [value.slice(0, i).replace(/^\[|\]$/g, ''), Number(value.slice(i + 1))];
}

/** A full garbage collection, without starting Node with --expose-gc. */
function collectGarbageOnce(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`control-plane: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
