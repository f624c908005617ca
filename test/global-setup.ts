/**
 * Before any test: build dist/ from the current sources (the CLI tests run what users run,
 * never a stale build), extract the real helm/kubectl binaries (nothing is downloaded), and
 * build the real kube-apiserver from Go modules (once; Go's caches make a rebuild seconds).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './helpers/shared.js';

export default function setup(): void {
  for (const script of ['build.mjs', 'extract-binaries.mjs', 'build-kube-apiserver.mjs']) {
    execFileSync(process.execPath, [join(repoRoot, 'scripts', script)], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}
