import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const lib = (name: string, entry = 'index.ts') => fileURLToPath(new URL(`./libs/${name}/src/${entry}`, import.meta.url));
const alias = {
  '@berth/state-store/testing': lib('state-store', 'testing/index.ts'),
  '@berth/domain': lib('domain'),
  '@berth/scheduler': lib('scheduler'),
  '@berth/ecs-api': lib('ecs-api'),
  '@berth/proto': lib('proto'),
  '@berth/api-client': lib('api-client'),
  '@berth/state-store': lib('state-store'),
  '@berth/test-support': lib('test-support'),
  '@berth/log': lib('log'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['{apps,libs}/**/*.test.ts'], exclude: ['**/*.int.test.ts', '**/node_modules/**'] },
      },
      {
        resolve: { alias },
        test: {
          name: 'int',
          include: ['{apps,libs}/**/*.int.test.ts', 'tests/lint/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: { name: 'faults', include: ['tests/faults/**/*.test.ts'], hookTimeout: 240_000, fileParallelism: false },
      },
    ],
  },
});
