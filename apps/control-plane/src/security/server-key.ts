import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export const SERVER_KEY_ENV = 'BERTH_SERVER_KEY';

/**
 * The key that seals secrets at rest: 32 bytes, base64, from BERTH_SERVER_KEY, else from the
 * file (default `<data-dir>/server.key`), created (mode 0600) when absent. Replicas sharing one
 * PostgreSQL must share the key: give each the same file or variable.
 */
export async function loadServerKey(path: string, env: Readonly<Record<string, string | undefined>>): Promise<{ key: Buffer; source: string; created: boolean }> {
  const fromEnv = env[SERVER_KEY_ENV];
  if (fromEnv) return { key: decode(fromEnv, SERVER_KEY_ENV), source: SERVER_KEY_ENV, created: false };
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the server key ${path}: ${(error as Error).message}`);
  }
  if (text !== undefined) return { key: decode(text.trim(), path), source: path, created: false };
  const key = randomBytes(32);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return { key, source: path, created: true };
}

function decode(text: string, where: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${where} must hold 32 bytes in base64 (openssl rand -base64 32), got ${key.length} bytes`);
  return key;
}
