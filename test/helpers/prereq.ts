/**
 * What a test file needs beyond Node: the real charts in ../shared, the extracted helm/kubectl
 * binaries, the built CLI. Missing locally, the tests that need it are skipped and the reason is
 * printed once; missing under CI, the run fails, so a green CI run means every test ran.
 */
import { existsSync } from 'node:fs';
import { hasBinaries, binariesSkipReason } from './binaries.js';
import { hasBuild } from './cli.js';
import { hasRealApiServer } from './real-cluster.js';
import { hasShared, sharedSkipReason } from './shared.js';

const have = { shared: hasShared, binaries: hasBinaries, build: hasBuild, 'real-apiserver': hasRealApiServer };
const why = {
  shared: sharedSkipReason,
  binaries: binariesSkipReason,
  build: 'dist/ not built: run npm test (its global setup builds it)',
  'real-apiserver': 'the real kube-apiserver is not built (npm test builds it with Go: npm run build:kube-apiserver)',
};
const said = new Set<string>();

/** True when everything named is present; otherwise false locally (said on stderr) and an error under CI. */
export function ready(...needs: (keyof typeof have)[]): boolean {
  const missing = needs.filter((n) => !have[n]);
  if (missing.length === 0) return true;
  const reason = missing.map((n) => why[n]).join('; ');
  if (process.env.CI) throw new Error(`a test prerequisite is missing under CI: ${reason}`);
  if (!said.has(reason)) process.stderr.write(`[helm-migrate tests] skipping what needs it: ${reason}\n`);
  said.add(reason);
  return false;
}

/**
 * Whether a file or folder of ../shared a test reads is there: absent locally, the test is
 * skipped (said once); absent under CI, the run fails, as for the prerequisites above.
 */
export function present(path: string, what: string): boolean {
  if (existsSync(path)) return true;
  const reason = `${what} not found at ${path}`;
  if (process.env.CI) throw new Error(`a test prerequisite is missing under CI: ${reason}`);
  if (!said.has(reason)) process.stderr.write(`[helm-migrate tests] skipping what needs it: ${reason}\n`);
  said.add(reason);
  return false;
}
