import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** A PostgreSQL database that exists only for one test file. */
export interface ThrowawayPostgres {
  /** Connection string for the database; hand it to `openStore({ databaseUrl })`. */
  readonly url: string;
  /** Drops the database (or stops the server and removes its files). Safe to call twice. */
  stop(): Promise<void>;
}

/** A private server a fault test can take down and bring back (same port, same data). */
export interface RestartablePostgres extends ThrowawayPostgres {
  /** Stops the server (fast shutdown: sessions are cut), keeping its data. */
  halt(): Promise<void>;
  /** Starts it again after `halt`. */
  resume(): Promise<void>;
}

/** A private PostgreSQL server of its own (never a shared one), for tests that stop and start it. */
export function startPrivatePostgres(): Promise<RestartablePostgres> {
  return startThrowawayServer();
}

/**
 * Gives a test file its own PostgreSQL. With `BERTH_TEST_DATABASE_URL` set (CI with a service
 * container, a developer's local server) it creates a fresh database there; otherwise it starts a
 * private server from the PostgreSQL binaries on this machine, so integration tests need no setup.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const serverUrl = process.env['BERTH_TEST_DATABASE_URL'];
  return serverUrl ? createThrowawayDatabase(serverUrl) : startThrowawayServer();
}

async function createThrowawayDatabase(serverUrl: string): Promise<ThrowawayPostgres> {
  const name = `berth_test_${randomBytes(8).toString('hex')}`;
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;

  const withAdmin = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await withAdmin(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  let stopped = false;
  return {
    url: url.toString(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await withAdmin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    },
  };
}

/** Servers still running; stopped synchronously if the test process exits without `stop()`. */
const running = new Map<string, () => void>();
let exitHookInstalled = false;

async function startThrowawayServer(): Promise<RestartablePostgres> {
  const bin = await findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root: hand the directory to `postgres` and run through runuser.
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];

  const dir = await mkdtemp(join(tmpdir(), 'berth-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  let started = false;
  try {
    if (asRoot) {
      const { uid, gid } = await postgresUser();
      await chown(dir, uid, gid);
    }
    await run(...command('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']));
    const port = await freePort();
    const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    // -w waits until the server accepts connections.
    const startServer = () => run(...command('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', serverOptions, 'start']));
    await startServer();
    started = true;

    const stopSync = () => {
      spawnSync(...command('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore' });
      spawnSync('rm', ['-rf', dir]);
    };
    running.set(dir, stopSync);
    installExitHook();

    let stopped = false;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async halt() {
        await run(...command('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']));
      },
      async resume() {
        await startServer();
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        running.delete(dir);
        try {
          await run(...command('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop'])).catch((err: unknown) => {
            if (!/not running|No such process|PID file .* does not exist/i.test(String((err as { stderr?: string }).stderr ?? err))) throw err;
          });
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    if (started) spawnSync(...command('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']), { stdio: 'ignore' });
    await rm(dir, { recursive: true, force: true });
    throw new Error(`Could not start a throwaway PostgreSQL from ${bin} (log: ${logFile})`, { cause: err });
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const stop of running.values()) stop();
    running.clear();
  });
}

/** The newest /usr/lib/postgresql/<version>/bin (Debian layout), else the directory on PATH with initdb. */
async function findPostgresBin(): Promise<string> {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = (await readdir(root))
      .filter((v) => /^\d+(\.\d+)?$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(root, versions[0], 'bin');
  }
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  throw new Error(
    'No PostgreSQL binaries found (looked in /usr/lib/postgresql/*/bin and PATH). Install PostgreSQL or set BERTH_TEST_DATABASE_URL.',
  );
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
