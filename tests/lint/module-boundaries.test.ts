import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCommand } from '@berth/test-support';

/**
 * The dependency direction (apps → adapters → core) is enforced by lint: a core library that
 * imports a database, Docker or gRPC package, or an adapter library, must fail — and so must an
 * app that reaches for the database directly instead of through the store.
 */
describe('module boundaries', () => {
  // The Nx rule reads the project graph Nx caches in .nx/; on a fresh clone there is none and the
  // rule would pass everything silently. Build it first, as `nx lint` would.
  beforeAll(async () => {
    const graph = await runCommand(join(repoRoot, 'node_modules/.bin/nx'), ['show', 'projects'], {
      timeoutMs: 120_000,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    expect(graph.code, graph.stderr).toBe(0);
    expect(graph.stdout).toContain('domain');
  }, 180_000);

  // One ESLint with the repository's own config for every probe (the CLI would start once per probe).
  let eslint: ESLint;
  beforeAll(() => {
    eslint = new ESLint({ cwd: repoRoot, cache: false });
  });
  /** Writes `source` to `file` (the typed parser reads it from disk), lints it and removes it; returns the rules it broke. */
  const lintFails = async (file: string, source: string) => {
    await writeFile(file, source);
    try {
      const [result] = await eslint.lintFiles([file]);
      expect(result!.errorCount).toBeGreaterThan(0);
      return result!.messages.map((m) => `${m.ruleId}: ${m.message}`).join('\n');
    } finally {
      await rm(file, { force: true });
    }
  };

  it.each([
    ['pg', "import pg from 'pg';\nexport const probe = pg;\n"],
    ['kysely', "import { Kysely } from 'kysely';\nexport const probe = Kysely;\n"],
    ['dockerode', "import Docker from 'dockerode';\nexport const probe = Docker;\n"],
    ['@grpc/grpc-js', "import * as grpc from '@grpc/grpc-js';\nexport const probe = grpc;\n"],
    ['an adapter library', "import { openStore } from '@berth/state-store';\nexport const probe = openStore;\n"],
  ])('a core library importing %s fails lint', async (_what, source) => {
    const output = await lintFails(join(repoRoot, 'libs/domain/src', `boundary-probe-${randomBytes(4).toString('hex')}.ts`), source);
    expect(output).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it.each([
    ['kysely', "import { Kysely } from 'kysely';\nexport const probe = Kysely;\n"],
    ['pg', "import pg from 'pg';\nexport const probe = pg;\n"],
  ])('the control plane importing %s fails lint (it goes through the store)', async (_what, source) => {
    const output = await lintFails(join(repoRoot, 'apps/control-plane/src', `boundary-probe-${randomBytes(4).toString('hex')}.ts`), source);
    expect(output).toMatch(/@nx\/enforce-module-boundaries/);
  });
});
