#!/usr/bin/env node
// Shebang shim: the CLI is bundled into dist/ by `npm run build` (npm ci runs it via prepare).
import { main } from '../dist/cli.js';

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  stdin: process.stdin,
});
process.exitCode = code;
