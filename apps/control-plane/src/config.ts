import { parseArgs } from 'node:util';
import { isLoopbackAddress, parseGoDuration, type ArnScope } from '@berth/domain';
import { logLevels, type LogLevel } from '@berth/log';

export interface ControlPlaneConfig {
  readonly listen: string;
  readonly httpListen: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly scope: ArnScope;
  readonly logLevel: LogLevel;
  readonly maxRunTaskCount: number;
  readonly servicePeriodMs: number;
  /** Service auto scaling: how often policies and scheduled actions are evaluated, and target tracking's averaging window. */
  readonly scaling: { readonly periodMs: number; readonly trackingWindowMs: number; readonly metricsPeriodMs: number; readonly scaleInStabilizationMs: number };
  /** Where the server key is (created when absent); BERTH_SERVER_KEY overrides it. */
  readonly serverKeyFile: string;
  /** Make a new admin credential at start even though credentials exist. */
  readonly newAdminCredential: boolean;
  /** Calls per credential other than task launches: a bucket of `burst`, refilled at `perSecond`. */
  readonly callRate: { readonly burst: number; readonly perSecond: number };
  /** TLS on both listeners: PEM certificate chain and key files. */
  readonly tls?: { readonly certFile: string; readonly keyFile: string; readonly clientCaFile?: string; readonly reloadIntervalMs: number };
}

export const controlPlaneUsage = `Usage: control-plane [options]

  --listen HOST:PORT          gRPC address (default 127.0.0.1:7470)
  --http-listen HOST:PORT     /healthz, /readyz, /metrics (default 127.0.0.1:7471)
  --data-dir DIR              embedded PostgreSQL (PGlite) data directory when DATABASE_URL is unset
                              (default .berth/data)
  --database-url URL          PostgreSQL connection string (or env DATABASE_URL)
  --heartbeat-interval DUR    how often agents send heartbeats (default 10s)
  --heartbeat-timeout DUR     silence after which an agent is marked disconnected (default 30s)
  --region NAME               region written in ARNs (default local)
  --account ID                12-digit account written in ARNs (default 000000000000)
  --log-level LEVEL           debug | info | warn | error (default info)
  --max-run-task-count N      most tasks one RunTask may start (default 10, as ECS)
  --service-interval DUR      how often every service is reconciled besides on changes (default 1s)
  --scaling-interval DUR      how often scaling policies and scheduled actions are evaluated (default 15s)
  --scaling-window DUR        how far back target tracking averages utilization (default 1m)
  --metrics-period DUR        the period agents' samples are added up in per service (default 10s)
  --scale-in-stabilization DUR  target tracking scales in to the highest recommendation of this
                              window (default 5m)
  --server-key-file PATH      the key sealing secrets at rest (default <data-dir>/server.key, created
                              when absent; or env BERTH_SERVER_KEY, 32 bytes in base64)
  --new-admin-credential      write a new admin credential to <data-dir>/admin-credentials at start
                              (the first start writes one by itself)
  --tls-cert PEM              TLS on the gRPC and HTTP listeners: the certificate chain
  --tls-key PEM               ... and its private key
  --tls-client-ca PEM         mutual TLS for agents: their certificates must be signed by this CA
  --tls-reload-interval DUR   how often the TLS files are read again, so a renewed certificate is
                              taken up without a restart (default 1m)
  --call-burst N              calls one credential may make at once, task launches aside (default 500)
  --call-rate N               ... and per second after that (default 200; launches: see create-access-key)
  --insecure                  allow plain text on an address other than loopback (not advised)
  -h, --help                  show this help
`;

export class UsageError extends Error {}

const hostPort = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

function checkHostPort(flag: string, value: string): string {
  const m = hostPort.exec(value);
  if (!m || Number(m[2]) > 65535) throw new UsageError(`${flag} must be HOST:PORT with a port up to 65535, got '${value}'.`);
  return value;
}

function duration(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = parseGoDuration(value);
  if (ms === undefined || ms < 100) throw new UsageError(`${flag} must be a duration of at least 100ms such as 10s or 1m, got '${value}'.`);
  return ms;
}

