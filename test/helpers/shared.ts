/**
 * The real charts and reference material live in ../shared beside the repository. Tests that
 * need them skip, saying why, when it is absent; everything else still runs.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import linkerd from '../../migrations/linkerd/index.js';
import type { Pack } from '../../src/core/types.js';
import { findFamily } from '../../src/core/versions.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = process.env.HELM_MIGRATE_SHARED ?? join(repoRoot, '..', 'shared');
export const chartsDir = join(sharedDir, 'charts', 'linkerd');
export const hasShared = existsSync(join(chartsDir, 'README.md'));
export const sharedSkipReason = `../shared/charts/linkerd not found at ${chartsDir}: skipping tests that need the real Linkerd charts`;

if (!hasShared) process.stderr.write(`[helm-migrate tests] ${sharedSkipReason}\n`);

/** `../shared/charts/<pack>`: the real charts of a pack, by release. */
export function packChartsDir(pack: Pack): string {
  return join(sharedDir, 'charts', pack.name);
}

/** `../shared/charts/<pack>/<release folder, or the chart's own source folder>/<chart>`, from the pack's own data. */
export function chartPath(pack: Pack, releaseId: string, chart: string): string {
  const release = pack.releases.find((r) => r.id === releaseId);
  if (!release) throw new Error(`${pack.name} has no release ${releaseId}`);
  const dir = findFamily(pack, chart)?.sourceDir ?? release.dir ?? release.version;
  return join(sharedDir, 'charts', pack.name, dir, chart);
}

export function hasChart(pack: Pack, releaseId: string, chart: string): boolean {
  return existsSync(join(chartPath(pack, releaseId, chart), 'Chart.yaml'));
}

/** A real Linkerd chart by release id: `chartDir('2.9', 'linkerd2')`. */
export function chartDir(release: string, chart: string): string {
  return chartPath(linkerd, release, chart);
}

export const testPki = {
  ca: join(chartsDir, 'test-pki', 'ca.crt'),
  issuerCrt: join(chartsDir, 'test-pki', 'issuer.crt'),
  issuerKey: join(chartsDir, 'test-pki', 'issuer.key'),
  expiry: join(chartsDir, 'test-pki', 'issuer-expiry.txt'),
};
