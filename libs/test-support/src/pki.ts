import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './processes.js';

const run = promisify(execFile);

/** A private CA made by scripts/make-local-pki.sh (the quickstart's own), with a server certificate for localhost and 127.0.0.1. */
export interface TestPki {
  readonly dir: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** A client certificate from this CA, for mutual TLS. */
  client(name: string): Promise<{ certFile: string; keyFile: string }>;
}

export async function makeTestPki(prefix = 'berth-pki-'): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const script = join(repoRoot, 'scripts', 'make-local-pki.sh');
  await run('bash', [script, dir]);
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    certFile: join(dir, 'server.pem'),
    keyFile: join(dir, 'server.key'),
    async client(name) {
      await run('bash', [script, dir, 'client', name]);
      return { certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key`) };
    },
  };
}