/** Flags and environment → configuration. Pure: the caller passes argv and env. */
export function parseControlPlaneArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ControlPlaneConfig | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        listen: { type: 'string' },
        'http-listen': { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        'heartbeat-interval': { type: 'string' },
        'heartbeat-timeout': { type: 'string' },
        region: { type: 'string' },
        account: { type: 'string' },
        'log-level': { type: 'string' },
        'max-run-task-count': { type: 'string' },
        'service-interval': { type: 'string' },
        'scaling-interval': { type: 'string' },
        'scaling-window': { type: 'string' },
        'metrics-period': { type: 'string' },
        'scale-in-stabilization': { type: 'string' },
        'server-key-file': { type: 'string' },
        'new-admin-credential': { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-client-ca': { type: 'string' },
        'tls-reload-interval': { type: 'string' },
        'call-burst': { type: 'string' },
        'call-rate': { type: 'string' },
        insecure: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const heartbeatIntervalMs = duration('--heartbeat-interval', values['heartbeat-interval'], 10_000);
  const heartbeatTimeoutMs = duration('--heartbeat-timeout', values['heartbeat-timeout'], 30_000);
  if (heartbeatTimeoutMs <= heartbeatIntervalMs) {
    throw new UsageError('--heartbeat-timeout must be longer than --heartbeat-interval.');
  }
  const region = values.region ?? 'local';
  if (!/^[a-z0-9-]{1,32}$/.test(region)) throw new UsageError(`--region must be lowercase letters, digits and hyphens, got '${region}'.`);
  const account = values.account ?? '000000000000';
  if (!/^\d{12}$/.test(account)) throw new UsageError(`--account must be 12 digits, got '${account}'.`);
  const logLevel = values['log-level'] ?? 'info';
  if (!(logLevels as readonly string[]).includes(logLevel)) throw new UsageError(`--log-level must be one of ${logLevels.join(', ')}.`);
  const databaseUrl = values['database-url'] ?? (env.DATABASE_URL || undefined);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new UsageError('DATABASE_URL must start with postgres:// or postgresql://.');
  }
  const maxRunTaskCount = Number(values['max-run-task-count'] ?? '10');
  if (!Number.isInteger(maxRunTaskCount) || maxRunTaskCount < 1 || maxRunTaskCount > 10_000) {
    throw new UsageError(`--max-run-task-count must be an integer from 1 to 10000, got '${values['max-run-task-count']}'.`);
  }
  const dataDir = values['data-dir'] ?? '.berth/data';
  const callBurst = Number(values['call-burst'] ?? '500');
  if (!Number.isInteger(callBurst) || callBurst < 1 || callBurst > 1_000_000) throw new UsageError(`--call-burst must be an integer from 1 to 1000000, got '${values['call-burst']}'.`);
  const callPerSecond = Number(values['call-rate'] ?? '200');
  if (!Number.isFinite(callPerSecond) || callPerSecond <= 0 || callPerSecond > 1_000_000) throw new UsageError(`--call-rate must be a number above 0 and at most 1000000, got '${values['call-rate']}'.`);
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  if ((certFile === undefined) !== (keyFile === undefined)) throw new UsageError('--tls-cert and --tls-key go together.');
  if (values['tls-client-ca'] !== undefined && certFile === undefined) throw new UsageError('--tls-client-ca needs --tls-cert and --tls-key: mutual TLS is TLS first.');
  const listen = checkHostPort('--listen', values.listen ?? '127.0.0.1:7470');
  const httpListen = checkHostPort('--http-listen', values['http-listen'] ?? '127.0.0.1:7471');
  if (certFile === undefined && !values.insecure) {
    for (const [flag, address] of [['--listen', listen], ['--http-listen', httpListen]] as const) {
      if (!isLoopbackAddress(address)) {
        throw new UsageError(
          `refusing to serve plain text on ${address} (${flag}): credentials and task secrets would cross the network readable by anyone on it. Give --tls-cert and --tls-key, or --insecure to accept that.`,
        );
      }
    }
  }
  return {
    ...(certFile && keyFile
      ? {
          tls: {
            certFile,
            keyFile,
            ...(values['tls-client-ca'] ? { clientCaFile: values['tls-client-ca'] } : {}),
            reloadIntervalMs: duration('--tls-reload-interval', values['tls-reload-interval'], 60_000),
          },
        }
      : {}),
    maxRunTaskCount,
    callRate: { burst: callBurst, perSecond: callPerSecond },
    serverKeyFile: values['server-key-file'] ?? `${dataDir.replace(/\/+$/, '')}/server.key`,
    newAdminCredential: values['new-admin-credential'] ?? false,
    servicePeriodMs: duration('--service-interval', values['service-interval'], 1000),
    scaling: {
      periodMs: duration('--scaling-interval', values['scaling-interval'], 15_000),
      trackingWindowMs: duration('--scaling-window', values['scaling-window'], 60_000),
      metricsPeriodMs: duration('--metrics-period', values['metrics-period'], 10_000),
      scaleInStabilizationMs: duration('--scale-in-stabilization', values['scale-in-stabilization'], 300_000),
    },
    listen,
    httpListen,
    dataDir,
    databaseUrl,
    heartbeatIntervalMs,
    heartbeatTimeoutMs,
    scope: { region, account },
    logLevel: logLevel as LogLevel,
  };
}
