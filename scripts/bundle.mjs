// Bundles one app (apps/<name>/src/main.ts, or an entry named in ENTRIES) into dist/<name>.js;
// node_modules stay external.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const names = process.argv.slice(2);
/** Programs that are not an app of their own: the agent simulator is the agent's code with a simulated runtime. */
const ENTRIES = { 'agent-sim': 'apps/ecs-agent/src/sim/main.ts' };
if (names.length === 0) {
  console.error('usage: node scripts/bundle.mjs <app> [<app> ...]');
  process.exit(2);
}
for (const name of names) {
  await build({
    entryPoints: [join(root, ENTRIES[name] ?? join('apps', name, 'src/main.ts'))],
    outfile: join(root, 'dist', `${name}.js`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    tsconfig: join(root, 'tsconfig.base.json'),
    logLevel: 'warning',
  });
}
