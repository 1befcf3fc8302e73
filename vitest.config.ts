import { configDefaults, defineConfig } from 'vitest/config'

// Two projects: the unit tests, and the kernel suite (test/kernel), which loads emitted rules into
// network namespaces. Its files run one at a time (each builds its own namespaces and keeps the
// machine's two cores for the packets), and its global setup decides once whether it can run here.
export default defineConfig({
  test: {
    projects: [
      // The unit project's time limit guards against hangs only (speed is measured by `npm run bench`):
      // property tests that take 1-2 s alone can take 10 s on a loaded 2-core CI machine.
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/kernel/**'], testTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'kernel',
          include: ['test/kernel/**/*.test.ts'],
          globalSetup: ['test/kernel/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
