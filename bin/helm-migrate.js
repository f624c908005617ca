#!/usr/bin/env node
// Shebang shim: the CLI is bundled into dist/ by `npm run build` (npm ci runs it via prepare).
// Node 22+ keeps compiled code between runs (a no-op on Node 20, which lacks the API); it must be
// on before the bundle loads, hence the dynamic import.
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('../dist/cli.js');

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  stdin: process.stdin,
});
process.exitCode = code;
