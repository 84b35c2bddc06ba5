import { describe, expect, it } from 'vitest';
import { parseControlPlaneArgs, UsageError } from './config.js';

describe('parseControlPlaneArgs', () => {
  it('has defaults a new user can run', () => {
    expect(parseControlPlaneArgs([], {})).toMatchObject({
      listen: '127.0.0.1:7470',
      httpListen: '127.0.0.1:7471',
      dataDir: '.berth/data',
      databaseUrl: undefined,
      heartbeatIntervalMs: 10_000,
      heartbeatTimeoutMs: 30_000,
      scope: { region: 'local', account: '000000000000' },
      maxRunTaskCount: 10,
    });
  });

  it('takes DATABASE_URL from the environment and the flag over it', () => {
    expect(parseControlPlaneArgs([], { DATABASE_URL: 'postgres://a/b' }).valueOf()).toMatchObject({ databaseUrl: 'postgres://a/b' });
    expect(parseControlPlaneArgs(['--database-url', 'postgresql://c/d'], { DATABASE_URL: 'postgres://a/b' })).toMatchObject({ databaseUrl: 'postgresql://c/d' });
  });

  it('reads Go durations', () => {
    expect(parseControlPlaneArgs(['--heartbeat-interval', '500ms', '--heartbeat-timeout', '2s'], {})).toMatchObject({ heartbeatIntervalMs: 500, heartbeatTimeoutMs: 2000 });
  });

  it.each([
    [['--listen', 'nope'], /--listen must be HOST:PORT/],
    [['--listen', '127.0.0.1:99999'], /port up to 65535/],
    [['--heartbeat-interval', '10'], /duration/],
    [['--heartbeat-interval', '10s', '--heartbeat-timeout', '5s'], /longer than --heartbeat-interval/],
    [['--account', '123'], /12 digits/],
    [['--region', 'Bad Region'], /--region/],
    [['--log-level', 'loud'], /--log-level/],
    [['--max-run-task-count', '0'], /--max-run-task-count/],
    [['--database-url', 'mysql://x'], /postgres:\/\//],
    [['--unknown'], /Unknown option/],
    [['--listen', '0.0.0.0:7470'], /refusing to serve plain text on 0.0.0.0:7470 \(--listen\).*Give --tls-cert and --tls-key, or --insecure/],
    [['--http-listen', '10.0.0.5:7471'], /refusing to serve plain text on 10.0.0.5:7471 \(--http-listen\)/],
    [['--tls-cert', 'c.pem'], /--tls-cert and --tls-key go together/],
    [['--tls-client-ca', 'ca.pem'], /mutual TLS is TLS first/],
    [['--tls-cert', 'c.pem', '--tls-key', 'k.pem', '--tls-reload-interval', 'often'], /--tls-reload-interval must be a duration/],
    [['--call-burst', '0'], /--call-burst must be an integer from 1/],
    [['--call-burst', '2.5'], /--call-burst/],
    [['--call-rate', '0'], /--call-rate must be a number above 0/],
    [['--call-rate', 'fast'], /--call-rate/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseControlPlaneArgs(argv, {})).toThrow(UsageError);
    expect(() => parseControlPlaneArgs(argv, {})).toThrow(message);
  });

  it('answers --help', () => expect(parseControlPlaneArgs(['--help'], {})).toBe('help'));

  it.each([
    [['--listen', '127.0.0.2:7470']],
    [['--listen', 'localhost:7470']],
    [['--listen', '[::1]:7470']],
    [['--listen', '0.0.0.0:7470', '--insecure']],
    [['--listen', '0.0.0.0:7470', '--http-listen', '0.0.0.0:7471', '--tls-cert', 'c.pem', '--tls-key', 'k.pem']],
  ])('serves %j', (argv) => {
    expect(parseControlPlaneArgs(argv, {})).toMatchObject({ listen: expect.any(String) });
  });

  it('takes the call rate per credential, 500 at once then 200/s by default', () => {
    expect(parseControlPlaneArgs([], {})).toMatchObject({ callRate: { burst: 500, perSecond: 200 } });
    expect(parseControlPlaneArgs(['--call-burst', '5000', '--call-rate', '0.5'], {})).toMatchObject({ callRate: { burst: 5000, perSecond: 0.5 } });
  });

  it('keeps the TLS files, with the client CA for mutual TLS', () => {
    expect(parseControlPlaneArgs(['--tls-cert', 'c.pem', '--tls-key', 'k.pem', '--tls-client-ca', 'ca.pem'], {})).toMatchObject({
      tls: { certFile: 'c.pem', keyFile: 'k.pem', clientCaFile: 'ca.pem', reloadIntervalMs: 60_000 },
    });
    expect(parseControlPlaneArgs(['--tls-cert', 'c.pem', '--tls-key', 'k.pem', '--tls-reload-interval', '5s'], {})).toMatchObject({ tls: { reloadIntervalMs: 5000 } });
  });
});
