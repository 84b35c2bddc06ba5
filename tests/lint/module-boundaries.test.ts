import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCommand } from '@berth/test-support';

/**
 * The dependency direction (apps → adapters → core) is enforced by lint: a core library that
 * imports a database, Docker or gRPC package, or an adapter library, must fail.
 */
describe('module boundaries', () => {
  it.each([
    ['pg', "import pg from 'pg';\nexport const probe = pg;\n"],
    ['kysely', "import { Kysely } from 'kysely';\nexport const probe = Kysely;\n"],
    ['dockerode', "import Docker from 'dockerode';\nexport const probe = Docker;\n"],
    ['@grpc/grpc-js', "import * as grpc from '@grpc/grpc-js';\nexport const probe = grpc;\n"],
    ['an adapter library', "import { openStore } from '@berth/state-store';\nexport const probe = openStore;\n"],
  ])('a core library importing %s fails lint', async (_what, source) => {
    const file = join(repoRoot, 'libs/domain/src', `boundary-probe-${randomBytes(4).toString('hex')}.ts`);
    await writeFile(file, source);
    try {
      const result = await runCommand(join(repoRoot, 'node_modules/.bin/eslint'), ['--no-cache', file], { timeoutMs: 120_000 });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/@nx\/enforce-module-boundaries/);
    } finally {
      await rm(file, { force: true });
    }
  });
});
