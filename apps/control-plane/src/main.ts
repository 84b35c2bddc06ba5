import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { createLogger } from '@berth/log';
import { openStore } from '@berth/state-store';
import { AgentSessions } from './agent/agent-sessions.js';
import { LogRelay } from './agent/log-relay.js';
import { DESIRED_TASKS_CHANNEL, onDesiredTasksChanged } from './agent/desired-tasks.js';
import { controlPlaneUsage, parseControlPlaneArgs, UsageError } from './config.js';
import type { ApiContext } from './context.js';
import { startGrpcServer } from './grpc/server.js';
import { createMetrics } from './http/metrics.js';
import { createHttpServer } from './http/server.js';
import { startLivenessLoop } from './loops/liveness.js';
import { startCleanupLoop } from './loops/cleanup.js';
import { startServiceLoop } from './loops/service-reconciler.js';

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

  const sessions = new AgentSessions();
  const ctx: ApiContext = {
    db: store.db,
    scope: config.scope,
    now: () => new Date(),
    newId: () => randomBytes(16).toString('hex'),
    log,
    liveness: { heartbeatIntervalMs: config.heartbeatIntervalMs, heartbeatTimeoutMs: config.heartbeatTimeoutMs },
    sessions,
    logRelay: new LogRelay(),
    notifier: store.notifier,
    limits: { maxRunTaskCount: config.maxRunTaskCount },
    kickServices: () => services.kick(),
  };
  const services = startServiceLoop(ctx, config.servicePeriodMs);
  await store.notifier.subscribe(DESIRED_TASKS_CHANNEL, (instanceId) => void onDesiredTasksChanged(ctx, instanceId));
  const metrics = createMetrics(() => sessions.size);
  const grpcServer = await startGrpcServer(ctx, metrics, config.listen);
  const liveness = startLivenessLoop(ctx);
  const cleanup = startCleanupLoop(ctx);

  const http = createHttpServer({
    metrics,
    ready: async () => {
      await sql`select 1`.execute(store.db);
      return true;
    },
  });
  const [httpHost, httpPort] = splitHostPort(config.httpListen);
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error) => reject(new Error(`cannot listen on ${config.httpListen}: ${error.message}`)));
    http.listen(httpPort, httpHost, resolve);
  });
  log.info('control plane ready', {
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
      cleanup.stop();
      services.stop();
      for (const name of ['', 'berth.v1.ECS', 'berth.v1.AgentService']) grpcServer.health.setStatus(name, 'NOT_SERVING');
      sessions.closeAll({ code: 'ControlPlaneShuttingDown', message: 'The control plane is shutting down; reconnect.' });
      const force = setTimeout(() => grpcServer.server.forceShutdown(), 5000);
      grpcServer.server.tryShutdown(() => {
        clearTimeout(force);
        http.close();
        store.close().then(
          () => resolve(0),
          () => resolve(1),
        );
      });
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  });
}

function splitHostPort(value: string): [string, number] {
  const i = value.lastIndexOf(':');
  return [value.slice(0, i).replace(/^\[|\]$/g, ''), Number(value.slice(i + 1))];
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`control-plane: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
