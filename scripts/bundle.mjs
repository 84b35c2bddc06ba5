// Bundles one app (apps/<name>/src/main.ts) into dist/<name>.js; node_modules stay external.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node scripts/bundle.mjs <app> [<app> ...]');
  process.exit(2);
}
for (const name of names) {
  await build({
    entryPoints: [join(root, 'apps', name, 'src/main.ts')],
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
