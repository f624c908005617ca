/**
 * The real charts and reference material live in ../shared beside the repository. Tests that
 * need them skip, saying why, when it is absent; everything else still runs.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = process.env.HELM_MIGRATE_SHARED ?? join(repoRoot, '..', 'shared');
export const chartsDir = join(sharedDir, 'charts', 'linkerd');
export const hasShared = existsSync(join(chartsDir, 'README.md'));
export const sharedSkipReason = `../shared/charts/linkerd not found at ${chartsDir}: skipping tests that need the real Linkerd charts`;

if (!hasShared) process.stderr.write(`[helm-migrate tests] ${sharedSkipReason}\n`);

/** The directory of a real chart: `chartDir('2.9', 'linkerd2')`. */
export function chartDir(release: string, chart: string): string {
  const dirs: Record<string, string> = {
    '2.8': '2.8.1',
    '2.9': '2.9.5',
    '2.10': '2.10.2',
    '2.11': '2.11.5',
    '2.12': '2.12.6',
    '2.13': '2.13.7',
    '2.14': '2.14.10',
    'edge-26.8.3': 'edge-26.8.3',
  };
  if (chart === 'linkerd-smi') return join(chartsDir, 'linkerd-smi-0.2.7', 'linkerd-smi');
  return join(chartsDir, dirs[release] ?? release, chart);
}

export const testPki = {
  ca: join(chartsDir, 'test-pki', 'ca.crt'),
  issuerCrt: join(chartsDir, 'test-pki', 'issuer.crt'),
  issuerKey: join(chartsDir, 'test-pki', 'issuer.key'),
  expiry: join(chartsDir, 'test-pki', 'issuer-expiry.txt'),
};
