import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // e2e tests start real helm/kubectl processes against the in-memory API server.
    // Generous: a busy 2-core machine ran a 40-second plan/resume test past 60 s. Tests wait on
    // state, never on time, so a limit only ends a hang, and a hang ends the run either way.
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Every values document checks the data it keeps beside it against itself after each edit.
    env: { HELM_MIGRATE_CHECK_MIRROR: '1' },
    globalSetup: ['./test/global-setup.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
