import { availableParallelism } from 'node:os';
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
    // vitest's default is one worker fewer than the cores: one on this 2-core machine, where the
    // suite then ran a file at a time at ~1.2 cores. Tests share no ports, folders or caches
    // (free ports, temporary folders, the render cache written by rename), so every core is used.
    maxWorkers: Math.max(2, availableParallelism()),
    // Every values document checks the data it keeps beside it against itself after each edit.
    env: { HELM_MIGRATE_CHECK_MIRROR: '1' },
    globalSetup: ['./test/global-setup.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
