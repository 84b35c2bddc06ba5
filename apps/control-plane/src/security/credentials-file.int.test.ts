import { lstat, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCredentialsFile } from './credentials-file.js';

describe('writeCredentialsFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-creds-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes a shared-credentials profile readable only by its owner, replacing a looser file', async () => {
    const path = join(dir, 'admin-credentials');
    await writeFile(path, 'old', { mode: 0o644 });
    await writeCredentialsFile(path, 'AKIAEXAMPLE', 'secret-value');
    expect(await readFile(path, 'utf8')).toBe('[berth]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret-value\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('never writes the secret through a link left where its temp file goes', async () => {
    const path = join(dir, 'admin-credentials');
    const elsewhere = join(dir, 'elsewhere');
    await writeFile(elsewhere, 'untouched', { mode: 0o644 });
    await symlink(elsewhere, `${path}.tmp`);
    await writeCredentialsFile(path, 'AKIAEXAMPLE', 'secret-value');
    expect(await readFile(elsewhere, 'utf8')).toBe('untouched');
    expect((await lstat(path)).isSymbolicLink()).toBe(false);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});
