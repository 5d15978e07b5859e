import { defineConfig } from 'vitest/config';

/**
 * Four tiers, each runnable alone (`vitest run --project NAME`):
 *   unit         pure logic, milliseconds
 *   integration  engines in one process over real wrtc and real SQLite files
 *   net          real `lanline node` processes in network namespaces
 *   e2e          Chromium (and Electron where present) driving browser mode
 * Files run one at a time: this is a 2-core machine, and timing-sensitive
 * tests should not fight each other for it.
 */
export default defineConfig({
  test: {
    // One file at a time across all tiers: on two cores, a browser test and a
    // seven-node network test running side by side starve each other's timers.
    maxWorkers: 1,
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 10_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          // Some files start real `lanline node` processes in beforeAll; on a cold CI
          // machine three of them need more than vitest's default 10 s to link.
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'net',
          include: ['test/net/**/*.test.ts', 'test/support/**/*.test.ts'],
          globalSetup: ['test/support/net-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/net-global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
