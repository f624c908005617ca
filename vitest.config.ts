import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // e2e tests start real helm/kubectl processes against the in-memory API server.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every values document checks the data it keeps beside it against itself after each edit.
    env: { HELM_MIGRATE_CHECK_MIRROR: '1' },
    globalSetup: ['./test/global-setup.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
